// Rendered public responses kept in memory, so a page is rendered once per change and not once per
// request. Entries are dropped when published state changes (ctx.changes in this process, SQLite's
// data_version for commits by another process) and expire when time alone changes what they show.
import type { AppContext } from '../context';
import { earliestPhaseChange, type MaintenanceStatus } from '../domain/maintenance-lifecycle';
import { buildEntry, type Entry, isStorable, type Rendered } from './cache-entry';

export type { Entry, Rendered } from './cache-entry';

export type CacheResult = { entry: Entry } | { uncached: Rendered };

export type ResponseCacheOptions = {
  // Headers every answer carries (security headers), merged under the rendered ones.
  baseHeaders: Record<string, string>;
  maxEntries?: number;
  maxBytes?: number;
  // How often, at most, to ask SQLite whether another connection committed.
  checkIntervalMs?: number;
};

// The next instant at which time alone changes a page: a window changes phase (the domain says
// when), or an announcement becomes visible. Windows that are finished or past their end are skipped.
const OPEN_WINDOWS_SQL = `SELECT status, starts_at AS startsAt, ends_at AS endsAt FROM maintenances
  WHERE status IN ('scheduled', 'in_progress') AND ends_at >= @now`;
const NEXT_CHANGE_SQL = `
  SELECT min(t) AS t FROM (
    SELECT min(published_at) AS t FROM maintenances WHERE published_at > @now
    UNION ALL SELECT min(publish_at) FROM publications WHERE publish_at > @now AND cancelled_at IS NULL
  )`;

export class ResponseCache {
  readonly #ctx: AppContext;
  readonly #opts: Required<ResponseCacheOptions>;
  readonly #entries = new Map<string, Entry>();
  readonly #inflight = new Map<string, Promise<CacheResult>>();
  readonly #unsubscribe: () => void;
  #bytes = 0;
  #generation = 0;
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
    this.#unsubscribe = ctx.changes.subscribe(() => this.clear());
  }

  get generation(): number {
    return this.#generation;
  }

  get size(): number {
    return this.#entries.size;
  }

  clear(): void {
    this.#entries.clear();
    // Renders already running read the old state: new requests must not join them.
    this.#inflight.clear();
    this.#bytes = 0;
    this.#generation += 1;
  }

  close(): void {
    this.#unsubscribe();
    this.clear();
  }

  // Another process (the dispatcher, an operator CLI) committed: drop everything.
  checkExternalChanges(): void {
    const now = Date.now();
    if (now - this.#lastCheck < this.#opts.checkIntervalMs) return;
    this.#lastCheck = now;
    const version = this.#readDataVersion();
    if (version !== this.#dataVersion) {
      this.#dataVersion = version;
      this.clear();
    }
  }

  // Synchronous on a hit (the hot path under load), a promise when the page must be rendered.
  fetch(key: string, render: () => Promise<Rendered>): CacheResult | Promise<CacheResult> {
    this.checkExternalChanges();
    const entry = this.#entries.get(key);
    if (!entry) return this.#await(key, render);
    // Time changed what it shows (a window started): render anew, never answer the old state.
    if (this.#ctx.clock.now().getTime() >= entry.expiresAt) {
      this.#drop(key);
      return this.#await(key, render);
    }
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return { entry };
  }

  async #await(key: string, render: () => Promise<Rendered>): Promise<CacheResult> {
    const running = this.#inflight.get(key);
    if (!running) return this.#start(key, render);
    const result = await running;
    // A response that is not shared (it set a cookie, or failed) is rendered for each request.
    return 'entry' in result ? result : { uncached: await render() };
  }

  #start(key: string, render: () => Promise<Rendered>): Promise<CacheResult> {
    const existing = this.#inflight.get(key);
    if (existing) return existing;
    const generation = this.#generation;
    const job = render()
      .then((rendered): CacheResult => {
        if (!isStorable(rendered)) {
          // An expired entry whose page now fails or is gone must not be served any longer.
          if (generation === this.#generation) this.#drop(key);
          return { uncached: rendered };
        }
        const entry = buildEntry(rendered, this.#opts.baseHeaders, this.#expiry());
        if (generation === this.#generation) this.#store(key, entry);
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
    this.#bytes -= old.bytes;
    this.#entries.delete(key);
  }

  #store(key: string, entry: Entry): void {
    this.#drop(key);
    if (entry.bytes > this.#opts.maxBytes / 4) return;
    this.#entries.set(key, entry);
    this.#bytes += entry.bytes;
    for (const [oldest, e] of this.#entries) {
      if (this.#entries.size <= this.#opts.maxEntries && this.#bytes <= this.#opts.maxBytes) break;
      this.#entries.delete(oldest);
      this.#bytes -= e.bytes;
    }
  }

  // Pages say "generated at hh:mm" and show due/overdue updates: they go stale at the next minute,
  // or earlier at the next instant that the data says changes the state.
  #expiry(): number {
    const now = this.#ctx.clock.now().getTime();
    const nextMinute = (Math.floor(now / 60_000) + 1) * 60_000;
    const row = this.#ctx.db.$client.prepare(NEXT_CHANGE_SQL).get({ now }) as { t: number | null } | undefined;
    const open = this.#ctx.db.$client.prepare(OPEN_WINDOWS_SQL).all({ now }) as { status: MaintenanceStatus; startsAt: number; endsAt: number }[];
    const phaseChange = earliestPhaseChange(open.map((w) => ({ status: w.status, startsAt: new Date(w.startsAt), endsAt: new Date(w.endsAt) })), new Date(now));
    return Math.min(nextMinute, row?.t ?? Number.POSITIVE_INFINITY, phaseChange?.getTime() ?? Number.POSITIVE_INFINITY);
  }

  #readDataVersion(): number {
    return this.#ctx.db.$client.pragma('data_version', { simple: true }) as number;
  }
}
