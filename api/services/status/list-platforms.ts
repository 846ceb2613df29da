// Every platform with its overall state, for the front page and GET /api/v1/platforms.
import type { AppContext } from '../../context';
import type { OverallState } from '../../domain/status-rollup';
import { getPlatformStatus } from './get-platform-status';
import { listPlatformRows } from './load';

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
  const rows = listPlatformRows(ctx.db);
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
