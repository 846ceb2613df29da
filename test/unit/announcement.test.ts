import { describe, expect, it } from 'vitest';
import { isAnnouncementCurrent } from '../../api/domain/announcement';

const at = (iso: string) => new Date(iso);
const now = at('2026-11-23T09:00:00Z');

describe('isAnnouncementCurrent', () => {
  it.each([
    ['published now, no end', { publishedAt: now, endsAt: null }, true],
    ['published earlier, no end', { publishedAt: at('2026-01-01T00:00:00Z'), endsAt: null }, true],
    ['ends a millisecond from now', { publishedAt: at('2026-11-22T09:00:00Z'), endsAt: at('2026-11-23T09:00:00.001Z') }, true],
    ['ends exactly now', { publishedAt: at('2026-11-22T09:00:00Z'), endsAt: now }, false],
    ['ended yesterday', { publishedAt: at('2026-11-20T09:00:00Z'), endsAt: at('2026-11-22T09:00:00Z') }, false],
    ['published in the future', { publishedAt: at('2026-11-23T09:00:01Z'), endsAt: null }, false],
  ])('%s: %s', (_name, times, expected) => {
    expect(isAnnouncementCurrent(times, now)).toBe(expected);
  });
});
