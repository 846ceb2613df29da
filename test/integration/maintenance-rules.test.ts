// The runbook's maintenance rules as an operator meets them through the services.
import { and, count, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { maintenances, publications, auditLog } from '../../db/schema';
import { PolicyError, ConflictError, ValidationError } from '../../api/errors';
import { scheduleMaintenance } from '../../api/services/maintenance/schedule-maintenance';
import { rescheduleMaintenance } from '../../api/services/maintenance/reschedule-maintenance';
import { cancelMaintenance } from '../../api/services/maintenance/cancel-maintenance';
import { startDueMaintenances, startMaintenanceNow } from '../../api/services/maintenance/start-due-maintenances';
import { completeMaintenance } from '../../api/services/maintenance/complete-maintenance';
import { getPlatformStatus } from '../../api/services/status/get-platform-status';
import { parsePublicationBody } from '../../api/services/publications/record-publication';
import { createTestContext, type TestContext } from '../support/context';
import { adminActor, operatorActor } from '../support/actors';

let ctx: TestContext;
afterEach(() => ctx?.close());

function serviceIds(platform: string): number[] {
  return getPlatformStatus(ctx, { platform }).services.map((s) => s.id);
}

function plan(platform: string, startsAt: string, endsAt: string, extra: Record<string, unknown> = {}) {
  return scheduleMaintenance(ctx, operatorActor, {
    platform, kind: 'planned', title: 'Storage upgrade', expectedImpact: 'IMAP sessions reconnect once',
    serviceIds: serviceIds(platform).slice(2, 3), startsAt, endsAt, description: 'Firmware', ...extra,
  });
}

const rowCounts = () => ({
  maintenances: ctx.db.select({ n: count() }).from(maintenances).get()!.n,
  publications: ctx.db.select({ n: count() }).from(publications).get()!.n,
});

describe('planned maintenance needs 3 business days of notice in the platform calendar', () => {
  // Wed 25 Nov 2026, 10:00 local. EU: Thu, Fri, Mon -> Mon 30 Nov 10:00. US: Thanksgiving on Thu
  // does not count -> Fri, Mon, Tue -> Tue 1 Dec 10:00.
  it.each([
    ['eu', '2026-11-25T09:00:00Z', '2026-11-30T10:00', '2026-11-30T09:00:00.000Z', 'Mon 30 Nov 2026, 10:00 UTC+01:00'],
    ['us', '2026-11-25T15:00:00Z', '2026-12-01T10:00', '2026-12-01T15:00:00.000Z', 'Tue 1 Dec 2026, 10:00 UTC-05:00'],
  ])('%s: the earliest compliant start is accepted, one minute earlier is refused', (platform, now, earliestLocal, earliestUtc, shown) => {
    ctx = createTestContext({ now });
    const before = rowCounts();
    const oneMinuteEarly = earliestLocal.replace(/:00$/, ':00').replace(/T10:00$/, 'T09:59');
    let refusal: unknown;
    try {
      plan(platform, oneMinuteEarly, earliestLocal.replace('T10:00', 'T12:00'));
    } catch (err) {
      refusal = err;
    }
    expect(refusal).toBeInstanceOf(PolicyError);
    const policy = refusal as PolicyError;
    expect(policy.field).toBe('startsAt');
    expect(policy.rule).toBe('planned_notice');
    expect(policy.detail.earliestStart).toBe(earliestUtc);
    expect(policy.message).toContain(`The earliest start that complies is ${shown}`);
    expect(rowCounts()).toEqual(before);

    const id = plan(platform, earliestLocal, earliestLocal.replace('T10:00', 'T12:00'));
    const row = ctx.db.select().from(maintenances).where(eq(maintenances.id, id)).get()!;
    expect(row.startsAt.toISOString()).toBe(earliestUtc);
    expect(rowCounts()).toEqual({ maintenances: before.maintenances + 1, publications: before.publications + 1 });
  });

  it('announces it at once on the informational list, with the planned time and impact', () => {
    ctx = createTestContext({ now: '2026-11-23T09:00:00Z' });
    const id = plan('eu', '2026-12-01T22:00', '2026-12-02T01:00');
    const pub = ctx.db.select().from(publications).where(and(eq(publications.subjectType, 'maintenance'), eq(publications.subjectId, id))).get()!;
    expect(pub).toMatchObject({ list: 'informational', kind: 'maintenance_announced', subjectType: 'maintenance' });
    expect(pub.publishAt.toISOString()).toBe('2026-11-23T09:00:00.000Z');
    const body = parsePublicationBody(pub.body);
    expect(body.maintenance).toMatchObject({ startsAt: '2026-12-01T21:00:00.000Z', endsAt: '2026-12-02T00:00:00.000Z', expectedImpact: 'IMAP sessions reconnect once', services: ['IMAP'] });
    expect(ctx.db.select().from(auditLog).where(eq(auditLog.action, 'maintenance.scheduled')).all()).toHaveLength(1);
  });

  it('refuses an end before the start and a service of another platform, saving nothing', () => {
    ctx = createTestContext({ now: '2026-11-23T09:00:00Z' });
    const before = rowCounts();
    expect(() => plan('eu', '2026-12-01T22:00', '2026-12-01T21:00')).toThrow(ValidationError);
    expect(() => plan('eu', '2026-12-01T22:00', '2026-12-01T23:00', { serviceIds: serviceIds('us').slice(0, 1) })).toThrow(/does not belong/);
    expect(rowCounts()).toEqual(before);
  });
});

describe('emergency maintenance needs 4 hours of notice unless an admin gives a reason', () => {
  const emergency = (actor = operatorActor, startsAt: string, breachReason?: string) =>
    scheduleMaintenance(ctx, actor, {
      platform: 'eu', kind: 'emergency', title: 'Replace failing disk', expectedImpact: 'IMAP slow',
      serviceIds: serviceIds('eu').slice(2, 3), startsAt, endsAt: '2026-11-23T23:00:00Z', breachReason,
    });

  it('accepts exactly 4 hours, refuses 3 h 59 min for an operator', () => {
    ctx = createTestContext({ now: '2026-11-23T09:00:00Z' });
    expect(() => emergency(operatorActor, '2026-11-23T12:59:00Z')).toThrow(/Only an admin can accept shorter notice/);
    expect(emergency(operatorActor, '2026-11-23T13:00:00Z')).toBeGreaterThan(0);
  });

  it('lets an admin accept short notice with a reason, recorded as a breach', () => {
    ctx = createTestContext({ now: '2026-11-23T09:00:00Z' });
    let refusal: unknown;
    try { emergency(adminActor, '2026-11-23T10:00:00Z'); } catch (err) { refusal = err; }
    expect(refusal).toBeInstanceOf(PolicyError);
    expect((refusal as PolicyError).field).toBe('breachReason');
    const id = emergency(adminActor, '2026-11-23T10:00:00Z', 'Disk controller failing, data at risk');
    const row = ctx.db.select().from(maintenances).where(eq(maintenances.id, id)).get()!;
    expect(row.noticeBreachReason).toBe('Disk controller failing, data at risk');
  });
});

describe('the life of a window', () => {
  it('reschedule, start at its time without a click, finish with an outcome: each announced once', () => {
    ctx = createTestContext({ now: '2026-11-23T09:00:00Z' });
    const id = plan('eu', '2026-12-01T22:00', '2026-12-02T01:00');
    expect(() => rescheduleMaintenance(ctx, operatorActor, { id, startsAt: '2026-11-24T22:00', endsAt: '2026-11-25T01:00' })).toThrow(PolicyError);
    rescheduleMaintenance(ctx, operatorActor, { id, startsAt: '2026-12-04T23:00', endsAt: '2026-12-05T01:00' });

    ctx.clock.set('2026-12-04T21:59:59Z');
    startDueMaintenances(ctx); // the demo data's own window starts earlier
    expect(ctx.db.select().from(maintenances).where(eq(maintenances.id, id)).get()!.status).toBe('scheduled');
    ctx.clock.set('2026-12-04T22:00:05Z');
    expect(startDueMaintenances(ctx)).toBe(1);
    expect(startDueMaintenances(ctx)).toBe(0);
    expect(() => cancelMaintenance(ctx, operatorActor, { id, message: 'too late' })).toThrow(ConflictError);
    completeMaintenance(ctx, operatorActor, { id, outcome: 'rolled_back' });

    const pubs = ctx.db.select().from(publications).where(and(eq(publications.subjectType, 'maintenance'), eq(publications.subjectId, id))).all();
    expect(pubs.map((p) => p.kind)).toEqual(['maintenance_announced', 'maintenance_rescheduled', 'maintenance_started', 'maintenance_finished']);
    expect(pubs[2]!.publishAt.toISOString()).toBe('2026-12-04T22:00:00.000Z');
    expect(parsePublicationBody(pubs[1]!.body).maintenance?.previousStartsAt).toBe('2026-12-01T21:00:00.000Z');
    expect(pubs[3]!.title).toBe('Maintenance rolled back: Storage upgrade');
    const row = ctx.db.select().from(maintenances).where(eq(maintenances.id, id)).get()!;
    expect(row).toMatchObject({ status: 'completed', outcome: 'rolled_back' });
  });

  it('cancelling a scheduled window announces it; starting before the announced start needs an admin with a reason', () => {
    ctx = createTestContext({ now: '2026-11-23T09:00:00Z' });
    const a = plan('eu', '2026-12-01T22:00', '2026-12-02T01:00');
    cancelMaintenance(ctx, operatorActor, { id: a, message: 'Vendor postponed the firmware' });
    expect(ctx.db.select().from(maintenances).where(eq(maintenances.id, a)).get()!.status).toBe('cancelled');
    const b = plan('eu', '2026-12-02T22:00', '2026-12-03T01:00');
    const before = rowCounts();
    expect(() => startMaintenanceNow(ctx, operatorActor, { id: b, breachReason: 'Engineer is free today' })).toThrow(/Only an admin can start it before its announced start/);
    expect(() => startMaintenanceNow(ctx, adminActor, { id: b })).toThrow(PolicyError);
    expect(rowCounts()).toEqual(before);
    expect(getPlatformStatus(ctx, { platform: 'eu' }).overall).not.toBe('maintenance');
    startMaintenanceNow(ctx, adminActor, { id: b, breachReason: 'Engineer is free today' });
    expect(ctx.db.select().from(maintenances).where(eq(maintenances.id, b)).get()).toMatchObject({ status: 'in_progress', earlyStartReason: 'Engineer is free today' });
    expect(() => startMaintenanceNow(ctx, adminActor, { id: b, breachReason: 'Engineer is free today' })).toThrow(ConflictError);
    expect(getPlatformStatus(ctx, { platform: 'eu' }).overall).toBe('maintenance');
  });
});
