// Reading times from forms and the API: local times in the platform's zone, DST gaps refused with
// the zone named, impossible offsets refused, and the horizon check.
import { describe, expect, it } from 'vitest';
import { beyondHorizon, checkInstant, parseInstant } from '../../api/lib/instant';

const BERLIN = 'Europe/Berlin';
const NEW_YORK = 'America/New_York';

describe('checkInstant', () => {
  const accepted: [string, string, string][] = [
    ['a plain local time in winter', '2027-01-10T10:00', '2027-01-10T09:00:00.000Z'],
    ['a plain local time in summer', '2027-07-10T10:00', '2027-07-10T08:00:00.000Z'],
    ['a space instead of T', '2027-07-10 10:00', '2027-07-10T08:00:00.000Z'],
    ['with seconds', '2027-07-10T10:00:30', '2027-07-10T08:00:30.000Z'],
    ['just before the spring gap', '2027-03-28T01:59', '2027-03-28T00:59:00.000Z'],
    ['the first minute after the gap', '2027-03-28T03:00', '2027-03-28T01:00:00.000Z'],
    ['the autumn overlap (as before: the later of the two)', '2027-10-31T02:30', '2027-10-31T01:30:00.000Z'],
    ['UTC', '2027-03-28T02:30Z', '2027-03-28T02:30:00.000Z'],
    ['an offset of +14:00', '2027-03-28T02:30+14:00', '2027-03-27T12:30:00.000Z'],
    ['an offset of -12:00', '2027-03-28T02:30-12:00', '2027-03-28T14:30:00.000Z'],
    ['an offset without colon', '2027-03-28T02:30+0530', '2027-03-27T21:00:00.000Z'],
  ];
  for (const [name, text, iso] of accepted) {
    it(`accepts ${name}: ${text}`, () => {
      const result = checkInstant(text, BERLIN);
      expect(result.error, `${text} refused`).toBeUndefined();
      expect(result.at!.toISOString()).toBe(iso);
    });
  }

  const refused: [string, string, string, RegExp][] = [
    ['the Berlin spring gap', '2027-03-28T02:30', BERLIN, /^2027-03-28T02:30 does not exist in Europe\/Berlin \(clocks go forward\)$/],
    ['the first minute of the gap', '2027-03-28T02:00', BERLIN, /does not exist in Europe\/Berlin/],
    ['the last minute of the gap', '2027-03-28T02:59', BERLIN, /does not exist in Europe\/Berlin/],
    ['the New York spring gap', '2027-03-14T02:15', NEW_YORK, /^2027-03-14T02:15 does not exist in America\/New_York/],
    ['an offset beyond +14:00', '2027-03-28T02:30+14:01', BERLIN, /impossible UTC offset \+14:01/],
    ['an offset of +23:59', '2027-03-28T02:30+23:59', BERLIN, /impossible UTC offset/],
    ['an offset of -15:00', '2027-03-28T02:30-15:00', BERLIN, /impossible UTC offset -15:00/],
    ['the 30th of February', '2027-02-30T10:00', BERLIN, /not a valid date and time/],
    ['hour 24', '2027-02-10T24:30', BERLIN, /not a valid date and time/],
    ['words', 'tomorrow', BERLIN, /not a valid date and time/],
    ['a bare year', '2027', BERLIN, /not a valid date and time|too/],
  ];
  for (const [name, text, zone, message] of refused) {
    it(`refuses ${name}: ${text}`, () => {
      const result = checkInstant(text, zone);
      expect(result.at, `${text} accepted as ${result.at?.toISOString()}`).toBeUndefined();
      expect(result.error).toMatch(message);
      expect(parseInstant(text, zone)).toBeNull();
    });
  }
});

describe('beyondHorizon', () => {
  const now = new Date('2027-01-01T00:00:00Z');
  const cases: [string, string, number, boolean][] = [
    ['exactly at the horizon', '2027-01-31T00:00:00Z', 30, false],
    ['a minute past it', '2027-01-31T00:01:00Z', 30, true],
    ['the year 2100', '2100-01-01T00:00:00Z', 365, true],
    ['in the past', '2026-12-01T00:00:00Z', 30, false],
  ];
  for (const [name, at, days, isBeyond] of cases) {
    it(`${name} (${days} days): ${isBeyond ? 'refused' : 'fine'}`, () => {
      const message = beyondHorizon(new Date(at), now, days);
      if (isBeyond) expect(message).toBe(`is too far ahead (at most ${days} days from now)`);
      else expect(message).toBeNull();
    });
  }
});
