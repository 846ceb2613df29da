// SMTP probe: banner 220, EHLO 250, STARTTLS when offered (required with ?starttls=required),
// EHLO again over TLS, QUIT. smtps:// speaks TLS from the start.
import type { LineSession } from './line-session';
import { ProbeFailure } from './types';

// A multi-line reply ends with "code SP text"; "code-text" lines continue it.
async function reply(session: LineSession, expected: string, step: string): Promise<string[]> {
  const lines = await session.readUntil((l) => /^\d{3}(?: |$)/.test(l));
  const code = lines.at(-1)!.slice(0, 3);
  if (code !== expected) throw new ProbeFailure(`${step}: expected ${expected}, got ${code}`);
  return lines;
}

export async function smtpDialogue(session: LineSession, url: URL, isTls: boolean): Promise<void> {
  await reply(session, '220', 'banner');
  session.send('EHLO status-probe.invalid');
  let ehlo = await reply(session, '250', 'EHLO');
  const offersStartTls = ehlo.some((l) => /^250[ -]STARTTLS\b/i.test(l));
  const isRequired = url.searchParams.get('starttls') === 'required';
  if (!isTls && isRequired && !offersStartTls) throw new ProbeFailure('STARTTLS is required but not offered');
  if (!isTls && offersStartTls) {
    session.send('STARTTLS');
    await reply(session, '220', 'STARTTLS');
    await session.upgrade();
    session.send('EHLO status-probe.invalid');
    ehlo = await reply(session, '250', 'EHLO after STARTTLS');
  }
  session.send('QUIT');
  await reply(session, '221', 'QUIT');
}
