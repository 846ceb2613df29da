// Reading the embedded mailbox (mail kept locally when no Resend key is configured). It holds every
// subscriber's confirm, manage and unsubscribe links, so only admins read it: checked here, not only
// in the pages.
import { desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { mailbox } from '../../../db/schema';
import type { AppContext } from '../../context';
import { ForbiddenError, NotFoundError } from '../../errors';
import type { Actor } from '../actor';
import { parseInput } from '../../lib/zod-errors';
import { linkifyMailText, previewMailHtml } from './mail-preview';

const PAGE_SIZE = 50;

export const ListMailboxInput = z.strictObject({ page: z.coerce.number().int().min(1).catch(1).default(1) });
export const GetMailboxMessageInput = z.strictObject({ id: z.coerce.number().int().positive() });

export function assertMailboxReader(actor: Pick<Actor, 'role'>): void {
  if (actor.role !== 'admin') throw new ForbiddenError('Only admins read the mailbox: it holds subscribers\' personal links.');
}

export function listMailbox(ctx: Pick<AppContext, 'db'>, actor: Pick<Actor, 'role'>, input: z.input<typeof ListMailboxInput>) {
  assertMailboxReader(actor);
  const { page } = parseInput(ListMailboxInput, input);
  const total = ctx.db.select({ n: sql<number>`count(*)` }).from(mailbox).get()!.n;
  const rows = ctx.db
    .select({ id: mailbox.id, toAddress: mailbox.toAddress, subject: mailbox.subject, receivedAt: mailbox.receivedAt })
    .from(mailbox).orderBy(desc(mailbox.id)).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE).all();
  return { rows, total, page, pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)) };
}

export function getMailboxMessage(ctx: Pick<AppContext, 'db'>, actor: Pick<Actor, 'role'>, input: z.input<typeof GetMailboxMessageInput>) {
  assertMailboxReader(actor);
  const { id } = parseInput(GetMailboxMessageInput, input);
  const row = ctx.db.select().from(mailbox).where(eq(mailbox.id, id)).get();
  if (!row) throw new NotFoundError(`No message ${id} in the mailbox`);
  return { ...row, headers: JSON.parse(row.headers) as Record<string, string>, previewHtml: previewMailHtml(row.html), textParts: linkifyMailText(row.text) };
}
