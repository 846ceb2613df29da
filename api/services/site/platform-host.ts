// Which platform a request means when its path names none: the platform whose own host name
// (status-eu.example.com) the request came to, else the admin's default platform, else none ('').
import { eq } from 'drizzle-orm';
import { platforms } from '../../../db/schema';
import type { Db } from '../../../db/connection';
import { getBrand } from './get-brand';

import { hostNameOf } from '../../lib/host-name';

export { hostNameOf };

export function platformOwningHost(ctx: { db: Db }, hostHeader: string | undefined | null): string | null {
  const host = hostNameOf(hostHeader);
  if (!host) return null;
  return ctx.db.select({ slug: platforms.slug }).from(platforms).where(eq(platforms.hostName, host)).get()?.slug ?? null;
}

export function platformForHost(ctx: { db: Db }, hostHeader: string | undefined | null): string {
  return platformOwningHost(ctx, hostHeader) ?? getBrand(ctx).defaultPlatformSlug ?? '';
}
