// Whether publishing the public face to the bucket works: the dashboard shows a failing run.
import { desc, isNull } from 'drizzle-orm';
import { publishRuns } from '../../../db/schema';
import type { AppContext } from '../../context';

export type PublishProblem = { message: string; failingSince: Date; lastSuccessAt?: Date };

export function getPublishProblem(ctx: AppContext): PublishProblem | undefined {
  if (!ctx.config.publish) return undefined;
  const last = ctx.db.select().from(publishRuns).orderBy(desc(publishRuns.id)).limit(1).get();
  if (!last?.error) return undefined;
  const lastSuccess = ctx.db.select().from(publishRuns).where(isNull(publishRuns.error)).orderBy(desc(publishRuns.id)).limit(1).get();
  const firstFailure = ctx.db.select().from(publishRuns).orderBy(desc(publishRuns.id)).limit(100).all()
    .filter((r) => !lastSuccess || r.id > lastSuccess.id).at(-1) ?? last;
  return { message: last.error, failingSince: firstFailure.startedAt, lastSuccessAt: lastSuccess?.finishedAt ?? undefined };
}
