// The services of a platform (Web-Mail / HTTP, SMTP, ...): added, renamed, reordered by admins.
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { services } from '../../../db/schema';
import type { AppContext } from '../../context';
import { ConflictError, ForbiddenError, NotFoundError } from '../../errors';
import { parseInput } from '../../lib/zod-errors';
import { type Actor, auditFields } from '../actor';
import { recordAudit } from '../auth/record-audit';
import { findPlatform } from '../status/load';

export const SaveServiceInput = z.strictObject({
  id: z.coerce.number().int().positive().optional(),
  name: z.string().trim().min(2, 'must be at least 2 characters').max(80),
  description: z.string().trim().max(300).default(''),
  sortOrder: z.coerce.number().int().min(0).max(1000).default(0),
});

export function saveService(ctx: AppContext, actor: Actor, platformSlug: string, input: z.input<typeof SaveServiceInput>): number {
  if (actor.role !== 'admin') throw new ForbiddenError('Only an admin can change services');
  const data = parseInput(SaveServiceInput, input);
  const platform = findPlatform(ctx.db, platformSlug);
  const now = ctx.clock.now();
  const clash = ctx.db.select().from(services).where(and(eq(services.platformId, platform.id), eq(services.name, data.name))).get();
  if (clash && clash.id !== data.id) throw new ConflictError(`The ${platform.name} already has a service "${data.name}"`);
  const id = ctx.db.transaction((tx) => {
    const values = { name: data.name, description: data.description, sortOrder: data.sortOrder };
    let serviceId = data.id;
    if (serviceId) {
      const changed = tx.update(services).set(values).where(and(eq(services.id, serviceId), eq(services.platformId, platform.id))).run().changes;
      if (changed === 0) throw new NotFoundError(`No service ${serviceId} on the ${platform.name}`);
    } else {
      serviceId = tx.insert(services).values({ ...values, platformId: platform.id }).returning().get().id;
    }
    recordAudit(tx, { ...auditFields(actor, now), action: data.id ? 'service.changed' : 'service.added', subjectType: 'service', subjectId: serviceId, detail: values });
    return serviceId;
  });
  ctx.changes.bump();
  return id;
}
