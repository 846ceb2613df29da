// subscribe(): the form and POST /api/v1/subscriptions. Every valid address goes ahead on its own;
// the answer depends only on what was submitted, never on whether an address is already known.
// Nor does the work: the request is only recorded; the dispatcher decides and queues the mail
// (process-requests.ts), so timing tells nothing either.
import { z } from 'zod';
import type { AppContext } from '../../context';
import { ValidationError } from '../../errors';
import { parseInput } from '../../lib/zod-errors';
import { crossPairs, LIST_NAMES, listPlatformChoices } from './lists';
import { type AddressIssue, checkAddresses, MAX_ADDRESSES } from './parse-addresses';
import { consumeAddressAllowance, consumeIpAllowance } from './rate-limits';
import { recordSubscribeRequest } from './process-requests';
import type { ConsentSource } from './request-pairs';

// A missing field and a field of the wrong type get different messages.
const listError = (missing: string, wrong: string) => ({ error: (issue: { input?: unknown }) => (issue.input === undefined ? missing : wrong) });

export const SubscribeInput = z.strictObject({
  emails: z
    .array(z.string({ error: 'must be a text' }), listError('enter at least one e-mail address', 'must be a list of addresses'))
    .min(1, 'enter at least one e-mail address')
    .max(MAX_ADDRESSES, `at most ${MAX_ADDRESSES} addresses per submission`),
  platforms: z
    .array(z.string({ error: 'must be a platform name' }).max(64), listError('choose at least one platform', 'must be a list of platforms'))
    .min(1, 'choose at least one platform')
    .max(50),
  lists: z
    .array(z.enum(LIST_NAMES, { error: 'must be "incident" or "informational"' }), listError('choose at least one list', 'must be a list of lists'))
    .min(1, 'choose at least one list'),
});
export type SubscribeInput = z.input<typeof SubscribeInput>;

export type SubscribeResult = { accepted: string[]; invalid: AddressIssue[] };
export type RequestMeta = { ip: string; source?: ConsentSource };

export async function subscribe(ctx: AppContext, input: unknown, meta: RequestMeta): Promise<SubscribeResult> {
  await consumeIpAllowance(ctx, meta.ip);
  const data = parseInput(SubscribeInput, input);
  const platformIds = resolvePlatforms(ctx, data.platforms);
  const { valid, invalid } = checkAddresses(data.emails);
  if (valid.length === 0) {
    const issues = invalid.map((i) => ({ field: `emails.${i.index}`, message: `"${i.value}" ${i.message}` }));
    throw new ValidationError(`${issues[0]!.field}: ${issues[0]!.message}`, issues);
  }
  await consumeAddressAllowance(ctx, valid);
  const pairs = crossPairs(platformIds, [...new Set(data.lists)]);
  const now = ctx.clock.now();
  ctx.db.transaction((tx) => {
    for (const email of valid) recordSubscribeRequest(tx, { email, pairs, requestedAt: now, source: meta.source ?? 'double_opt_in' });
  });
  ctx.changes.bump();
  return { accepted: valid, invalid };
}

// Platforms are data: any slug in the table is accepted, anything else is named in the error.
export function resolvePlatforms(ctx: Pick<AppContext, 'db'>, slugs: string[]): number[] {
  const bySlug = new Map(listPlatformChoices(ctx).map((p) => [p.slug, p.id]));
  const unknown = slugs.findIndex((s) => !bySlug.has(s.trim().toLowerCase()));
  if (unknown >= 0) {
    const field = `platforms.${unknown}`;
    const message = `unknown platform (choose from ${[...bySlug.keys()].join(', ')})`;
    throw new ValidationError(`${field}: ${message}`, [{ field, message }]);
  }
  return [...new Set(slugs.map((s) => bySlug.get(s.trim().toLowerCase())!))];
}
