// Platforms are data: an admin adds one (a third list such as "us-2") or changes its rule values.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { platforms, services } from '../../../db/schema';
import type { AppContext } from '../../context';
import { ConflictError, ForbiddenError } from '../../errors';
import { isHolidayCalendarSupported } from '../../lib/holidays';
import { parseInput } from '../../lib/zod-errors';
import { type Actor, auditFields } from '../actor';
import { recordAudit } from '../auth/record-audit';
import { DEFAULT_SERVICES } from '../seed/seed-demo';
import { findPlatform } from '../status/load';

const isTimeZone = (tz: string) => {
  try { new Intl.DateTimeFormat('en', { timeZone: tz }); return true; } catch { return false; }
};

const definition = z.string().trim().min(10, 'must be at least 10 characters').max(2000, 'must be at most 2000 characters');

export const PlatformRulesInput = z.strictObject({
  name: z.string().trim().min(2, 'must be at least 2 characters').max(80),
  timeZone: z.string().trim().refine(isTimeZone, 'is not a known IANA time zone such as Europe/Berlin'),
  holidayCalendar: z.string().trim().refine((c) => c === '' || isHolidayCalendarSupported(c), 'is not a supported holiday calendar'),
  plannedNoticeBusinessDays: z.coerce.number().int().min(0).max(60),
  emergencyNoticeMinutes: z.coerce.number().int().min(0).max(10_080),
  updateIntervalMinutes: z.coerce.number().int().min(5).max(1440),
  updateWarningMinutes: z.coerce.number().int().min(0).max(240),
  capacityNoticeBusinessDays: z.coerce.number().int().min(0).max(120),
  // Optional so that older clients keep working: left out, the value stays as it is.
  overdueRepeatMinutes: z.coerce.number().int().min(5).max(1440).optional(),
  severity1Definition: definition.optional(),
  severity2Definition: definition.optional(),
  severity3Definition: definition.optional(),
  severity4Definition: definition.optional(),
  sortOrder: z.coerce.number().int().min(0).max(1000).default(0),
});

export const CreatePlatformInput = PlatformRulesInput.extend({
  slug: z.string().trim().toLowerCase().regex(/^[a-z0-9][a-z0-9-]{0,30}$/, 'use lower-case letters, digits and dashes (e.g. us-2)')
    .refine((s) => !['api', 'admin', 'subscribe', 'manage', 'confirm', 'unsubscribe', '_astro'].includes(s), 'is a reserved word'),
  withDefaultServices: z.boolean({ error: 'must be true or false' }).default(true),
});

function requireAdmin(actor: Actor): void {
  if (actor.role !== 'admin') throw new ForbiddenError('Only an admin can change platforms and their rules');
}

export function createPlatform(ctx: AppContext, actor: Actor, input: z.input<typeof CreatePlatformInput>): string {
  requireAdmin(actor);
  const data = parseInput(CreatePlatformInput, input);
  const now = ctx.clock.now();
  if (ctx.db.select().from(platforms).where(eq(platforms.slug, data.slug)).get()) throw new ConflictError(`A platform "${data.slug}" exists already`);
  const { withDefaultServices, ...values } = data;
  ctx.db.transaction((tx) => {
    const row = tx.insert(platforms).values(values).returning().get();
    if (withDefaultServices) DEFAULT_SERVICES.forEach((s, i) => tx.insert(services).values({ ...s, platformId: row.id, sortOrder: i }).run());
    recordAudit(tx, { ...auditFields(actor, now), action: 'platform.created', subjectType: 'platform', subjectId: data.slug });
  });
  ctx.changes.bump();
  return data.slug;
}

export function updatePlatformRules(ctx: AppContext, actor: Actor, slug: string, input: z.input<typeof PlatformRulesInput>): void {
  requireAdmin(actor);
  const data = parseInput(PlatformRulesInput, input);
  const platform = findPlatform(ctx.db, slug);
  const now = ctx.clock.now();
  ctx.db.transaction((tx) => {
    tx.update(platforms).set(data).where(eq(platforms.id, platform.id)).run();
    recordAudit(tx, { ...auditFields(actor, now), action: 'platform.rules_changed', subjectType: 'platform', subjectId: slug, detail: data });
  });
  ctx.changes.bump();
}
