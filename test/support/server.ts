// Starts the real built server (`npm start`'s entry) as a child process on a free port.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const projectRoot = resolve(import.meta.dirname, '../..');

export async function findFreePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => ok(port));
    });
  });
}

export type RunningServer = {
  url: string;
  port: number;
  dbPath: string;
  proc: ChildProcess;
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; ms: number }>;
};

export async function startServer(opts: { env?: Record<string, string>; dbPath?: string; script?: string } = {}): Promise<RunningServer> {
  const port = await findFreePort();
  const dbPath = opts.dbPath ?? join(mkdtempSync(join(tmpdir(), 'statuscast-e2e-')), 'status.db');
  const url = `http://127.0.0.1:${port}`;
  const proc = spawn(process.execPath, ['--import', 'tsx', opts.script ?? 'api/cli/start.ts'], {
    cwd: projectRoot,
    env: { ...process.env, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), PUBLIC_URL: url, DATABASE_PATH: dbPath, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  await new Promise<void>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start in 90 s:\n${out}`)), 90_000);
    const check = () => {
      if (out.includes('Status pages on')) {
        clearTimeout(timer);
        ok();
      }
    };
    proc.stdout!.on('data', check);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`server exited with ${code}:\n${out}`));
    });
  });
  return {
    url,
    port,
    dbPath,
    proc,
    output: () => out,
    stop: (signal = 'SIGTERM') =>
      new Promise((ok) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return ok({ code: proc.exitCode, ms: 0 });
        const started = Date.now();
        proc.once('exit', (code) => ok({ code, ms: Date.now() - started }));
        proc.kill(signal);
      }),
  };
}
