// One phase, three views: for a window in each phase, the public page, the Statuspage v2 JSON and
// the admin page say the same thing, because all three ask api/domain's maintenancePhase. Against
// the built server with its dispatcher off, so that a due window stays due while it is read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, type Db, openDb } from '../../db/connection';
import { maintenances, operators, platforms } from '../../db/schema';
import { eq } from 'drizzle-orm';
import { loadConfig } from '../../api/config';
import { createContext } from '../../api/context';
import { MAINTENANCE_PHASES, type MaintenancePhase, type MaintenanceStatus } from '../../api/domain/maintenance-lifecycle';
import { createSession, SESSION_COOKIE } from '../../api/services/auth/sessions';
import { STATUSPAGE_STATUS_OF_PHASE } from '../../api/services/statuspage/mappers';
import { MAINTENANCE_PHASE_LABELS } from '../../site/lib/labels';
import { PHASE_LABELS } from '../../site/lib/maintenance-form';
import { type RunningServer, startServer } from '../support/server';

const HOUR = 3_600_000;

// Each phase as the rows make it, relative to the server's (real) clock.
const WINDOWS: Record<MaintenancePhase, { from: number; to: number; status: MaintenanceStatus; outcome?: 'successful' }> = {
  scheduled: { from: 120 * HOUR, to: 122 * HOUR, status: 'scheduled' },
  due_not_started: { from: -1 * HOUR, to: 1 * HOUR, status: 'scheduled' },
  in_progress: { from: -1 * HOUR, to: 1 * HOUR, status: 'in_progress' },
  overdue_no_outcome: { from: -3 * HOUR, to: -1 * HOUR, status: 'in_progress' },
  completed: { from: -3 * HOUR, to: -1 * HOUR, status: 'completed', outcome: 'successful' },
  cancelled: { from: 120 * HOUR, to: 122 * HOUR, status: 'cancelled' },
};

describe('a maintenance window in each phase', () => {
  let server: RunningServer;
  let db: Db;
  let cookie: string;
  const ids = {} as Record<MaintenancePhase, number>;

  beforeAll(async () => {
    server = await startServer({ env: { DISPATCHER: 'off' } });
    db = openDb(server.dbPath);
    const ctx = createContext({ db, config: loadConfig({ NODE_ENV: 'test', DATABASE_PATH: server.dbPath }) });
    const operatorId = db.insert(operators).values({ email: 'phases@example.com', role: 'operator', passwordHash: 'not used' }).returning().get().id;
    cookie = `${SESSION_COOKIE}=${createSession(ctx, { operatorId }).token}`;
    const platformId = db.select().from(platforms).where(eq(platforms.slug, 'eu')).get()!.id;
    const now = Date.now();
    for (const phase of MAINTENANCE_PHASES) {
      const w = WINDOWS[phase];
      const at = (offset: number) => new Date(now + offset);
      ids[phase] = db.insert(maintenances).values({
        platformId, kind: 'planned', title: `Window ${phase}`, expectedImpact: 'None', startsAt: at(w.from), endsAt: at(w.to),
        status: w.status, outcome: w.outcome ?? null, publishedAt: at(-7 * 24 * HOUR), updatedAt: at(0),
        startedAt: w.status === 'in_progress' || w.status === 'completed' ? at(w.from) : null,
        finishedAt: w.status === 'completed' || w.status === 'cancelled' ? at(-HOUR) : null,
      }).returning().get().id;
    }
  });
  afterAll(async () => {
    if (db) closeDb(db);
    await server?.stop();
  });

  async function get(path: string, headers: Record<string, string> = {}): Promise<string> {
    const res = await fetch(server.url + path, { headers, redirect: 'manual' });
    expect(res.status, `${path} answered ${res.status}`).toBe(200);
    return res.text();
  }

  it.each(MAINTENANCE_PHASES)('%s: the public page, the v2 JSON and the admin page agree', async (phase) => {
    const id = ids[phase];
    const page = await get(`/eu/maintenance/${id}`);
    const shown = /data-phase="([a-z_]+)"[^>]*>([^<]*)</.exec(page);
    const v2 = JSON.parse(await get('/eu/api/v2/scheduled-maintenances.json')) as { scheduled_maintenances: { id: string; status: string }[] };
    const listed = v2.scheduled_maintenances.find((m) => m.id === `m${id}`);
    const admin = /<dd id="status"[^>]*>([^<]*)/.exec(await get(`/admin/maintenance/${id}`, { cookie }));
    expect({
      page: shown && { phase: shown[1], label: shown[2] },
      v2: listed?.status ?? null,
      admin: admin?.[1]?.split(' · ')[0] ?? null, // the outcome, if any, follows the phase
    }).toEqual({
      page: { phase, label: MAINTENANCE_PHASE_LABELS[phase] },
      v2: STATUSPAGE_STATUS_OF_PHASE[phase],
      admin: PHASE_LABELS[phase],
    });
  });

  it('a window past its end without an outcome reads the same everywhere (it used to be "In progress", "verifying" and "past end")', async () => {
    const id = ids.overdue_no_outcome;
    expect(await get(`/eu/maintenance/${id}`)).toContain('Verifying (past its planned end)');
    const v2 = JSON.parse(await get('/eu/api/v2/scheduled-maintenances/active.json')) as { scheduled_maintenances: { id: string; status: string }[] };
    expect(v2.scheduled_maintenances.find((m) => m.id === `m${id}`)?.status).toBe('verifying');
    expect(await get(`/admin/maintenance/${id}`, { cookie })).toContain('⚠ Past its end, no outcome recorded');
  });
});
