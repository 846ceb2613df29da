// The node flags an npm script passes before `--import tsx` (package.json "start", "dispatcher"),
// so a benchmark starts its process as `npm start` or `npm run dispatcher` would.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export function nodeFlagsOf(script: string, projectRoot: string): string[] {
  const pkg = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const command = pkg.scripts[script] ?? '';
  const flags = /\bnode((?:\s+--[\w-]+(?:=\S+)?)*)\s+--import tsx\b/.exec(command)?.[1];
  if (flags === undefined) throw new Error(`package.json script "${script}" does not run \`node [flags] --import tsx\`: ${command}`);
  return flags.split(/\s+/).filter(Boolean);
}
