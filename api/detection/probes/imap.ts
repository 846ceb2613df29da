// IMAP probe: greeting "* OK", CAPABILITY, LOGIN + LOGOUT when credentials are configured
// (LOGOUT alone otherwise). imaps:// speaks TLS from the start.
import type { LineSession } from './line-session';
import { type ProbeCredentials, ProbeFailure } from './types';

// A quoted string per RFC 3501: backslash and double quote escaped; no line breaks allowed.
function quoted(value: string): string {
  if (/[\r\n]/.test(value)) throw new ProbeFailure('credentials must not contain line breaks');
  return `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

async function command(session: LineSession, tag: string, line: string, step: string): Promise<string[]> {
  session.send(`${tag} ${line}`);
  const lines = await session.readUntil((l) => l.startsWith(`${tag} `));
  const status = lines.at(-1)!.slice(tag.length + 1).split(' ')[0];
  if (status !== 'OK') throw new ProbeFailure(`${step}: expected OK, got ${status ?? 'nothing'}`);
  return lines;
}

export async function imapDialogue(session: LineSession, credentials: ProbeCredentials | null | undefined): Promise<void> {
  const greeting = await session.readLine();
  if (!greeting.startsWith('* OK')) throw new ProbeFailure(`greeting: expected "* OK", got "${greeting.slice(0, 40)}"`);
  const caps = await command(session, 'a1', 'CAPABILITY', 'CAPABILITY');
  if (!caps.some((l) => /^\* CAPABILITY /i.test(l))) throw new ProbeFailure('CAPABILITY: no capability list');
  // Never echo the LOGIN line in an error: it holds the password.
  if (credentials) await command(session, 'a2', `LOGIN ${quoted(credentials.user)} ${quoted(credentials.password)}`, 'LOGIN');
  await command(session, 'a3', 'LOGOUT', 'LOGOUT');
}
