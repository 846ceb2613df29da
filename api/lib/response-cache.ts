// Rendered public responses kept in memory, so a page is rendered once per change and not once per
// request. Each entry belongs to one platform (or to all, like the front page). It goes stale when
// that platform's row in `platform_versions` moves (triggers bump it on every write to what its
// documents show, from any connection) or when time alone changes what it shows. A stale entry is
// still served while one request renders its successor (stale-while-revalidate, one render per
// document), so a change under load costs one render, not a queue of them.
import type { AppContext } from '../context';
import { earliestPhaseChange, type MaintenanceStatus } from '../domain/maintenance-lifecycle';
import { buildEntry, type Entry, isStorable, type Rendered } from './cache-entry';

export type { Entry, Rendered } from './cache-entry';

export type CacheResult = { entry: Entry } | { uncached: Rendered };

// The platform whose changes make a document stale, or 'all' for documents showing every platform.
export type Scope = number | 'all';

// `result`: the entry as fetch() answers it, made once when stored.
type Stored = { entry: Entry; scope: Scope; since: number; result: CacheResult };

export type ResponseCacheOptions = {
  // Headers every answer carries (security headers), merged under the rendered ones.
  baseHeaders: Record<string, string>;
  maxEntries?: number;
  maxBytes?: number;
  // How often, at most, to ask SQLite whether another connection committed.
  checkIntervalMs?: number;
};

// The next instant at which time alone changes a page: a window changes phase (the domain says
// when), a publication becomes visible or a general announcement reaches its end. Windows that
// are finished or past their end are skipped.
// A platform's entry looks at that platform's windows and publications only (@platform); an entry of
// all platforms (the front page) at every one (@platform NULL).
const OPEN_WINDOWS_SQL = `SELECT status, starts_at AS startsAt, ends_at AS endsAt FROM maintenances
  WHERE status IN ('scheduled', 'in_progress') AND ends_at >= @now AND (@platform IS NULL OR platform_id = @platform)`;
const NEXT_CHANGE_SQL = `
  SELECT min(t) AS t FROM (
    SELECT min(published_at) AS t FROM maintenances WHERE published_at > @now AND (@platform IS NULL OR platform_id = @platform)
    UNION ALL SELECT min(publish_at) FROM publications
      WHERE publish_at > @now AND cancelled_at IS NULL AND (@platform IS NULL OR platform_id = @platform)
    UNION ALL SELECT min(ends_at) FROM announcements WHERE ends_at > @now AND (@platform IS NULL OR platform_id = @platform)
  )`;

export class ResponseCache {
  readonly #ctx: AppContext;
  readonly #opts: Required<ResponseCacheOptions>;
  readonly #entries = new Map<string, Stored>();
  readonly #inflight = new Map<string, Promise<CacheResult>>();
  readonly #unsubscribe: () => void;
  #bytes = 0;
  // One counter orders renders and changes: an entry is stale when a change of its scope came
  // after its render started.
  #tick = 0;
  readonly #changedAt = new Map<number, number>();
  #anyChangedAt = 0;
  #allChangedAt = 0;
  readonly #versions = new Map<number, number>();
  #dataVersion: number;
  #lastCheck = 0;

  constructor(ctx: AppContext, opts: ResponseCacheOptions) {
    this.#ctx = ctx;
    this.#opts = {
      baseHeaders: opts.baseHeaders,
      maxEntries: opts.maxEntries ?? 500,
      maxBytes: opts.maxBytes ?? 48 * 1024 * 1024,
      checkIntervalMs: opts.checkIntervalMs ?? 250,
    };
    this.#dataVersion = this.#readDataVersion();
    for (const row of this.#readVersions()) this.#versions.set(row.id, row.version);
    // Something was written in this process (its own commits leave data_version alone): look now.
    this.#unsubscribe = ctx.changes.subscribe(() => this.checkExternalChanges(true));
  }

  // Moves whenever any platform changed (the set of platforms, their names and slugs included).
  get platformsChangedAt(): number {
    return Math.max(this.#anyChangedAt, this.#allChangedAt);
  }

  get size(): number {
    return this.#entries.size;
  }

  has(key: string): boolean {
    return this.#entries.has(key);
  }

  // Marks every entry stale (they are still served while their successors render).
  invalidateAll(): void {
    this.#allChangedAt = ++this.#tick;
  }

  clear(): void {
    this.#entries.clear();
    this.#inflight.clear();
    this.#bytes = 0;
    this.invalidateAll();
  }

  close(): void {
    this.#unsubscribe();
    this.clear();
  }

  // Reads the platform versions when another connection committed (data_version moved; looked at
  // most every checkIntervalMs) or at once when this process announced a change.
  checkExternalChanges(force = false): void {
    const now = Date.now();
    if (!force && now - this.#lastCheck < this.#opts.checkIntervalMs) return;
    this.#lastCheck = now;
    const dataVersion = this.#readDataVersion();
    if (!force && dataVersion === this.#dataVersion) return;
    this.#dataVersion = dataVersion;
    const seen = new Set<number>();
    let changed = false;
    for (const { id, version } of this.#readVersions()) {
      seen.add(id);
      if (this.#versions.get(id) === version) continue;
      this.#versions.set(id, version);
      this.#changedAt.set(id, ++this.#tick);
      changed = true;
    }
    for (const id of [...this.#versions.keys()].filter((id) => !seen.has(id))) {
      this.#versions.delete(id);
      this.#changedAt.set(id, ++this.#tick);
      changed = true;
    }
    if (changed) this.#anyChangedAt = this.#tick;
  }

  // The stored answer when it is fresh, else undefined: then fetch(). The caller has just called
  // checkExternalChanges() (public-cache.ts does, once per request).
  fresh(key: string): CacheResult | undefined {
    const stored = this.#entries.get(key);
    if (!stored || this.#isStale(stored)) return undefined;
    this.#entries.delete(key);
    this.#entries.set(key, stored);
    return stored.result;
  }

  // Synchronous on a hit (the hot path under load), a promise when this request must render.
  fetch(key: string, scope: Scope, render: () => Promise<Rendered>): CacheResult | Promise<CacheResult> {
    this.checkExternalChanges();
    const stored = this.#entries.get(key);
    if (!stored) return this.#await(key, scope, render);
    if (this.#isStale(stored)) {
      // Someone is already rendering the successor: answer the previous copy meanwhile.
      if (this.#inflight.has(key)) return { entry: stored.entry };
      return this.#start(key, scope, render);
    }
    this.#entries.delete(key);
    this.#entries.set(key, stored);
    return stored.result;
  }

  #isStale(stored: Stored): boolean {
    if (this.#ctx.clock.now().getTime() >= stored.entry.expiresAt) return true;
    const changedAt = stored.scope === 'all' ? this.#anyChangedAt : (this.#changedAt.get(stored.scope) ?? 0);
    return Math.max(changedAt, this.#allChangedAt) > stored.since;
  }

  async #await(key: string, scope: Scope, render: () => Promise<Rendered>): Promise<CacheResult> {
    const running = this.#inflight.get(key);
    if (!running) return this.#start(key, scope, render);
    const result = await running;
    // A response that is not shared (it set a cookie, or failed) is rendered for each request.
    return 'entry' in result ? result : { uncached: await render() };
  }

  #start(key: string, scope: Scope, render: () => Promise<Rendered>): Promise<CacheResult> {
    const existing = this.#inflight.get(key);
    if (existing) return existing;
    const since = ++this.#tick;
    const job = render()
      .then((rendered): CacheResult => {
        if (!isStorable(rendered)) {
          // A stale entry whose page now fails or is gone must not be served any longer.
          this.#drop(key);
          return { uncached: rendered };
        }
        const entry = buildEntry(rendered, this.#opts.baseHeaders, this.#expiry(scope));
        // Rendered from the state at `since`: a change during the render leaves it stale at once.
        this.#store(key, { entry, scope, since, result: { entry } });
        return { entry };
      })
      .finally(() => {
        if (this.#inflight.get(key) === job) this.#inflight.delete(key);
      });
    this.#inflight.set(key, job);
    return job;
  }

  #drop(key: string): void {
    const old = this.#entries.get(key);
    if (!old) return;
    this.#bytes -= old.entry.bytes;
    this.#entries.delete(key);
  }

  #store(key: string, stored: Stored): void {
    this.#drop(key);
    if (stored.entry.bytes > this.#opts.maxBytes / 4) return;
    this.#entries.set(key, stored);
    this.#bytes += stored.entry.bytes;
    for (const [oldest, e] of this.#entries) {
      if (this.#entries.size <= this.#opts.maxEntries && this.#bytes <= this.#opts.maxBytes) break;
      this.#entries.delete(oldest);
      this.#bytes -= e.entry.bytes;
    }
  }

  // Pages say "generated at hh:mm" and show due/overdue updates: they go stale at the next minute,
  // or earlier at the next instant that the data of its scope says changes the state.
  #expiry(scope: Scope): number {
    const now = this.#ctx.clock.now().getTime();
    const nextMinute = (Math.floor(now / 60_000) + 1) * 60_000;
    const params = { now, platform: scope === 'all' ? null : scope };
    const row = this.#ctx.db.$client.prepare(NEXT_CHANGE_SQL).get(params) as { t: number | null } | undefined;
    const open = this.#ctx.db.$client.prepare(OPEN_WINDOWS_SQL).all(params) as { status: MaintenanceStatus; startsAt: number; endsAt: number }[];
    const phaseChange = earliestPhaseChange(open.map((w) => ({ status: w.status, startsAt: new Date(w.startsAt), endsAt: new Date(w.endsAt) })), new Date(now));
    return Math.min(nextMinute, row?.t ?? Number.POSITIVE_INFINITY, phaseChange?.getTime() ?? Number.POSITIVE_INFINITY);
  }

  #readDataVersion(): number {
    return this.#ctx.db.$client.pragma('data_version', { simple: true }) as number;
  }

  #readVersions(): { id: number; version: number }[] {
    return this.#ctx.db.$client.prepare('SELECT platform_id AS id, version FROM platform_versions').all() as { id: number; version: number }[];
  }
}
