// Operators' small frictions, as an operator or subscriber notices them: the audit log says what
// happened in words, the brand signs every mail (confirmations and warnings too), the mailbox
// preview's links open in a new tab, and one time format is used everywhere.
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { queueOperatorWarnings } from '../../api/dispatch/operator-warnings';
import { formatLocal, formatRange, formatUtc } from '../../api/lib/format-time';
import { describeAuditEntries } from '../../api/services/auth/describe-audit';
import { createOperator } from '../../api/services/auth/operators';
import { listAuditLog } from '../../api/services/auth/record-audit';
import { openIncident } from '../../api/services/incidents/open-incident';
import { getMailboxMessage } from '../../api/services/mail-admin/mailbox';
import { scheduleMaintenance } from '../../api/services/maintenance/schedule-maintenance';
import { updateBrand } from '../../api/services/site/save-brand';
import { removeSubscriber } from '../../api/services/subscriptions/admin/remove-subscriber';
import { subscribe } from '../../api/services/subscriptions/subscribe';
import { mailbox, services, subscribers } from '../../db/schema';
import { adminActor, operatorActor } from '../support/actors';
import { createTestContext, type TestContext } from '../support/context';
import { queued, renderDelivery } from './subscriptions-helpers';

let ctx: TestContext;
beforeEach(() => (ctx = createTestContext({ now: '2026-11-23T09:00:00Z' })));
afterEach(() => ctx.close());

describe('the audit log in words', () => {
  it('says "opened incident \'…\'", "scheduled maintenance \'…\'" and "removed subscriber …"', async () => {
    openIncident(ctx, operatorActor, { platform: 'eu', title: 'Outgoing mail delayed', severity: 2, userImpact: 'Mail leaves late.', message: 'We are investigating.' });
    const imap = ctx.db.select().from(services).where(eq(services.name, 'IMAP')).get()!;
    scheduleMaintenance(ctx, operatorActor, { platform: 'eu', kind: 'planned', title: 'Mailbox storage move', expectedImpact: 'IMAP sessions may drop once.',
      serviceIds: [imap.id], startsAt: '2026-12-01T22:00', endsAt: '2026-12-01T23:00' });
    await subscribe(ctx, { emails: ['leaver@customer.example'], platforms: ['eu'], lists: ['incident'] }, { ip: '192.0.2.1' });
    queued(ctx);
    const subscriber = ctx.db.select().from(subscribers).get()!;
    removeSubscriber(ctx, { id: subscriber.id }, adminActor);
    updateBrand(ctx, adminActor, { name: 'Example Mail' });

    const words = describeAuditEntries(ctx, listAuditLog(ctx).rows);
    expect(words).toEqual([
      "changed the site's brand",
      'removed subscriber l***@customer.example',
      "scheduled maintenance 'Mailbox storage move'",
      "opened incident 'Outgoing mail delayed'",
    ]);
  });
});

describe('the brand in every mail', () => {
  beforeEach(() => updateBrand(ctx, adminActor, { name: 'Example <Mail>', footerText: 'Example GmbH, Berlin' }));

  it('signs the confirmation mail (HTML escaped, and the text part)', async () => {
    await subscribe(ctx, { emails: ['new@customer.example'], platforms: ['eu'], lists: ['incident'] }, { ip: '192.0.2.1' });
    const mail = renderDelivery(ctx, queued(ctx, 'new@customer.example').find((d) => d.kind === 'confirmation')!);
    expect(mail.html).toContain('<strong>Example &lt;Mail&gt;</strong><br>Example GmbH, Berlin');
    expect(mail.text).toMatch(/--\nExample <Mail>\nExample GmbH, Berlin\nManage your subscription: /);
    // One time format: the link's expiry as every page shows UTC times.
    expect(mail.text).toContain('The link works until Mon 30 Nov 2026, 09:00 UTC.');
  });

  it('signs the operators\' warning mail', async () => {
    await createOperator(ctx, { email: 'oncall@example.com', role: 'operator', password: 'a long enough password 1' }, { actor: 'test' });
    openIncident(ctx, operatorActor, { platform: 'eu', title: 'SMTP refuses mail', severity: 1, userImpact: 'No mail goes out.', message: 'We are investigating.' });
    ctx.clock.advance(61 * 60_000);
    expect(queueOperatorWarnings(ctx)).toBeGreaterThan(0);
    const warning = queued(ctx, 'oncall@example.com').find((d) => d.kind === 'operator_warning')!;
    const mail = renderDelivery(ctx, warning);
    expect(mail.html).toContain('Example GmbH, Berlin');
    expect(mail.text).toMatch(/\n--\nExample <Mail>\nExample GmbH, Berlin\n$/);
  });
});

describe('the mailbox preview', () => {
  it('makes every link of the HTML part open in a new tab without a referrer or opener, and the text part\'s addresses links', () => {
    const id = ctx.db.insert(mailbox).values({
      messageId: 'm1', fromAddress: 'status@example.com', toAddress: 'a@customer.example', subject: 'Hello',
      html: '<p><a href="https://status.example.com/manage/abc">Manage</a> <A target="_top" href="https://evil.example/">x</A></p>',
      text: 'Manage your subscription: https://status.example.com/manage/abc.\nBye', receivedAt: ctx.clock.now(),
    }).returning().get().id;
    const message = getMailboxMessage(ctx, adminActor, { id });
    expect(message.previewHtml).toContain('<a target="_blank" rel="noopener noreferrer" href="https://status.example.com/manage/abc">');
    // A mail's own target comes after ours, so the browser keeps ours.
    expect(message.previewHtml).toContain('<a target="_blank" rel="noopener noreferrer" target="_top" href="https://evil.example/">');
    expect(message.textParts).toEqual([
      { text: 'Manage your subscription: ' }, { url: 'https://status.example.com/manage/abc' }, { text: '.\nBye' },
    ]);
  });
});

describe('one time format', () => {
  it('weekday, day, month, year, 24-hour clock and the zone, for platform and UTC times alike', () => {
    const at = new Date('2026-12-01T21:00:00Z');
    expect(formatLocal(at, 'Europe/Berlin')).toBe('Tue 1 Dec 2026, 22:00 UTC+01:00');
    expect(formatUtc(at)).toBe('Tue 1 Dec 2026, 21:00 UTC');
    expect(formatRange(at, new Date('2026-12-01T22:00:00Z'), 'Europe/Berlin')).toBe('Tue 1 Dec 2026, 22:00 – 23:00 (UTC+01:00)');
  });
});
