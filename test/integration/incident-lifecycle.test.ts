// Publishing, updating and resolving an incident through the services.
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { incidents, publications } from '../../db/schema';
import { ConflictError, ValidationError } from '../../api/errors';
import { openIncident } from '../../api/services/incidents/open-incident';
import { postIncidentUpdate } from '../../api/services/incidents/post-incident-update';
import { resolveIncident } from '../../api/services/incidents/resolve-incident';
import { changeUpdateInterval } from '../../api/services/incidents/change-update-interval';
import { getPlatformStatus } from '../../api/services/status/get-platform-status';
import { parsePublicationBody } from '../../api/services/publications/record-publication';
import { createTestContext, type TestContext } from '../support/context';
import { operatorActor } from '../support/actors';

let ctx: TestContext;
beforeEach(() => (ctx = createTestContext({ now: '2026-11-23T09:00:00Z' })));
afterEach(() => ctx.close());

const smtp = (platform = 'eu') => getPlatformStatus(ctx, { platform }).services.find((s) => s.name === 'SMTP')!.id;

function open(extra: Record<string, unknown> = {}) {
  return openIncident(ctx, operatorActor, {
    platform: 'eu', title: 'Outgoing mail delayed', severity: 2, userImpact: 'Mail leaves up to 30 minutes late',
    expectedRestorationAt: '2026-11-23T12:30', message: 'We are investigating delays on the SMTP relays.',
    services: [{ serviceId: smtp(), impact: 'partial_outage' }], ...extra,
  });
}

describe('an incident from start to restoration', () => {
  it('is shown at once and announced on the incident list with impact, restoration and next update', () => {
    const id = open();
    const status = getPlatformStatus(ctx, { platform: 'eu' });
    expect(status.overall).toBe('partial_outage');
    expect(status.activeIncidents[0]).toMatchObject({ id, severity: 2, userImpact: 'Mail leaves up to 30 minutes late' });
    const pub = ctx.db.select().from(publications).where(eq(publications.subjectId, id)).get()!;
    expect(pub).toMatchObject({ list: 'incident', kind: 'incident_opened' });
    expect(parsePublicationBody(pub.body).incident).toEqual({
      id, severity: 2, status: 'investigating', userImpact: 'Mail leaves up to 30 minutes late',
      expectedRestorationAt: '2026-11-23T11:30:00.000Z', nextUpdateAt: '2026-11-23T10:00:00.000Z',
      services: [{ name: 'SMTP', impact: 'partial_outage' }],
    });
  });

  it('an update moves the next due time; an agreed interval changes it; resolving restores the page', () => {
    const id = open();
    ctx.clock.set('2026-11-23T09:50:00Z');
    postIncidentUpdate(ctx, operatorActor, { id, status: 'identified', message: 'A relay ran out of disk.', services: [{ serviceId: smtp(), impact: 'degraded_performance' }] });
    let row = ctx.db.select().from(incidents).where(eq(incidents.id, id)).get()!;
    expect(row.lastUpdateAt.toISOString()).toBe('2026-11-23T09:50:00.000Z');
    expect(getPlatformStatus(ctx, { platform: 'eu' }).overall).toBe('degraded');

    changeUpdateInterval(ctx, operatorActor, { id, updateIntervalMinutes: 30, reason: 'Agreed with the customer NOC' });
    ctx.clock.set('2026-11-23T10:05:00Z');
    postIncidentUpdate(ctx, operatorActor, { id, status: 'monitoring', message: 'Disk freed; queues draining.' });
    const last = ctx.db.select().from(publications).where(eq(publications.kind, 'incident_updated')).all().at(-1)!;
    expect(parsePublicationBody(last.body).incident?.nextUpdateAt).toBe('2026-11-23T10:35:00.000Z');

    resolveIncident(ctx, operatorActor, { id, message: 'All queued mail delivered.' });
    row = ctx.db.select().from(incidents).where(eq(incidents.id, id)).get()!;
    expect(row.status).toBe('resolved');
    expect(getPlatformStatus(ctx, { platform: 'eu' }).overall).toBe('operational');
    expect(ctx.db.select().from(publications).where(eq(publications.subjectId, id)).all().map((p) => p.kind))
      .toEqual(['incident_opened', 'incident_updated', 'incident_updated', 'incident_resolved']);
    expect(() => postIncidentUpdate(ctx, operatorActor, { id, status: 'monitoring', message: 'again' })).toThrow(ConflictError);
  });

  it.each([
    [{ severity: 5 }, 'severity'],
    [{ severity: 'high' }, 'severity'],
    [{ title: '' }, 'title'],
    [{ expectedRestorationAt: 'tomorrow-ish' }, 'expectedRestorationAt'],
    [{ expectedRestorationAt: '2026-11-22T10:00' }, 'expectedRestorationAt'],
    [{ platform: 'eu', services: [{ serviceId: 999999, impact: 'major_outage' }] }, 'services'],
    [{ services: [{ serviceId: 1, impact: 'on fire' }] }, 'services.0.impact'],
  ])('refuses %j with an error on %s and saves nothing', (bad, field) => {
    const before = ctx.db.select().from(incidents).all().length;
    let error: unknown;
    try { open(bad); } catch (err) { error = err; }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe(field);
    expect(ctx.db.select().from(incidents).all().length).toBe(before);
  });
});

describe('severity 4 is a ticket category, not an outage', () => {
  it('is refused when opening and when updating, naming the field and saving nothing', () => {
    const refusal = (fn: () => unknown) => {
      try { fn(); } catch (err) { return err; }
      return undefined;
    };
    const opened = refusal(() => open({ severity: 4 }));
    expect(opened).toBeInstanceOf(ValidationError);
    expect((opened as ValidationError).issues).toEqual([{ field: 'severity', message: 'Severity 4 is a ticket category, not an outage: publish a general announcement instead' }]);
    expect(ctx.db.select().from(incidents).all().filter((i) => i.status !== 'resolved')).toEqual([]);

    const id = open({ severity: 3 });
    const updated = refusal(() => postIncidentUpdate(ctx, operatorActor, { id, status: 'identified', message: 'Just a question really.', severity: 4 }));
    expect((updated as ValidationError).issues).toEqual([{ field: 'severity', message: 'Severity 4 is a ticket category, not an outage: publish a general announcement instead' }]);
    expect(ctx.db.select().from(incidents).where(eq(incidents.id, id)).get()).toMatchObject({ severity: 3, status: 'investigating' });
  });
});
