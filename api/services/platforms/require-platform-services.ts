// Every service an incident or maintenance window names must belong to its platform.
import { and, eq, inArray } from 'drizzle-orm';
import { services } from '../../../db/schema';
import type { Db } from '../../../db/connection';
import { ValidationError } from '../../errors';

export function requireServicesOfPlatform(db: Pick<Db, 'select'>, platformId: number, ids: number[], field: string): void {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return;
  const found = db.select({ id: services.id }).from(services)
    .where(and(eq(services.platformId, platformId), inArray(services.id, unique))).all();
  if (found.length !== unique.length) {
    const message = 'a service does not belong to this platform';
    throw new ValidationError(`${field}: ${message}`, [{ field, message }]);
  }
}
