// What a capacity event is made of, as a customer or an admin sends it, and the list filters.
import { z } from 'zod';
import { PageFields } from '../../lib/cursor';
import { InstantInput } from '../../lib/instant';
import { IdInput } from '../actor';

const text = (max: number) => z.string({ error: 'must be a text' }).trim().max(max, `must be at most ${max} characters`);
const optionalNumber = <T extends z.ZodType>(schema: T) => z.union([z.literal('').transform(() => undefined), z.null().transform(() => undefined), schema]).optional();

export const CAPACITY_KINDS = ['mailing', 'campaign', 'migration', 'other'] as const;
export const CAPACITY_STATES = ['submitted', 'aligned', 'declined', 'cancelled'] as const;

const eventFields = {
  platform: z.string({ error: 'choose a platform' }).trim().min(1, 'choose a platform').max(64),
  kind: z.enum(CAPACITY_KINDS, { error: 'must be mailing, campaign, migration or other' }),
  startsAt: InstantInput,
  endsAt: z.union([z.literal('').transform(() => undefined), InstantInput]).optional(),
  expectedLoad: text(2000).min(3, 'say what load you expect'),
  additionalActiveUsers: optionalNumber(z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(0, 'must be 0 or more').max(1_000_000_000)),
  peakFactor: optionalNumber(z.coerce.number({ error: 'must be a number' }).min(1, 'must be at least 1 (normal load)').max(1000)),
  description: text(5000).default(''),
  contact: text(300).min(3, 'say whom to call about it'),
};

// A customer sends a late event only by saying so (`isLateAccepted`) and why (`lateReason`).
export const SubmitCapacityEventInput = z.strictObject({
  ...eventFields,
  isLateAccepted: z.boolean().default(false),
  lateReason: text(1000).optional(),
});

// An admin records one (received by phone or ticket) for an organisation; a late one needs `lateReason`.
export const RecordCapacityEventInput = z.strictObject({
  organizationId: IdInput,
  ...eventFields,
  lateReason: text(1000).optional(),
});

export const AlignCapacityEventInput = z.strictObject({ measures: text(5000).min(3, 'say what was agreed') });
export const DeclineCapacityEventInput = z.strictObject({ reason: text(5000).min(3, 'say why it is declined') });
export const CancelCapacityEventInput = z.strictObject({ reason: text(2000).default('') });

export const ListCapacityEventsInput = z.strictObject({
  platform: z.string().trim().max(64).optional(),
  state: z.enum(CAPACITY_STATES, { error: 'must be submitted, aligned, declined or cancelled' }).optional(),
  organizationId: IdInput.optional(),
  isLate: z.enum(['true', 'false'], { error: 'must be true or false' }).transform((v) => v === 'true').optional(),
  from: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date and time with an offset' }).optional(),
  to: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date and time with an offset' }).optional(),
  ...PageFields,
});
