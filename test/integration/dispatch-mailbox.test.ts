import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { deliveries, mailbox, publications } from '../../db/schema';
import { createDispatcher } from '../../api/dispatch/dispatcher';
import { createTestContext, type TestContext } from '../support/context';
import { addSubscriber, publish } from '../support/dispatch-fixtures';

let ctx: TestContext;
beforeEach(() => (ctx = createTestContext({ now: '2026-11-23T09:00:00Z' })));
afterEach(() => ctx.close());

const quiet = { log: () => {} };

describe('the embedded mailbox transport (no RESEND_API_KEY)', () => {
  it('puts one personalised mail per confirmed address of the list into the mailbox', async () => {
    addSubscriber(ctx, 'a@example.com');
    addSubscriber(ctx, 'b@example.com');
    addSubscriber(ctx, 'pending@example.com', { state: 'pending' });
    addSubscriber(ctx, 'info-only@example.com', { list: 'informational' });
    addSubscriber(ctx, 'us@example.com', { platform: 'us' });
    const id = publish(ctx, { title: 'SMTP refuses mail' });

    await createDispatcher(ctx, quiet).drain();

    const mails = ctx.db.select().from(mailbox).all();
    expect(mails.map((m) => m.toAddress).sort()).toEqual(['a@example.com', 'b@example.com']);
    const a = mails.find((m) => m.toAddress === 'a@example.com')!;
    expect(a.subject).toBe('[EU][Incident] SMTP refuses mail');
    expect(a.fromAddress).toBe(ctx.config.mailFrom);
    const headers = JSON.parse(a.headers) as Record<string, string>;
    expect(headers['List-Unsubscribe']).toMatch(/^<http:\/\/localhost:4321\/unsubscribe\/[\w-]+>$/);
    expect(headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    const b = mails.find((m) => m.toAddress === 'b@example.com')!;
    expect(JSON.parse(b.headers)['List-Unsubscribe']).not.toBe(headers['List-Unsubscribe']);
    expect(a.text).toContain(headers['List-Unsubscribe']!.slice(1, -1));
    expect(a.html).toContain('/manage/');

    const pub = ctx.db.select().from(publications).where(eq(publications.id, id)).get()!;
    expect(pub.deliveredAt).not.toBeNull();
    expect(ctx.db.select().from(deliveries).all().filter((d) => d.state !== 'sent' || !d.providerId)).toEqual([]);
  });

  it('running the dispatcher again sends nothing twice', async () => {
    addSubscriber(ctx, 'a@example.com');
    publish(ctx);
    await createDispatcher(ctx, quiet).drain();
    await createDispatcher(ctx, quiet).drain();
    expect(ctx.db.select().from(mailbox).all()).toHaveLength(1);
  });
});
