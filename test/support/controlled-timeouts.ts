// A Resend call timeout the test controls instead of the clock: a call times out exactly when the
// fake provider has received it and chose to hang, never because the machine was slow.
import type { StartTimeout } from '../../api/dispatch/transport/resend';
import type { FakeResend, RequestLog } from './fake-resend';

export type HangTimeouts = { startTimeout: StartTimeout; stop(): void };

export function timeOutHangsOf(fake: FakeResend): HangTimeouts {
  const pending = new Map<string, (() => void)[]>();
  const handled = new Set<RequestLog>();
  const poll = setInterval(() => {
    for (const request of fake.requests) {
      if (request.outcome !== 'hang' || handled.has(request) || request.idempotencyKey === null) continue;
      const fire = pending.get(request.idempotencyKey)?.shift();
      if (!fire) continue;
      handled.add(request);
      fire();
    }
  }, 5);
  const startTimeout: StartTimeout = ({ idempotencyKey }, onTimeout) => {
    const list = pending.get(idempotencyKey) ?? [];
    pending.set(idempotencyKey, list);
    list.push(onTimeout);
    return () => {
      const at = list.indexOf(onTimeout);
      if (at >= 0) list.splice(at, 1);
    };
  };
  return { startTimeout, stop: () => clearInterval(poll) };
}
