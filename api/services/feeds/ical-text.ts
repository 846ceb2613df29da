// iCalendar (RFC 5545) text: values escaped as TEXT, lines folded at 75 octets, CRLF endings.
// Every user-provided value passes through escapeText; the writer never concatenates raw text.

export function escapeText(value: string): string {
  return value
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '')
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

export function utcStamp(at: Date): string {
  return at.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

// Folds after 75 octets without splitting a UTF-8 character.
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch);
    const limit = parts.length === 0 ? 75 : 74; // continuation lines start with a space
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

export type IcsProperty = [name: string, value: string, kind?: 'text' | 'raw'];

export function renderIcs(calendar: IcsProperty[], events: IcsProperty[][]): string {
  const line = ([name, value, kind = 'text']: IcsProperty) => foldLine(`${name}:${kind === 'text' ? escapeText(value) : value}`);
  const lines = ['BEGIN:VCALENDAR', ...calendar.map(line)];
  for (const event of events) lines.push('BEGIN:VEVENT', ...event.map(line), 'END:VEVENT');
  lines.push('END:VCALENDAR');
  return `${lines.join('\r\n')}\r\n`;
}
