// Severity 1/2 phone escalation numbers, per platform and country, set by admins. They are
// private: shown only to signed-in members of an organisation on that platform, never on public
// pages, feeds, JSON or mails to others.
import { asc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { escalationNumbers, platforms } from '../../../db/schema';
import type { AppContext } from '../../context';
import { recordAudit } from '../auth/record-audit';
import { findPlatform } from '../status/load';
import { PhoneInput } from './organization-input';
import { parseStrict } from './parse-strict';
import type { Acting } from './save-organization';

export const EscalationNumbersInput = z.strictObject({
  numbers: z.array(z.strictObject({
    country: z.string({ error: 'must be a country code' }).trim().toUpperCase().regex(/^[A-Z]{2}$/, 'must be a two-letter country code such as DE'),
    phone: PhoneInput,
    note: z.string().trim().max(200, 'must be at most 200 characters').default(''),
  })).max(100),
}).superRefine((v, ctx) => {
  const seen = new Set<string>();
  v.numbers.forEach((n, i) => {
    if (seen.has(n.country)) ctx.addIssue({ code: 'custom', path: ['numbers', i, 'country'], message: 'a second number for this country' });
    seen.add(n.country);
  });
});

export type EscalationNumber = { platform: string; platformName: string; country: string; phone: string; note: string };

export function listEscalationNumbers(ctx: Pick<AppContext, 'db'>, platformIds?: number[]): EscalationNumber[] {
  if (platformIds && platformIds.length === 0) return [];
  return ctx.db.select({ platform: platforms.slug, platformName: platforms.name, country: escalationNumbers.country, phone: escalationNumbers.phone, note: escalationNumbers.note })
    .from(escalationNumbers).innerJoin(platforms, eq(platforms.id, escalationNumbers.platformId))
    .where(platformIds ? inArray(escalationNumbers.platformId, platformIds) : undefined)
    .orderBy(asc(platforms.sortOrder), asc(escalationNumbers.country)).all();
}

// Replaces the platform's numbers as a whole.
export function setEscalationNumbers(ctx: AppContext, acting: Acting, platformSlug: string, input: unknown): EscalationNumber[] {
  const platform = findPlatform(ctx.db, platformSlug);
  const { numbers } = parseStrict(EscalationNumbersInput, input);
  const now = ctx.clock.now();
  ctx.db.transaction((tx) => {
    tx.delete(escalationNumbers).where(eq(escalationNumbers.platformId, platform.id)).run();
    for (const n of numbers) tx.insert(escalationNumbers).values({ platformId: platform.id, ...n }).run();
    recordAudit(tx, { operatorId: acting.operatorId, actor: acting.actor, ip: acting.ip, at: now, action: 'escalation_numbers.changed', subjectType: 'platform', subjectId: platform.slug,
      detail: { countries: numbers.map((n) => n.country) } });
  });
  return listEscalationNumbers(ctx, [platform.id]);
}
