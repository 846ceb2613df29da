// Reading capacity events: one (scoped to an organisation for customers), and filtered pages.
import { and, asc, eq, gt, gte, lte, or } from 'drizzle-orm';
import { capacityEvents, organizations, platforms } from '../../../db/schema';
import type { AppContext } from '../../context';
import { NotFoundError } from '../../errors';
import { toPage } from '../../lib/cursor';
import { timeIdCursor } from '../paging';
import type { Tx as DbOrTx } from '../../../db/connection';
import { ListCapacityEventsInput } from './capacity-input';
import { parseStrict } from '../organizations/parse-strict';

type Row = typeof capacityEvents.$inferSelect;
export type CapacityEventView = Omit<Row, 'organizationId' | 'platformId'> & {
  organization: { id: number; name: string };
  platform: { id: number; slug: string; name: string; timeZone: string };
};

const columns = {
  e: capacityEvents,
  o: { id: organizations.id, name: organizations.name },
  p: { id: platforms.id, slug: platforms.slug, name: platforms.name, timeZone: platforms.timeZone },
};

function toView(r: { e: Row; o: CapacityEventView['organization']; p: CapacityEventView['platform'] }): CapacityEventView {
  const { organizationId: _o, platformId: _p, ...rest } = r.e;
  return { ...rest, organization: r.o, platform: r.p };
}

function joined(tx: DbOrTx) {
  return tx.select(columns).from(capacityEvents)
    .innerJoin(organizations, eq(organizations.id, capacityEvents.organizationId))
    .innerJoin(platforms, eq(platforms.id, capacityEvents.platformId));
}

// A customer asking for another organisation's event gets the same answer as for none at all.
export function getCapacityEvent(ctx: Pick<AppContext, 'db'>, id: number, scope: { organizationId?: number } = {}, tx: DbOrTx = ctx.db): CapacityEventView {
  const row = Number.isSafeInteger(id) ? joined(tx).where(eq(capacityEvents.id, id)).get() : undefined;
  if (!row || (scope.organizationId !== undefined && row.o.id !== scope.organizationId)) throw new NotFoundError(`No capacity event ${id}`);
  return toView(row);
}

export type CapacityEventPage = { events: CapacityEventView[]; nextCursor: string | null };


// By start time (earliest first), then id; bounded by `limit` and backed by the starts_at indexes.
export function listCapacityEvents(ctx: Pick<AppContext, 'db'>, input: unknown, scope: { organizationId?: number } = {}): CapacityEventPage {
  const f = parseStrict(ListCapacityEventsInput, input);
  const limit = f.limit ?? 50;
  const codec = timeIdCursor(ctx, 'capacity-events');
  const after = codec.decode(f.cursor);
  const organizationId = scope.organizationId ?? f.organizationId;
  const rows = joined(ctx.db).where(and(
    f.platform ? eq(platforms.slug, f.platform) : undefined,
    f.state ? eq(capacityEvents.state, f.state) : undefined,
    organizationId !== undefined ? eq(capacityEvents.organizationId, organizationId) : undefined,
    f.isLate !== undefined ? eq(capacityEvents.isLate, f.isLate) : undefined,
    f.from ? gte(capacityEvents.startsAt, new Date(f.from)) : undefined,
    f.to ? lte(capacityEvents.startsAt, new Date(f.to)) : undefined,
    after ? or(gt(capacityEvents.startsAt, new Date(after[0])), and(eq(capacityEvents.startsAt, new Date(after[0])), gt(capacityEvents.id, after[1]))) : undefined,
  )).orderBy(asc(capacityEvents.startsAt), asc(capacityEvents.id)).limit(limit + 1).all();
  const page = toPage(rows, limit, codec, (r) => [r.e.startsAt.getTime(), r.e.id]);
  return { events: page.rows.map(toView), nextCursor: page.next };
}

export function capacityEventJson(e: CapacityEventView) {
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    id: e.id, organization: e.organization, platform: e.platform.slug, kind: e.kind,
    startsAt: e.startsAt.toISOString(), endsAt: iso(e.endsAt), expectedLoad: e.expectedLoad,
    additionalActiveUsers: e.additionalActiveUsers, peakFactor: e.peakFactor, description: e.description, contact: e.contact,
    state: e.state, late: e.isLate, lateReason: e.lateReason, decisionNote: e.decisionNote,
    submittedBy: e.submittedBy, submittedAt: e.submittedAt.toISOString(), decidedBy: e.decidedBy, decidedAt: iso(e.decidedAt), updatedAt: e.updatedAt.toISOString(),
  };
}
