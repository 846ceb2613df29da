// The dispatcher reads the brand (mail footers, the sender's name) through api/lib, never through
// the site services, which themselves queue mail for the dispatcher: no dispatch -> services/site edge.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../..');
const dispatchDir = join(root, 'api/dispatch');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []);
}

// Every relative module a file imports or re-exports, as a path from the repository root.
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"](\.[^'"]+)['"]/g)].map((m) => m[1]!);
  return specifiers.map((s) => relative(root, resolve(dirname(file), s)).replace(/\\/g, '/'));
}

describe('api/dispatch and the brand', () => {
  it('reads the brand without importing api/services/site', () => {
    const files = sourceFiles(dispatchDir);
    expect(files.length, 'the dispatcher sources are found').toBeGreaterThan(5);
    const edges = files.flatMap((f) => importsOf(f).filter((to) => to.startsWith('api/services/site')).map((to) => `${relative(root, f)} -> ${to}`));
    expect(edges, 'dispatch modules importing the site services').toEqual([]);
  });

  it('still reads it where the mails are made (the footer and the sender)', () => {
    for (const file of ['api/dispatch/render/layout.ts', 'api/dispatch/send-batch.ts']) {
      expect(importsOf(join(root, file)), file).toContain('api/lib/brand');
    }
  });
});
