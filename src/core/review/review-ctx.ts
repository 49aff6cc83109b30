/** What every review module works on: the queue (its database and decks), the clock, the index of images and their groups. */
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/open';
import type { QueueStore } from '../queue/store';
import { ReviewIndex } from './review-index';
import { ReviewGroups } from './review-groups';

export interface ReviewCtx {
  readonly queue: QueueStore;
  readonly db: Db;
  readonly now: () => number;
  readonly ix: ReviewIndex;
  readonly grp: ReviewGroups;
  /** Statements prepared once: a bulk approval writes thousands of rows. */
  readonly stmt: (sql: string) => Statement;
}

export function reviewCtx(queue: QueueStore, now: () => number): ReviewCtx {
  const db = queue.db;
  const stmts = new Map<string, Statement>();
  const stmt = (sql: string): Statement => {
    let s = stmts.get(sql);
    if (!s) stmts.set(sql, (s = db.prepare(sql)));
    return s;
  };
  return { queue, db, now, ix: new ReviewIndex(db), grp: new ReviewGroups(db), stmt };
}
