// kill -9 of a separate dispatcher process while a batch is in flight, then a restart: every
// address still gets exactly one mail (the batch is retried with its key after the lease runs out).
import { type ChildProcess, spawn } from 'node:child_process';
import { afterEach, expect, it } from 'vitest';
import { deliveries } from '../../db/schema';
import { createTestContext, type TestContext } from '../support/context';
import { type FakeResend, startFakeResend } from '../support/fake-resend';
import { projectRoot } from '../support/server';
import { addSubscriber, publish } from '../support/dispatch-fixtures';
import { waitFor } from '../support/wait-for';

let fake: FakeResend | undefined;
let ctx: TestContext | undefined;
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  ctx?.close();
  await fake?.close();
});

function spawnDispatcher(env: Record<string, string>): { proc: ChildProcess; output: () => string } {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'api/cli/dispatcher.ts'], {
    cwd: projectRoot, env: { ...process.env, NODE_ENV: 'test', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(proc);
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  return { proc, output: () => out };
}

it('a dispatcher killed mid-send and restarted mails each address exactly once', async () => {
  fake = await startFakeResend();
  ctx = createTestContext();
  const addresses = Array.from({ length: 1200 }, (_, i) => `kill${i}@example.com`);
  for (const a of addresses) addSubscriber(ctx, a);
  publish(ctx, { title: 'SMTP refuses mail' });
  // The 4th request is accepted by the provider but answered only after the process is dead.
  fake.enqueueFailures({ kind: 'slow', ms: 10 }, { kind: 'slow', ms: 10 }, { kind: 'slow', ms: 10 }, { kind: 'slow', ms: 1500 });
  const env = {
    DATABASE_PATH: ctx.config.databasePath, RESEND_API_KEY: 're_test', RESEND_BASE_URL: fake.url,
    RESEND_REQUESTS_PER_SECOND: '10', RESEND_TIMEOUT_MS: '2000',
  };

  const first = spawnDispatcher(env);
  await waitFor(() => fake!.requests.some((r) => r.fault === 'slow' && r.outcome === 'pending'), { what: 'a request in flight', timeoutMs: 40_000 });
  first.proc.kill('SIGKILL');
  await new Promise((r) => first.proc.once('exit', r));
  const sentBeforeKill = fake.messages.length;
  expect(sentBeforeKill).toBeLessThan(addresses.length);

  const second = spawnDispatcher(env);
  await waitFor(() => ctx!.db.select().from(deliveries).all().every((d) => d.state === 'sent'), { what: 'every delivery sent', timeoutMs: 40_000 });
  for (const a of addresses) expect(fake.mailsTo(a), a).toHaveLength(1);
  expect(fake.messages).toHaveLength(addresses.length);
  // The batch cut off by the kill went again under the same key and was deduplicated.
  expect(fake.requests.some((r) => r.outcome === 'replayed' || r.status === 409)).toBe(true);

  second.proc.kill('SIGTERM');
  const code = await new Promise((r) => second.proc.once('exit', r));
  expect(code).toBe(0);
  expect(second.output()).toContain('Stopped.');
}, 90_000);
