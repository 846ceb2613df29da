// POP3 probe: greeting "+OK", CAPA (a -ERR from an old server is fine), USER/PASS when
// credentials are configured, QUIT. pop3s:// speaks TLS from the start.
import type { LineSession } from './line-session';
import { type ProbeCredentials, ProbeFailure } from './types';

async function status(session: LineSession, step: string, allowError = false): Promise<boolean> {
  const line = await session.readLine();
  if (line.startsWith('+OK')) return true;
  if (allowError && line.startsWith('-ERR')) return false;
  throw new ProbeFailure(`${step}: expected +OK, got "${line.slice(0, 4)}"`);
}

export async function pop3Dialogue(session: LineSession, credentials: ProbeCredentials | null | undefined): Promise<void> {
  await status(session, 'greeting');
  session.send('CAPA');
  if (await status(session, 'CAPA', true)) await session.readUntil((l) => l === '.');
  if (credentials) {
    if (/[\r\n]/.test(credentials.user + credentials.password)) throw new ProbeFailure('credentials must not contain line breaks');
    session.send(`USER ${credentials.user}`);
    await status(session, 'USER');
    session.send(`PASS ${credentials.password}`);
    await status(session, 'PASS');
  }
  session.send('QUIT');
  await status(session, 'QUIT');
}
