/** What every queue module works on: the database and the clock (tests bring their own). */
import { hostname } from 'node:os';
import type { Db } from '../db/open';

export interface QueueCtx {
  readonly db: Db;
  readonly now: () => number;
}

/** This machine: with the pid, who owns a claim or a batch (recovery tells a dead owner from another machine's). */
export const HOST = hostname();
