// The runbook's outage definition per service: a check slower than `slowerThanSeconds`, or failed,
// is bad; the service is out when every check over the last `forSeconds` was bad (a good check
// restarts the clock), and recovered once checks are good for max(3 checks, 2 minutes). Out and
// recovered use different rules, so one good check in a bad run neither opens nor closes anything.
export type OutageDefinition = { slowerThanSeconds: number; forSeconds: number };
export type CheckResult = { at: Date; durationMs: number; ok: boolean };

export type OutageVerdict =
  | { state: 'unknown' }
  | { state: 'ok' }
  | { state: 'out'; since: Date; detectedAt: Date }
  | { state: 'recovered'; since: Date };

export const RECOVERY_MIN_CHECKS = 3;
export const RECOVERY_MIN_MS = 120_000;

export const DEFAULT_OUTAGE_DEFINITION: OutageDefinition = { slowerThanSeconds: 30, forSeconds: 900 };
export const DEFAULT_PROBE_INTERVAL_SECONDS = 60;

export function isBadCheck(check: CheckResult, def: OutageDefinition): boolean {
  return !check.ok || check.durationMs > def.slowerThanSeconds * 1000;
}

export type EvaluateOutageInput = {
  definition: OutageDefinition;
  // Any order; only the ones needed are read.
  checks: CheckResult[];
  // The service's state before these checks: out (with its start) or not.
  previous: { state: 'out'; since: Date; detectedAt: Date } | { state: 'ok' };
  now: Date;
  // No check this recent: the probe is not running, so nothing can be said.
  staleAfterMs: number;
};

export function evaluateOutage(input: EvaluateOutageInput): OutageVerdict {
  const checks = [...input.checks].sort((a, b) => a.at.getTime() - b.at.getTime());
  const latest = checks.at(-1);
  if (!latest || input.now.getTime() - latest.at.getTime() > input.staleAfterMs) {
    return input.previous.state === 'out' ? input.previous : { state: 'unknown' };
  }
  const bad = checks.map((c) => isBadCheck(c, input.definition));
  if (input.previous.state === 'out') return evaluateRecovery(checks, bad, input.previous);
  return evaluateOnset(checks, bad, input.definition);
}

function evaluateOnset(checks: CheckResult[], bad: boolean[], def: OutageDefinition): OutageVerdict {
  if (!bad.at(-1)) return { state: 'ok' };
  const lastGood = bad.lastIndexOf(false);
  const run = checks.slice(lastGood + 1);
  const start = run[0]!.at.getTime();
  const forMs = def.forSeconds * 1000;
  // The first check at which the bad run had covered forSeconds: when the definition was met.
  const meeting = run.find((c) => c.at.getTime() - start >= forMs);
  if (!meeting) return { state: 'ok' };
  return { state: 'out', since: new Date(start), detectedAt: meeting.at };
}

function evaluateRecovery(
  checks: CheckResult[],
  bad: boolean[],
  previous: { state: 'out'; since: Date; detectedAt: Date },
): OutageVerdict {
  const lastBad = bad.lastIndexOf(true);
  const good = checks.slice(lastBad + 1).filter((c) => c.at.getTime() > previous.since.getTime());
  if (good.length < RECOVERY_MIN_CHECKS) return previous;
  const first = good[0]!.at.getTime();
  if (good.at(-1)!.at.getTime() - first < RECOVERY_MIN_MS) return previous;
  return { state: 'recovered', since: new Date(first) };
}

// Several probe locations: the service is out only when at least `quorum` (a fraction, default a
// majority) of the locations that report say so (more than quorum × voters); locations with nothing to say do not vote.
export function combineLocations(
  verdicts: OutageVerdict[],
  previous: EvaluateOutageInput['previous'],
  quorum = 0.5,
): OutageVerdict {
  const voting = verdicts.filter((v) => v.state !== 'unknown');
  if (voting.length === 0) return previous.state === 'out' ? previous : { state: 'unknown' };
  const out = voting.filter((v): v is Extract<OutageVerdict, { state: 'out' }> => v.state === 'out');
  const isOutByQuorum = out.length > voting.length * quorum;
  if (previous.state === 'out') {
    if (isOutByQuorum) return previous;
    const recoveries = voting.filter((v): v is Extract<OutageVerdict, { state: 'recovered' }> => v.state === 'recovered');
    const since = recoveries.map((r) => r.since.getTime()).sort((a, b) => b - a)[0];
    return since === undefined ? previous : { state: 'recovered', since: new Date(since) };
  }
  if (!isOutByQuorum) return { state: 'ok' };
  // The outage is detected when the location that tipped the vote met the definition.
  const sorted = [...out].sort((a, b) => a.detectedAt.getTime() - b.detectedAt.getTime());
  const tipping = sorted[Math.floor(voting.length * quorum)] ?? sorted.at(-1)!;
  const since = Math.min(...out.map((o) => o.since.getTime()));
  return { state: 'out', since: new Date(since), detectedAt: tipping.detectedAt };
}
