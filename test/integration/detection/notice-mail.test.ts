// The operators' detection mail escapes what admins and alerts put into it.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { renderDetectionNoticeMail } from '../../../api/detection/notice-mail';
import type { DetectionNoticePayload } from '../../../api/services/detection/operator-notices';
import { createTestContext, type TestContext } from '../../support/context';

let ctx: TestContext;
beforeEach(() => (ctx = createTestContext({ seed: false })));
afterEach(() => ctx.close());

it('escapes a hostile title and service name in the HTML, and keeps the subject on one line', () => {
  const payload: DetectionNoticePayload = {
    key: 'k', operatorId: 1, event: 'detected', platform: { slug: 'eu', name: 'EU platform', timeZone: 'Europe/Berlin' },
    service: 'SMTP<img src=x onerror=alert(1)>', at: '2026-11-23T09:42:00Z', incidentId: 7, outageId: 3, title: '<script>alert(2)</script>\r\nBcc: x@evil', until: null,
  };
  const mail = renderDetectionNoticeMail(ctx, { payload: JSON.stringify(payload) } as Parameters<typeof renderDetectionNoticeMail>[1]);
  expect(mail.html).not.toContain('<script>');
  expect(mail.html).not.toContain('<img src=x');
  expect(mail.html).toContain('&lt;script&gt;');
  expect(mail.subject).not.toMatch(/[\r\n]/);
  expect(mail.subject).toContain('[EU][Operator] Outage detected: SMTP');
  expect(mail.text).toContain('10:42');
  expect(mail.text).toContain('/admin/incidents/7');
});
