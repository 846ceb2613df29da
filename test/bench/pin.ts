// Benchmarks on a shared machine: with two or more cores and Linux's taskset, the load generator
// (the benchmark's own process) goes on core 0 and the server (every thread) on core 1, as if the
// load came from other machines: the generator no longer takes CPU from the server or the other
// way round, and figures stop depending on where the scheduler happened to put each thread.
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';

export function pinToCore(pid: number, core: number): boolean {
  if (process.platform !== 'linux' || cpus().length < 2) return false;
  try {
    execFileSync('taskset', ['-a', '-p', '-c', String(core), String(pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
