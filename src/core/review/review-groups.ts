/**
 * Groups of identical images, read from review_groups (kept by the index and the
 * decision triggers): paged, filtered and ordered by impact (most copies first), so
 * a logo on 2,000 decks is one row and one keystroke.
 */
import type { Db } from '../db/open';
import type { AltItem } from '../../shared/types';
import type { ReviewAction, ReviewGroup, ReviewItem, ReviewQuery } from '../../shared/review';

/** A row of review_items joined with its decision and its deck's paths. */
export interface ItemRow {
  job_id: number;
  item_key: string;
  batch_id: string;
  item: string;
  reasons: string;
  needs_review: number;
  clinical: number;
  action: ReviewAction | null;
  text: string | null;
  reviewer: string | null;
  decided_at: number | null;
  origin?: string | null;
  input_path: string;
  output_path: string | null;
}

export const ITEM_SELECT = `SELECT i.*, d.action, d.text, d.reviewer, d.decided_at, d.origin, j.input_path, j.output_path
  FROM review_items i JOIN jobs j ON j.id = i.job_id LEFT JOIN review_decisions d ON d.job_id = i.job_id AND d.item_key = i.item_key`;

export function toReviewItem(r: ItemRow): ReviewItem {
  return {
    batchId: r.batch_id,
    jobId: r.job_id,
    deckPath: r.input_path,
    mediaDeckPath: r.output_path ?? r.input_path,
    itemKey: r.item_key,
    item: JSON.parse(r.item) as AltItem,
    decision: r.action ? { jobId: r.job_id, itemKey: r.item_key, action: r.action, text: r.text, reviewer: r.reviewer, decidedAt: r.decided_at! } : null,
    reasons: JSON.parse(r.reasons) as string[],
    needsReview: !!r.needs_review,
    clinical: !!r.clinical,
  };
}

interface GroupRow {
  batch_id: string;
  group_key: string;
  members: number;
  decided: number;
  decks: number;
  needs_review: number;
  clinical: number;
  first_job: number;
  first_key: string;
}

/** Members listed under a group as "where it appears". */
const WHERE_SHOWN = 5;

export class ReviewGroups {
  constructor(private readonly db: Db) {}

  list(batchId: string, q: ReviewQuery): { total: number; groups: ReviewGroup[] } {
    const where = ['g.batch_id = ?'];
    const args: unknown[] = [batchId];
    const f = q.filter ?? 'all';
    if (f === 'needs-review') where.push('g.needs_review = 1');
    if (f === 'undecided') where.push('g.decided < g.members');
    if (f === 'decided') where.push('g.decided = g.members');
    if (q.source) {
      where.push('g.source = ?');
      args.push(q.source);
    }
    if (q.jobId !== undefined) {
      where.push('g.group_key IN (SELECT group_key FROM review_items WHERE job_id = ? AND reviewable = 1)');
      args.push(q.jobId);
    }
    const w = where.join(' AND ');
    const total = this.db.prepare(`SELECT COUNT(*) FROM review_groups g WHERE ${w}`).pluck().get(...args) as number;
    const rows = this.db
      .prepare(`SELECT g.* FROM review_groups g WHERE ${w} ORDER BY g.members DESC, g.first_job, g.first_seq LIMIT ? OFFSET ?`)
      .all(...args, q.limit ?? 100, q.offset ?? 0) as GroupRow[];
    return { total, groups: rows.map((r) => this.toGroup(r)) };
  }

  one(batchId: string, groupKey: string): ReviewGroup | null {
    const r = this.db.prepare('SELECT * FROM review_groups WHERE batch_id = ? AND group_key = ?').get(batchId, groupKey) as GroupRow | undefined;
    return r ? this.toGroup(r) : null;
  }

  private toGroup(g: GroupRow): ReviewGroup {
    const repRow = this.db.prepare(`${ITEM_SELECT} WHERE i.job_id = ? AND i.item_key = ?`).get(g.first_job, g.first_key) as ItemRow;
    const rep = toReviewItem(repRow);
    const where =
      g.members === 1
        ? [{ jobId: rep.jobId, deckPath: rep.deckPath, slide: rep.item.slide }]
        : (
            this.db
              .prepare(
                `SELECT i.job_id, j.input_path, i.slide FROM review_items i JOIN jobs j ON j.id = i.job_id
                 WHERE i.batch_id = ? AND i.group_key = ? AND i.reviewable = 1 ORDER BY i.job_id, i.seq LIMIT ${WHERE_SHOWN}`,
              )
              .all(g.batch_id, g.group_key) as Array<{ job_id: number; input_path: string; slide: number }>
          ).map((x) => ({ jobId: x.job_id, deckPath: x.input_path, slide: x.slide }));
    let decision = null;
    let mixed = false;
    let fromLibrary = false;
    if (g.decided > 0) {
      const kinds = this.db
        .prepare(
          `SELECT d.action, d.text, MAX(d.origin = 'library') AS lib FROM review_items i JOIN review_decisions d ON d.job_id = i.job_id AND d.item_key = i.item_key
           WHERE i.batch_id = ? AND i.group_key = ? AND i.reviewable = 1 GROUP BY d.action, d.text LIMIT 2`,
        )
        .all(g.batch_id, g.group_key) as Array<{ action: ReviewAction; text: string | null; lib: number }>;
      mixed = kinds.length > 1 || g.decided < g.members;
      if (!mixed) {
        decision = rep.decision;
        fromLibrary = !!kinds[0].lib;
      }
    }
    return {
      batchId: g.batch_id,
      groupKey: g.group_key,
      members: g.members,
      decided: g.decided,
      decks: g.decks,
      needsReview: !!g.needs_review,
      clinical: !!g.clinical,
      rep,
      where,
      decision,
      mixed,
      fromLibrary,
    };
  }
}
