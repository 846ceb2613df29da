// The 90 day links of a service's history bar as one HTML string. Rendered by Astro one element
// and attribute at a time they took a large share of the page's render (4 services x 90 days).
// Escaped exactly as Astro escapes attribute values (& and "), so the bytes are the same.
import type { HistoryDay } from '../../api/domain/history';
import { SERVICE_LABELS } from '../../api/domain/status-rollup';

// Built once: an Intl formatter per label was most of the page's cost.
const SHORT_DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
const shortDates = new Map<string, string>();

function shortDate(date: string): string {
  let text = shortDates.get(date);
  if (text === undefined) {
    if (shortDates.size > 1_000) shortDates.clear();
    text = SHORT_DATE.format(new Date(`${date}T12:00:00Z`));
    shortDates.set(date, text);
  }
  return text;
}

const NEEDS_ESCAPE = /[&"]/;

export function escapeAttribute(value: string): string {
  return NEEDS_ESCAPE.test(value) ? value.replace(/&/g, '&#38;').replace(/"/g, '&#34;') : value;
}

// The day's accessible name: date, state, the incidents by name, maintenance.
export function dayLabel(d: HistoryDay): string {
  let label = `${shortDate(d.date)}: ${d.impact === 'operational' ? 'no incidents' : SERVICE_LABELS[d.impact].toLowerCase()}`;
  if (d.incidents.length) label += ` – ${d.incidents.join('; ')}`;
  if (d.hadMaintenance) label += ' – maintenance';
  return label;
}

// Days with nothing to tell stay out of the tab order.
export function renderDayLinks(days: HistoryDay[], platform: string): string {
  const base = `/${escapeAttribute(platform)}/history?day=`;
  let html = '';
  for (const d of days) {
    const isQuiet = d.impact === 'operational' && !d.hadMaintenance;
    html += `<a href="${base}${escapeAttribute(d.date)}" class="d-${d.impact}${d.hadMaintenance ? ' d-maint' : ''}" aria-label="${escapeAttribute(dayLabel(d))}"${isQuiet ? ' tabindex="-1"' : ''}></a>`;
  }
  return html;
}
