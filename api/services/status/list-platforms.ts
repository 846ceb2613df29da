// Every platform with its overall state, for the front page and GET /api/v1/platforms.
import { asc } from 'drizzle-orm';
import { platforms } from '../../../db/schema';
import type { AppContext } from '../../context';
import type { OverallState } from '../../domain/status-rollup';
import { getPlatformStatus } from './get-platform-status';

export type PlatformSummary = {
  slug: string;
  name: string;
  timeZone: string;
  overall: OverallState;
  overallLabel: string;
  activeIncidentCount: number;
  maintenanceInProgressCount: number;
};

export function listPlatforms(ctx: AppContext): PlatformSummary[] {
  const rows = ctx.db.select().from(platforms).orderBy(asc(platforms.sortOrder), asc(platforms.id)).all();
  return rows.map((p) => {
    const status = getPlatformStatus(ctx, { platform: p.slug }, { isCurrentOnly: true });
    return {
      slug: p.slug,
      name: p.name,
      timeZone: p.timeZone,
      overall: status.overall,
      overallLabel: status.overallLabel,
      activeIncidentCount: status.activeIncidents.length,
      maintenanceInProgressCount: status.maintenanceInProgress.length,
    };
  });
}
