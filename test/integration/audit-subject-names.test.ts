// The audit log names each subject as it was called when the entry was written: renaming a
// platform later does not rewrite what older entries say. Rows written before names were recorded
// fall back to the current name.
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeAuditDetail, describeAuditEntries } from '../../api/services/auth/describe-audit';
import { listAuditLog, recordAudit } from '../../api/services/auth/record-audit';
import { openIncident } from '../../api/services/incidents/open-incident';
import { updatePlatformRules } from '../../api/services/platforms/save-platform';
import { auditLog, incidents } from '../../db/schema';
import { adminActor, operatorActor } from '../support/actors';
import { createTestContext, type TestContext } from '../support/context';

let ctx: TestContext;
beforeEach(() => (ctx = createTestContext({ now: '2026-11-23T09:00:00Z' })));
afterEach(() => ctx.close());

const RULES = { timeZone: 'Europe/Berlin', holidayCalendar: 'DE', plannedNoticeBusinessDays: 3, emergencyNoticeMinutes: 240, updateIntervalMinutes: 60, updateWarningMinutes: 10, capacityNoticeBusinessDays: 15 };

const words = () => describeAuditEntries(ctx, listAuditLog(ctx).rows);

describe('audit entries keep the name a subject had when the change happened', () => {
  it('a platform renamed later still shows its old name in the older entry', () => {
    updatePlatformRules(ctx, adminActor, 'eu', { ...RULES, name: 'EU platform (old name)' });
    ctx.clock.advance(60_000);
    updatePlatformRules(ctx, adminActor, 'eu', { ...RULES, name: 'Frankfurt platform' });

    expect(words(), 'each entry names the platform as it was called at the time').toEqual([
      "changed the rules of platform 'Frankfurt platform'",
      "changed the rules of platform 'EU platform (old name)'",
    ]);
  });

  it('an incident retitled after it was opened keeps its first title in the opening entry', () => {
    const id = openIncident(ctx, operatorActor, { platform: 'eu', title: 'Outgoing mail delayed', severity: 2, userImpact: 'Mail leaves late.', message: 'We are investigating.' });
    // No service retitles an incident yet; an edit straight in the table stands for a future one.
    ctx.db.update(incidents).set({ title: 'SMTP relay outage' }).where(eq(incidents.id, id)).run();
    expect(words()).toEqual(["opened incident 'Outgoing mail delayed'"]);
  });

  it('rows without a recorded name (written before names were kept) use the current name, or the id once deleted', () => {
    const id = openIncident(ctx, operatorActor, { platform: 'eu', title: 'Outgoing mail delayed', severity: 2, userImpact: 'Mail leaves late.', message: 'We are investigating.' });
    ctx.db.delete(auditLog).run();
    const at = ctx.clock.now();
    ctx.db.insert(auditLog).values([
      { at, actor: 'op@test.example', action: 'incident.resolved', subjectType: 'incident', subjectId: String(id), detail: '{}' },
      { at, actor: 'op@test.example', action: 'incident.resolved', subjectType: 'incident', subjectId: '999999', detail: '{}' },
      { at, actor: 'op@test.example', action: 'platform.rules_changed', subjectType: 'platform', subjectId: 'us', detail: '{}' },
    ]).run();
    ctx.db.update(incidents).set({ title: 'SMTP relay outage' }).where(eq(incidents.id, id)).run();

    expect(words()).toEqual([
      'changed the rules of platform \'US platform\'',
      'resolved incident #999999',
      "resolved incident 'SMTP relay outage'",
    ]);
  });

  it('records the name in the row, and the detail column does not repeat it', () => {
    recordAudit(ctx.db, { actor: 'cli', action: 'platform.rules_changed', subjectType: 'platform', subjectId: 'eu', detail: { name: 'x' }, at: ctx.clock.now() });
    const row = listAuditLog(ctx).rows[0]!;
    expect(JSON.parse(row.detail)).toEqual({ name: 'x', subjectName: 'EU platform' });
    expect(describeAuditDetail(row.detail)).toBe('name: x');
  });
});
