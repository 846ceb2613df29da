// What every service receives: the database, the validated config and the clock.
import type { Db } from '../db/connection';
import type { Config } from './config';
import { ChangeFeed } from './lib/change-feed';

export type Clock = { now(): Date };

export const systemClock: Clock = { now: () => new Date() };

export type AppContext = {
  db: Db;
  config: Config;
  clock: Clock;
  // Announces that published state changed, so caches drop and the dispatcher wakes.
  changes: ChangeFeed;
};

export function createContext(parts: { db: Db; config: Config; clock?: Clock }): AppContext {
  return { ...parts, clock: parts.clock ?? systemClock, changes: new ChangeFeed() };
}
