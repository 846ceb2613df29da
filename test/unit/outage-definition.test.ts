// The runbook's outage definition: bad checks for forSeconds make an outage; max(3 checks, 2 min)
// of good checks recover it; single checks in between change nothing.
import { describe, expect, it } from 'vitest';
import { type CheckResult, combineLocations, evaluateOutage, type OutageVerdict } from '../../api/domain/outage-definition';

const T0 = Date.parse('2026-11-23T10:00:00Z');
const def = { slowerThanSeconds: 30, forSeconds: 900 };
// One check a minute; 'g' good (1 s), 's' slow (31 s), 'f' failed, '.' no check that minute.
function checks(pattern: string, startMinute = 0): CheckResult[] {
  return [...pattern].flatMap((c, i) => {
    if (c === '.') return [];
    const at = new Date(T0 + (startMinute + i) * 60_000);
    return [{ at, durationMs: c === 's' ? 31_000 : c === 'f' ? 50 : 1000, ok: c !== 'f' }];
  });
}
const minute = (m: number) => new Date(T0 + m * 60_000);
const ok = { state: 'ok' } as const;

describe('onset: every check over the last forSeconds was bad', () => {
  const cases: { name: string; pattern: string; expected: OutageVerdict }[] = [
    { name: 'all good', pattern: 'g'.repeat(20), expected: ok },
    { name: '15 minutes of bad checks (16 checks: minute 0 to 15) meet it', pattern: 's'.repeat(16), expected: { state: 'out', since: minute(0), detectedAt: minute(15) } },
    { name: '14 minutes of bad checks do not', pattern: 's'.repeat(15), expected: ok },
    { name: 'failed and slow checks both count as bad', pattern: 'sfsfsfsfsfsfsfsf', expected: { state: 'out', since: minute(0), detectedAt: minute(15) } },
    { name: 'a check exactly at the limit (30 s) is not slow', pattern: 'g'.repeat(5), expected: ok },
    { name: 'a good check in the middle of a bad run restarts the clock', pattern: 'ssssssssgssssssssss', expected: ok },
    { name: 'the clock restarted by a good check runs out 15 minutes after it', pattern: 'ssssssssg' + 's'.repeat(16), expected: { state: 'out', since: minute(9), detectedAt: minute(24) } },
    { name: 'a good last check is never out', pattern: 's'.repeat(20) + 'g', expected: ok },
    { name: 'flapping good/bad never opens an outage', pattern: 'sg'.repeat(20), expected: ok },
    { name: 'gaps in the checks: the run still covers 15 minutes', pattern: 's.....s.....s...s', expected: { state: 'out', since: minute(0), detectedAt: minute(16) } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const list = checks(c.pattern);
      const now = list.at(-1)!.at;
      expect(evaluateOutage({ definition: def, checks: list, previous: ok, now, staleAfterMs: 180_000 })).toEqual(c.expected);
    });
  }

  it('slower than slowerThanSeconds is strict: 30.001 s is bad, 30 s is good', () => {
    const at = (m: number, ms: number) => ({ at: minute(m), durationMs: ms, ok: true });
    const d = { slowerThanSeconds: 30, forSeconds: 60 };
    expect(evaluateOutage({ definition: d, checks: [at(0, 30_001), at(1, 30_001)], previous: ok, now: minute(1), staleAfterMs: 60_000 }).state).toBe('out');
    expect(evaluateOutage({ definition: d, checks: [at(0, 30_000), at(1, 30_000)], previous: ok, now: minute(1), staleAfterMs: 60_000 }).state).toBe('ok');
  });

  it('no checks, or only stale ones: unknown', () => {
    expect(evaluateOutage({ definition: def, checks: [], previous: ok, now: minute(0), staleAfterMs: 1 })).toEqual({ state: 'unknown' });
    expect(evaluateOutage({ definition: def, checks: checks('s'.repeat(16)), previous: ok, now: minute(30), staleAfterMs: 180_000 })).toEqual({ state: 'unknown' });
  });
});

describe('recovery: good for max(3 checks, 2 minutes)', () => {
  const out = { state: 'out', since: minute(0), detectedAt: minute(15) } as const;
  const cases: { name: string; pattern: string; interval?: number; expected: OutageVerdict }[] = [
    { name: 'still bad: stays out', pattern: 's'.repeat(20), expected: out },
    { name: 'two good checks are not enough', pattern: 's'.repeat(16) + 'gg', expected: out },
    { name: 'three good checks over 2 minutes recover', pattern: 's'.repeat(16) + 'ggg', expected: { state: 'recovered', since: minute(16) } },
    { name: 'a bad check among the good ones restarts recovery', pattern: 's'.repeat(16) + 'ggsgg', expected: out },
    { name: 'flapping while out keeps the outage open', pattern: 's'.repeat(16) + 'gsgsgsgs', expected: out },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const list = checks(c.pattern);
      expect(evaluateOutage({ definition: def, checks: list, previous: out, now: list.at(-1)!.at, staleAfterMs: 180_000 })).toEqual(c.expected);
    });
  }

  it('with checks every 10 s, 3 good checks are not 2 minutes: recovery waits for the 2 minutes', () => {
    const list: CheckResult[] = [];
    for (let s = 0; s <= 130; s += 10) list.push({ at: new Date(T0 + s * 1000), durationMs: 100, ok: true });
    const short = list.filter((c) => c.at.getTime() - T0 < 120_000);
    const prev = { state: 'out', since: new Date(T0 - 900_000), detectedAt: new Date(T0 - 1) } as const;
    expect(evaluateOutage({ definition: def, checks: short, previous: prev, now: short.at(-1)!.at, staleAfterMs: 60_000 })).toEqual(prev);
    expect(evaluateOutage({ definition: def, checks: list, previous: prev, now: list.at(-1)!.at, staleAfterMs: 60_000 })).toEqual({ state: 'recovered', since: new Date(T0) });
  });

  it('while out, a probe that stops reporting does not end the outage', () => {
    expect(evaluateOutage({ definition: def, checks: [], previous: out, now: minute(40), staleAfterMs: 180_000 })).toEqual(out);
  });
});

describe('several locations: a majority decides', () => {
  const outAt = (since: number, detected: number): OutageVerdict => ({ state: 'out', since: minute(since), detectedAt: minute(detected) });
  it('one of two locations out is not a majority', () => {
    expect(combineLocations([outAt(0, 15), ok], ok)).toEqual(ok);
  });
  it('two of three out: out, detected when the second one met the definition', () => {
    expect(combineLocations([outAt(0, 15), ok, outAt(2, 17)], ok)).toEqual({ state: 'out', since: minute(0), detectedAt: minute(17) });
  });
  it('locations without data do not vote', () => {
    expect(combineLocations([outAt(0, 15), { state: 'unknown' }], ok).state).toBe('out');
  });
  it('a lower quorum (any location) makes one location enough', () => {
    expect(combineLocations([outAt(0, 15), ok, ok], ok, 0).state).toBe('out');
  });
  it('while out, recovery needs the majority no longer out', () => {
    const prev = { state: 'out', since: minute(0), detectedAt: minute(15) } as const;
    expect(combineLocations([prev, prev, { state: 'recovered', since: minute(30) }], prev)).toEqual(prev);
    expect(combineLocations([prev, { state: 'recovered', since: minute(30) }, { state: 'recovered', since: minute(31) }], prev)).toEqual({ state: 'recovered', since: minute(31) });
  });
});
