// The history bar's day links are built as a string, not by Astro: they must escape hostile
// incident titles as Astro would and keep the labels, classes and tab order.
import { describe, expect, it } from 'vitest';
import { renderDayLinks } from '../../site/lib/history-bar';

describe('renderDayLinks', () => {
  it('escapes a hostile incident title inside the accessible name', () => {
    const html = renderDayLinks([{ date: '2026-09-05', impact: 'major_outage', hadMaintenance: false, incidents: ['"><script>alert(1)</script> & co'] }], 'eu');
    expect(html, 'the title must not close the attribute').toBe(
      '<a href="/eu/history?day=2026-09-05" class="d-major_outage" aria-label="5 Sept: major outage – &#34;><script>alert(1)</script> &#38; co"></a>',
    );
  });

  it('keeps quiet days out of the tab order and names maintenance', () => {
    const html = renderDayLinks([
      { date: '2026-01-31', impact: 'operational', hadMaintenance: false, incidents: [] },
      { date: '2026-02-01', impact: 'operational', hadMaintenance: true, incidents: [] },
      { date: '2026-02-02', impact: 'partial_outage', hadMaintenance: true, incidents: ['Slow sync', 'Failed logins'] },
    ], 'us');
    expect(html).toBe(
      '<a href="/us/history?day=2026-01-31" class="d-operational" aria-label="31 Jan: no incidents" tabindex="-1"></a>' +
        '<a href="/us/history?day=2026-02-01" class="d-operational d-maint" aria-label="1 Feb: no incidents – maintenance"></a>' +
        '<a href="/us/history?day=2026-02-02" class="d-partial_outage d-maint" aria-label="2 Feb: partial outage – Slow sync; Failed logins – maintenance"></a>',
    );
  });
});
