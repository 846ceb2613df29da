// In Chromium against the built server: a status widget on another origin reads summary.json,
// and the pages render fully under the Content Security Policy (no violation reported).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchBrowser } from '../support/browser';
import { type RunningServer, startServer } from '../support/server';

// A third-party page, as an embeddable widget would be: its own origin, a script that fetches.
function widgetPage(apiUrl: string): string {
  return `<!doctype html><html><body><p id="out">loading</p><script>
    fetch(${JSON.stringify(apiUrl)}).then((r) => r.json())
      .then((d) => { document.getElementById('out').textContent = d.page.name + ': ' + d.status.description; })
      .catch((e) => { document.getElementById('out').textContent = 'failed: ' + e; });
  </script></body></html>`;
}

function watchCsp(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  return violations;
}

describe.skipIf(!hasChromium)('Statuspage API and pages in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let widget: Server;
  let widgetUrl: string;
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    widget = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(widgetPage(`${server.url}/eu/api/v2/summary.json`)));
    await new Promise<void>((ok) => widget.listen(0, 'localhost', ok));
    widgetUrl = `http://localhost:${(widget.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    widget?.close();
  });

  it('a widget on another origin reads /eu/api/v2/summary.json', async () => {
    const page = await browser.newPage();
    await page.goto(widgetUrl);
    await page.waitForFunction(() => document.getElementById('out')?.textContent !== 'loading');
    await expect(page.locator('#out').textContent()).resolves.toBe('EU platform: All Systems Operational');
    await page.close();
  });

  it('renders the public pages styled and without a CSP violation', async () => {
    const incidents = (await (await fetch(`${server.url}/eu/api/v2/incidents.json`)).json()) as { incidents: { id: string }[] };
    const upcoming = (await (await fetch(`${server.url}/eu/api/v2/scheduled-maintenances/upcoming.json`)).json()) as {
      scheduled_maintenances: { id: string }[];
    };
    const paths = ['/', '/eu', `/eu/incidents/${incidents.incidents[0]!.id}`, `/eu/maintenance/${upcoming.scheduled_maintenances[0]!.id.slice(1)}`];
    for (const path of paths) {
      const page = await browser.newPage();
      const violations = watchCsp(page);
      const res = await page.goto(server.url + path);
      expect(res?.status(), path).toBe(200);
      expect(res?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
      // The inline stylesheet applied: the page is not the browser's unstyled default.
      const margin = await page.evaluate(() => getComputedStyle(document.body).margin);
      expect(margin, path).toBe('0px');
      expect(violations, path).toEqual([]);
      await page.close();
    }
  });
});
