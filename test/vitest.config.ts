import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: resolve(import.meta.dirname, '..'),
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    // Generous: on a 2-core machine shared with other work a 20,000-address fan-out or twenty
    // scrypt sign-ins can take well over 30 s. Timings are measured by the benchmarks, never here.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    env: { NODE_ENV: 'test', ASTRO_TELEMETRY_DISABLED: '1' },
  },
});
