// What an organisation is made of, as admins send it (API and form) and customers edit it.
import { z } from 'zod';
import { PageFields } from '../../lib/cursor';
import { EmailInput } from '../auth/operators';
import { LIST_NAMES } from '../subscriptions/lists';

const text = (max: number) => z.string({ error: 'must be a text' }).trim().max(max, `must be at most ${max} characters`);

export const PhoneInput = z
  .string({ error: 'must be a text' })
  .trim()
  .regex(/^\+?[0-9][0-9 ()./-]{3,28}[0-9]$/, 'must be a phone number such as +49 30 1234567');

export const ContactInput = z.strictObject({
  list: z.enum(LIST_NAMES, { error: 'must be "incident" or "informational"' }),
  email: EmailInput,
  phone: z.union([PhoneInput, z.literal('').transform(() => undefined), z.null().transform(() => undefined)]).optional(),
});

// One central address per list, both lists required.
export const ContactsInput = z
  .array(ContactInput, { error: 'must be a list of {list, email, phone?}' })
  .max(LIST_NAMES.length, 'one central address per list')
  .superRefine((contacts, ctx) => {
    const seen = new Set<string>();
    contacts.forEach((c, i) => {
      if (seen.has(c.list)) ctx.addIssue({ code: 'custom', path: [i, 'list'], message: `a second central address for the ${c.list} list` });
      seen.add(c.list);
    });
    for (const list of LIST_NAMES) {
      if (!seen.has(list)) ctx.addIssue({ code: 'custom', path: [], message: `a central address for the ${list} list is required` });
    }
  });

const DomainInput = z
  .string({ error: 'must be a text' })
  .trim()
  .toLowerCase()
  .regex(/^(?=.{3,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'must be a mail domain such as example.com');

export const OrganizationInput = z.strictObject({
  name: text(200).min(2, 'must be at least 2 characters'),
  platforms: z.array(z.string({ error: 'must be a platform name' }).trim().max(64), { error: 'must be a list of platforms' }).min(1, 'choose at least one platform').max(50),
  ticketReference: text(200).default(''),
  contacts: ContactsInput,
  members: z.array(EmailInput, { error: 'must be a list of addresses' }).max(200, 'at most 200 members').default([]),
  domains: z.array(DomainInput, { error: 'must be a list of domains' }).max(50, 'at most 50 domains').default([]),
});
export type OrganizationInput = z.input<typeof OrganizationInput>;
export type OrganizationData = z.output<typeof OrganizationInput>;
export type ContactData = z.output<typeof ContactInput>;

export const ListOrganizationsInput = z.strictObject({
  q: z.string().max(200, 'must be at most 200 characters').optional(),
  ...PageFields,
});
