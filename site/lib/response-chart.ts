// The last hour's response times as SVG geometry (rendered on the server, no chart library):
// one bar per minute scaled to the slowest minute or the outage threshold, bad minutes marked.
import type { ResponseMinute } from '../../api/services/detection/public-detection';

export type ChartBar = { x: number; y: number; height: number; isBad: boolean; label: string };
export type Chart = { width: number; height: number; bars: ChartBar[]; thresholdY: number | null; summary: string };

const WIDTH = 240;
const HEIGHT = 40;
const BAR = WIDTH / 60;

export function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms >= 10_000 ? 0 : 1)} s` : `${Math.round(ms)} ms`;
}

export function buildResponseChart(minutes: ResponseMinute[], now: Date, thresholdMs: number): Chart {
  const start = Math.floor(now.getTime() / 60_000) * 60_000 - 59 * 60_000;
  const top = Math.max(thresholdMs * 1.2, ...minutes.map((m) => m.averageMs), 1);
  const bars = minutes.map((m) => {
    const height = Math.max(1, (Math.min(m.averageMs, top) / top) * HEIGHT);
    const x = ((m.at.getTime() - start) / 60_000) * BAR;
    return { x, y: HEIGHT - height, height, isBad: m.isBad, label: `${formatMs(m.averageMs)}${m.isBad ? ' (bad)' : ''}` };
  });
  const avg = minutes.length ? minutes.reduce((a, m) => a + m.averageMs, 0) / minutes.length : 0;
  const worst = minutes.length ? Math.max(...minutes.map((m) => m.maxMs)) : 0;
  const bad = minutes.filter((m) => m.isBad).length;
  const summary = minutes.length
    ? `Response time over the last hour: average ${formatMs(avg)}, slowest ${formatMs(worst)}${bad ? `, ${bad} minute${bad === 1 ? '' : 's'} slow or failing` : ''}.`
    : 'No measurements in the last hour.';
  const thresholdY = thresholdMs <= top ? HEIGHT - (thresholdMs / top) * HEIGHT : null;
  return { width: WIDTH, height: HEIGHT, bars, thresholdY, summary };
}
