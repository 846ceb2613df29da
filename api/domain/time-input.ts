// Times typed into forms have minute precision: a time up to a minute ago still counts as "now".
export const PAST_TOLERANCE_MS = 60_000;

export function isInThePast(at: Date, now: Date): boolean {
  return at.getTime() < now.getTime() - PAST_TOLERANCE_MS;
}
