// `npm start` builds the pages only when their sources changed since the last build.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Config } from '../config';

export const projectRoot = resolve(import.meta.dirname, '../..');
export const distDir = join(projectRoot, 'dist');
const stampFile = join(distDir, '.source-fingerprint');
export const ALWAYS_ALLOWED_HOSTS = ['localhost', '127.0.0.1'];
const SOURCES = ['site', 'api', 'db', 'astro.config.mjs', 'package-lock.json', 'tsconfig.json'];

function listFiles(path: string): string[] {
  if (!existsSync(path)) return [];
  if (statSync(path).isFile()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .filter((e) => e.name !== 'node_modules' && !e.name.startsWith('.'))
    .flatMap((e) => listFiles(join(path, e.name)));
}

export function fingerprintSources(config: Config): string {
  const hash = createHash('sha256');
  // The public host is baked into Astro's allowed domains at build time (local names always are).
  const host = new URL(config.publicUrl).hostname;
  hash.update(ALWAYS_ALLOWED_HOSTS.includes(host) ? '' : host);
  for (const file of SOURCES.flatMap((s) => listFiles(join(projectRoot, s))).sort()) {
    hash.update(relative(projectRoot, file));
    hash.update(readFileSync(file));
  }
  return hash.digest('hex');
}

export async function buildIfNeeded(config: Config, log: (line: string) => void = console.log): Promise<void> {
  const fingerprint = fingerprintSources(config);
  const entry = join(distDir, 'server', 'entry.mjs');
  if (existsSync(entry) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === fingerprint) return;
  log('Building the pages (first start or changed sources)...');
  const started = Date.now();
  await buildInChildProcess();
  writeFileSync(stampFile, fingerprint);
  log(`Built in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}

// Astro's build (Vite, Rollup) peaks at ~600 MB and its modules would stay loaded in the server for
// good: it runs in a process of its own, with the same environment (astro.config reads it).
function buildInChildProcess(): Promise<void> {
  const script = `const { build } = await import('astro'); await build({ root: ${JSON.stringify(projectRoot)}, logLevel: 'warn' });`;
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', script], {
      cwd: projectRoot,
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
      stdio: 'inherit',
    });
    child.on('error', fail);
    child.on('exit', (code, signal) => (code === 0 ? ok() : fail(new Error(`astro build failed (${signal ?? `exit code ${code}`})`))));
  });
}
