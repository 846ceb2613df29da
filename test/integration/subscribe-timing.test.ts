// Benchmark-style: the subscribe API must not tell by its timing whether an address is new, pending
// or already active. Medians of many interleaved samples per case, printed, with a generous bound.
// (`npm run bench:subscribe-timing` runs only this file.)
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../api/routes/app';
import { confirmSubscription } from '../../api/services/subscriptions/confirm';
import { subscribe } from '../../api/services/subscriptions/subscribe';
import { createTestContext, type TestContext } from '../support/context';
import { confirmationTokenOf, statesOf } from './subscriptions-helpers';

const SAMPLES = Number(process.env.TIMING_SAMPLES ?? 200);
const CASES = ['new', 'pending', 'active'] as const;
type Case = (typeof CASES)[number];
const lists = { platforms: ['eu'], lists: ['incident'] };
const limits = { SUBSCRIBE_LIMIT_PER_IP: '1000000', SUBSCRIBE_LIMIT_PER_ADDRESS: '1000000', SUBSCRIBE_MAX_PENDING: '1000000' };

let ctx: TestContext;
beforeAll(() => (ctx = createTestContext({ env: limits })));
afterAll(() => ctx.close());

const address = (kind: Case, i: number) => `${kind}-${i}@timing.example`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe('subscribe timing', () => {
  it(`new, pending and active addresses take the same time (${SAMPLES} interleaved samples each)`, async () => {
    // The known addresses, made the way a visitor makes them.
    for (let i = 0; i < SAMPLES; i++) {
      await subscribe(ctx, { emails: [address('pending', i), address('active', i)], ...lists }, { ip: '198.51.100.1' });
      confirmSubscription(ctx, { token: confirmationTokenOf(ctx, address('active', i)) });
    }
    expect(statesOf(ctx, address('pending', 0))).toEqual(['eu:incident:pending']);
    expect(statesOf(ctx, address('active', 0))).toEqual(['eu:incident:active']);

    const api = createApi(ctx);
    const post = async (email: string) => {
      const started = performance.now();
      const res = await api.request('/api/v1/subscriptions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ emails: [email], ...lists }) });
      const ms = performance.now() - started;
      expect(res.status).toBe(202);
      return ms;
    };
    for (let i = 0; i < 20; i++) await post(`warm-${i}@timing.example`);
    const times: Record<Case, number[]> = { new: [], pending: [], active: [] };
    for (let i = 0; i < SAMPLES; i++) {
      // Rotate the order so no case always runs first.
      for (let k = 0; k < CASES.length; k++) {
        const kind = CASES[(i + k) % CASES.length]!;
        times[kind].push(await post(address(kind, i)));
      }
      // What the dispatcher does between requests (outside the timed path): the states stay as named.
      statesOf(ctx, address('new', i));
    }
    expect(statesOf(ctx, address('active', 0))).toEqual(['eu:incident:active']);
    const medians = Object.fromEntries(CASES.map((k) => [k, median(times[k])])) as Record<Case, number>;
    const spread = Math.max(...Object.values(medians)) - Math.min(...Object.values(medians));
    const fastest = Math.min(...Object.values(medians));
    console.log(`subscribe timing, median of ${SAMPLES}: ${CASES.map((k) => `${k} ${medians[k].toFixed(2)} ms`).join(', ')}; spread ${spread.toFixed(2)} ms`);
    expect(spread <= 2 || spread <= fastest * 0.3, `medians differ by ${spread.toFixed(2)} ms: ${JSON.stringify(medians)}`).toBe(true);
  }, 300_000);
});
