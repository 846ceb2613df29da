// Uptime over a period from outage spans, as Statuspage counts it: a major outage counts fully, a
// partial outage at 30 %, degraded performance and maintenance not at all.
import type { Impact } from './status-rollup';

export const IMPACT_WEIGHT: Record<Impact, number> = {
  operational: 0,
  degraded_performance: 0,
  partial_outage: 0.3,
  major_outage: 1,
};

export type Span = { impact: Impact; from: Date; to: Date | null };

// Overlapping spans count once, at the worst impact in force.
export function downtimeMs(spans: Span[], from: Date, to: Date): number {
  const clipped = spans
    .map((s) => ({ w: IMPACT_WEIGHT[s.impact], a: Math.max(s.from.getTime(), from.getTime()), b: Math.min((s.to ?? to).getTime(), to.getTime()) }))
    .filter((s) => s.w > 0 && s.b > s.a);
  const points = [...new Set(clipped.flatMap((s) => [s.a, s.b]))].sort((x, y) => x - y);
  let total = 0;
  for (let k = 0; k + 1 < points.length; k++) {
    const [a, b] = [points[k]!, points[k + 1]!];
    const w = Math.max(0, ...clipped.filter((s) => s.a <= a && s.b >= b).map((s) => s.w));
    total += w * (b - a);
  }
  return total;
}

// Percentage with two decimals, rounded down so a bad minute never reads as 100.00 %.
export function uptimePercent(spans: Span[], from: Date, to: Date): number {
  const period = to.getTime() - from.getTime();
  if (period <= 0) return 100;
  const up = 1 - downtimeMs(spans, from, to) / period;
  return Math.floor(up * 10_000) / 100;
}

export function formatPercent(value: number): string {
  return `${value.toFixed(2)} %`;
}
