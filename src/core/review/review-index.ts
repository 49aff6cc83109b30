/**
 * The review index (migration 007): each processed deck's images, parsed once from the
 * job's result into review_items, so the Review screen pages, filters and counts in SQL
 * instead of parsing 2,000 results on every keystroke. A deck is indexed the first time
 * its batch is read after its result was written (a trigger forgets it when the result
 * changes), then its groups of identical images and its counts are brought up to date.
 */
import type { Db } from '../db/open';
import type { AltItem, ProcessorResult } from '../../shared/types';
import { itemKeyOf } from '../../shared/review';
import { standingAfter, standingBefore } from '../../shared/score';
import { isClinical, isReviewable, reviewReasons } from './rules';

/** `media:<sha256>` groups identical pictures; an item without bytes to compare is alone. */
export function groupKeyOf(jobId: number, item: AltItem, split: boolean): string {
  if (!split && item.mediaHash && /^[0-9a-f]{64}$/.test(item.mediaHash)) return `media:${item.mediaHash}`;
  return aloneKey(jobId, itemKeyOf(item));
}

export const aloneKey = (jobId: number, itemKey: string): string => `one:${jobId}|${itemKey}`;

/** A proposal a bulk approval may take: real text, not a placeholder, not a candidate for decorative. */
export function bulkApprovable(item: AltItem): boolean {
  return !!item.newAlt && item.status !== 'decorative-candidate' && item.source !== 'placeholder';
}

/** Up to this many touched groups are recounted one by one; past it, the whole batch at once. */
const GROUPS_ONE_BY_ONE = 400;

const STANDING_SQL = (action: string) => `(CASE WHEN ${action} IS NULL THEN i.standing WHEN ${action} = 'reject' THEN i.standing_rejected ELSE 'done' END)`;

const GROUP_SELECT = `
  SELECT i.batch_id, i.group_key, COUNT(*), COUNT(d.action), COUNT(DISTINCT i.job_id), MAX(i.needs_review), MAX(i.clinical),
         (SELECT f.source FROM review_items f INDEXED BY review_items_group WHERE f.batch_id = i.batch_id AND f.group_key = i.group_key AND f.reviewable = 1 ORDER BY f.job_id, f.seq LIMIT 1),
         (SELECT f.job_id FROM review_items f INDEXED BY review_items_group WHERE f.batch_id = i.batch_id AND f.group_key = i.group_key AND f.reviewable = 1 ORDER BY f.job_id, f.seq LIMIT 1),
         (SELECT f.item_key FROM review_items f INDEXED BY review_items_group WHERE f.batch_id = i.batch_id AND f.group_key = i.group_key AND f.reviewable = 1 ORDER BY f.job_id, f.seq LIMIT 1),
         (SELECT f.seq FROM review_items f INDEXED BY review_items_group WHERE f.batch_id = i.batch_id AND f.group_key = i.group_key AND f.reviewable = 1 ORDER BY f.job_id, f.seq LIMIT 1)
  FROM review_items i LEFT JOIN review_decisions d ON d.job_id = i.job_id AND d.item_key = i.item_key
  WHERE i.reviewable = 1 AND i.batch_id = ?`;

export class ReviewIndex {
  constructor(private readonly db: Db) {}

  /** Indexes every deck of the batch whose result is not indexed yet; cheap when all are. */
  ensure(batchId: string): void {
    if (this.db.prepare('SELECT 1 FROM review_fresh WHERE batch_id = ?').get(batchId)) return;
    this.db
      .transaction(() => {
        // inside the write transaction: a result written meanwhile is either seen here or clears the mark after it
        const pending = this.db
          .prepare('SELECT id FROM jobs WHERE batch_id = ? AND result IS NOT NULL AND id NOT IN (SELECT job_id FROM review_indexed WHERE batch_id = ?) ORDER BY id')
          .pluck()
          .all(batchId, batchId) as number[];
        const touched = new Set<string>();
        for (const id of pending) this.indexJob(id, batchId, touched);
        this.carryLibrary(batchId, pending);
        this.recountGroups(batchId, touched);
        // a deck still running writes its result later: that clears the mark (trigger on jobs)
        this.db.prepare('INSERT OR IGNORE INTO review_fresh (batch_id) VALUES (?)').run(batchId);
      })
      .immediate();
  }

  private indexJob(jobId: number, batchId: string, touched: Set<string>): void {
    const raw = this.db.prepare('SELECT result FROM jobs WHERE id = ?').pluck().get(jobId) as string | null;
    for (const k of this.db.prepare('SELECT DISTINCT group_key FROM review_items WHERE job_id = ?').pluck().all(jobId) as string[]) touched.add(k);
    this.db.prepare('DELETE FROM review_items WHERE job_id = ?').run(jobId);
    this.db.prepare('DELETE FROM review_job_counts WHERE job_id = ?').run(jobId);
    let items: AltItem[] = [];
    try {
      items = raw ? ((JSON.parse(raw) as ProcessorResult).items ?? []) : [];
    } catch {
      items = []; // a result that is not JSON has nothing to review; the job's own report says so
    }
    const splits = new Set(this.db.prepare('SELECT item_key FROM review_splits WHERE job_id = ?').pluck().all(jobId) as string[]);
    const ins = this.db.prepare(
      `INSERT OR REPLACE INTO review_items (job_id, item_key, batch_id, seq, group_key, reviewable, needs_review, clinical, source, bulk_ok, slide, standing, standing_rejected, item, reasons)
       VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
    );
    items.forEach((item, seq) => {
      if (!item || typeof item !== 'object' || !item.part) return;
      const key = itemKeyOf(item);
      const reviewable = isReviewable(item);
      const reasons = reviewReasons(item);
      const groupKey = groupKeyOf(jobId, item, splits.has(key));
      if (reviewable) touched.add(groupKey);
      ins.run(
        jobId,
        key,
        batchId,
        seq,
        groupKey,
        reviewable ? 1 : 0,
        item.needsReview || reasons.length > 0 ? 1 : 0,
        isClinical(item) ? 1 : 0,
        item.source,
        bulkApprovable(item) ? 1 : 0,
        item.slide,
        standingAfter(item),
        standingBefore(item),
        JSON.stringify(item),
        JSON.stringify(reasons),
      );
    });
    // the deck's counts, from its items and any decision already made (a re-indexed deck keeps its decisions)
    this.db
      .prepare(
        `INSERT INTO review_job_counts (job_id, batch_id, items, needs_review, reviewed, approved, edited, decorative, rejected, done, draft, missing)
         SELECT ?, ?, COALESCE(SUM(i.reviewable), 0), COALESCE(SUM(i.reviewable AND i.needs_review), 0),
           COUNT(CASE WHEN i.reviewable THEN d.action END),
           COALESCE(SUM(i.reviewable AND d.action = 'approve'), 0), COALESCE(SUM(i.reviewable AND d.action = 'edit'), 0),
           COALESCE(SUM(i.reviewable AND d.action = 'decorative'), 0), COALESCE(SUM(i.reviewable AND d.action = 'reject'), 0),
           COALESCE(SUM(${STANDING_SQL('CASE WHEN i.reviewable THEN d.action END')} = 'done'), 0),
           COALESCE(SUM(${STANDING_SQL('CASE WHEN i.reviewable THEN d.action END')} = 'draft'), 0),
           COALESCE(SUM(${STANDING_SQL('CASE WHEN i.reviewable THEN d.action END')} = 'missing'), 0)
         FROM review_items i LEFT JOIN review_decisions d ON d.job_id = i.job_id AND d.item_key = i.item_key
         WHERE i.job_id = ?`,
      )
      .run(jobId, batchId, jobId);
    this.db.prepare('INSERT OR REPLACE INTO review_indexed (job_id, batch_id) VALUES (?, ?)').run(jobId, batchId);
  }

  /** Identical images decided before (this batch or an earlier one) carry that decision over. */
  private carryLibrary(batchId: string, jobIds: number[]): void {
    const carry = this.db.prepare(
      `INSERT INTO review_decisions (job_id, item_key, batch_id, action, text, reviewer, decided_at, origin)
       SELECT i.job_id, i.item_key, i.batch_id, l.action, l.text, l.reviewer, l.decided_at, 'library'
       FROM review_items i JOIN decision_library l ON l.group_key = i.group_key
       WHERE i.job_id = ? AND i.reviewable = 1
         AND NOT EXISTS (SELECT 1 FROM review_decisions d WHERE d.job_id = i.job_id AND d.item_key = i.item_key)`,
    );
    const log = this.db.prepare(
      `INSERT INTO review_log (job_id, item_key, action, text, reviewer, at, origin)
       SELECT job_id, item_key, action, text, reviewer, decided_at, 'library' FROM review_decisions
       WHERE job_id = ? AND origin = 'library' AND item_key NOT IN (SELECT item_key FROM review_log WHERE job_id = ? AND origin = 'library')`,
    );
    for (const id of jobIds) {
      if (carry.run(id).changes) log.run(id, id);
    }
    void batchId;
  }

  /** Recounts the given groups of the batch (members, decided, decks, first member) from review_items. */
  recountGroups(batchId: string, keys: Iterable<string>): void {
    const list = [...new Set(keys)];
    if (!list.length) return;
    if (list.length > GROUPS_ONE_BY_ONE) {
      this.db.prepare('DELETE FROM review_groups WHERE batch_id = ?').run(batchId);
      this.db.prepare(`INSERT INTO review_groups ${GROUP_SELECT} GROUP BY i.group_key`).run(batchId);
      return;
    }
    const del = this.db.prepare('DELETE FROM review_groups WHERE batch_id = ? AND group_key = ?');
    const ins = this.db.prepare(`INSERT INTO review_groups ${GROUP_SELECT} AND i.group_key = ? GROUP BY i.group_key`);
    for (const k of list) {
      del.run(batchId, k);
      ins.run(batchId, k);
    }
  }
}
