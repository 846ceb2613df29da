// formatLocal and formatRange use cached Intl formatters instead of luxon: they must print what
// luxon printed, in every kind of zone and across DST changes.
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { formatLocal, formatRange } from '../../api/lib/format-time';

const ZONES = ['Europe/Berlin', 'America/New_York', 'UTC', 'Asia/Kolkata', 'America/St_Johns', 'Pacific/Chatham', 'Australia/Lord_Howe', 'Pacific/Kiritimati', 'Etc/GMT+5'];
const INSTANTS = [
  '2026-03-29T00:59:59.999Z', '2026-03-29T01:00:00Z', '2026-10-25T00:30:00Z', '2026-10-25T01:30:00Z', // EU DST
  '2026-03-08T06:59:00Z', '2026-03-08T07:00:00Z', '2026-11-01T05:30:00Z', '2026-11-01T06:30:00Z', // US DST
  '2026-12-31T23:59:30Z', '2027-01-01T00:00:00Z', '2028-02-29T12:00:00Z', '2026-09-05T22:15:00Z', '1999-12-31T23:00:00.500Z',
].map((s) => new Date(s));

const luxonLocal = (at: Date, zone: string) => DateTime.fromJSDate(at, { zone }).toFormat("ccc d LLL yyyy, HH:mm 'UTC'ZZ");
const luxonRange = (from: Date, to: Date, zone: string) => {
  const a = DateTime.fromJSDate(from, { zone });
  const b = DateTime.fromJSDate(to, { zone });
  const end = a.hasSame(b, 'day') ? b.toFormat('HH:mm') : b.toFormat('ccc d LLL yyyy, HH:mm');
  return `${a.toFormat('ccc d LLL yyyy, HH:mm')} – ${end} (UTC${a.toFormat('ZZ')})`;
};

describe('formatLocal and formatRange print what luxon printed', () => {
  for (const zone of ZONES) {
    it(`in ${zone}`, () => {
      for (const at of INSTANTS) {
        expect(formatLocal(at, zone), `${at.toISOString()} in ${zone}`).toBe(luxonLocal(at, zone));
        for (const hours of [1, 2, 5, 26]) {
          const to = new Date(at.getTime() + hours * 3_600_000);
          expect(formatRange(at, to, zone), `${at.toISOString()} + ${hours} h in ${zone}`).toBe(luxonRange(at, to, zone));
        }
      }
    });
  }

  it('falls back to luxon for a zone Intl does not know', () => {
    const at = new Date('2026-12-01T10:00:00Z');
    expect(formatLocal(at, 'UTC+3')).toBe(luxonLocal(at, 'UTC+3'));
    expect(formatLocal(at, 'Not/AZone')).toBe(luxonLocal(at, 'Not/AZone'));
  });
});
