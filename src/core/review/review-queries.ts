/**
 * Reading the review: images with their decisions, paged and filtered, their groups, and
 * the counts the decision triggers keep (never a loop over decks). Each read brings the
 * batch's review index up to date first.
 */
import type { ReviewCounts, ReviewDeckRow, ReviewGroup, ReviewItem, ReviewQuery } from '../../shared/review';
import { ITEM_SELECT, toReviewItem, type ItemRow } from './review-groups';
import type { ReviewCtx } from './review-ctx';

export function items(ctx: ReviewCtx, batchId: string, q: ReviewQuery = {}): { total: number; items: ReviewItem[] } {
  ctx.ix.ensure(batchId);
  const where = ['i.batch_id = ?', 'i.reviewable = 1'];
  const args: unknown[] = [batchId];
  if (q.jobId !== undefined) {
    where.push('i.job_id = ?');
    args.push(q.jobId);
  }
  const f = q.filter ?? 'all';
  if (f === 'needs-review') where.push('i.needs_review = 1');
  if (f === 'undecided') where.push('d.action IS NULL');
  if (f === 'decided') where.push('d.action IS NOT NULL');
  if (q.source) {
    where.push('i.source = ?');
    args.push(q.source);
  }
  const from = `FROM review_items i LEFT JOIN review_decisions d ON d.job_id = i.job_id AND d.item_key = i.item_key WHERE ${where.join(' AND ')}`;
  const total = (ctx.db.prepare(`SELECT COUNT(*) ${from}`).pluck().get(...args) as number) ?? 0;
  const rows = ctx.db
    .prepare(
      `${ITEM_SELECT} WHERE ${where.join(' AND ')} ORDER BY i.job_id, i.seq LIMIT ? OFFSET ?`,
    )
    .all(...args, q.limit ?? -1, q.offset ?? 0) as ItemRow[];
  return { total, items: rows.map((r) => toReviewItem(r)) };
}

/** One image of the batch, with its decision; null when the batch has no such image. */
export function item(ctx: ReviewCtx, batchId: string, jobId: number, itemKey: string): ReviewItem | null {
  const r = ctx.db
    .prepare(
      `${ITEM_SELECT} WHERE i.job_id = ? AND i.item_key = ? AND i.batch_id = ?`,
    )
    .get(jobId, itemKey, batchId) as ItemRow | undefined;
  return r ? toReviewItem(r) : null;
}

/* ------------------------------ groups of identical images ------------------------------ */

export function groups(ctx: ReviewCtx, batchId: string, q: ReviewQuery = {}): { total: number; groups: ReviewGroup[] } {
  ctx.ix.ensure(batchId);
  return ctx.grp.list(batchId, q);
}

export function group(ctx: ReviewCtx, batchId: string, groupKey: string): ReviewGroup | null {
  ctx.ix.ensure(batchId);
  return ctx.grp.one(batchId, groupKey);
}

/** Every member of a group, paged, in batch order. */
export function groupMembers(ctx: ReviewCtx, batchId: string, groupKey: string, offset = 0, limit = 100): { total: number; items: ReviewItem[] } {
  ctx.ix.ensure(batchId);
  const total = ctx.db.prepare('SELECT COUNT(*) FROM review_items WHERE batch_id = ? AND group_key = ? AND reviewable = 1').pluck().get(batchId, groupKey) as number;
  const rows = ctx.db
    .prepare(
      `${ITEM_SELECT} WHERE i.batch_id = ? AND i.group_key = ? AND i.reviewable = 1 ORDER BY i.job_id, i.seq LIMIT ? OFFSET ?`,
    )
    .all(batchId, groupKey, limit, offset) as ItemRow[];
  return { total, items: rows.map((r) => toReviewItem(r)) };
}

/* ------------------------------ counts (kept by triggers: never a loop over decks) ------------------------------ */

export function counts(ctx: ReviewCtx, batchId: string, jobId?: number): ReviewCounts {
  ctx.ix.ensure(batchId);
  const r = ctx.db
    .prepare(`SELECT ${COUNT_SUMS} FROM review_job_counts WHERE batch_id = ?${jobId !== undefined ? ' AND job_id = ?' : ''}`)
    .get(...(jobId !== undefined ? [batchId, jobId] : [batchId])) as CountsRow;
  const g =
    jobId !== undefined
      ? (ctx.db
          .prepare('SELECT COUNT(*) AS groups, COALESCE(SUM(decided = members), 0) AS decided FROM review_groups g WHERE batch_id = ? AND group_key IN (SELECT group_key FROM review_items WHERE job_id = ? AND reviewable = 1)')
          .get(batchId, jobId) as { groups: number; decided: number })
      : ((ctx.db.prepare('SELECT groups, decided FROM review_group_totals WHERE batch_id = ?').get(batchId) as { groups: number; decided: number } | undefined) ?? { groups: 0, decided: 0 });
  return { ...toCounts(r), groups: g.groups, groupsDecided: g.decided };
}

/** Counts of every deck with images (a person’s kept ALT included), as the triggers keep them. */
export function countsByJob(ctx: ReviewCtx, batchId: string): Map<number, ReviewCounts> {
  ctx.ix.ensure(batchId);
  const rows = ctx.db.prepare('SELECT * FROM review_job_counts WHERE batch_id = ? AND done + draft + missing > 0 ORDER BY job_id').all(batchId) as Array<CountsRow & { job_id: number }>;
  return new Map(rows.map((r) => [r.job_id, toCounts(r)]));
}

/** Decks with images to review and their counts, paged (issue 11 §2: nothing silently capped). */
export function decks(ctx: ReviewCtx, batchId: string, offset = 0, limit = 100): { total: number; decks: ReviewDeckRow[] } {
  ctx.ix.ensure(batchId);
  const total = ctx.db.prepare('SELECT COUNT(*) FROM review_job_counts WHERE batch_id = ? AND items > 0').pluck().get(batchId) as number;
  const rows = ctx.db
    .prepare('SELECT c.*, j.rel_path FROM review_job_counts c JOIN jobs j ON j.id = c.job_id WHERE c.batch_id = ? AND c.items > 0 ORDER BY j.seq, j.id LIMIT ? OFFSET ?')
    .all(batchId, limit, offset) as Array<CountsRow & { job_id: number; rel_path: string }>;
  return { total, decks: rows.map((r) => ({ jobId: r.job_id, relPath: r.rel_path, counts: toCounts(r) })) };
}

const COUNT_SUMS = ['items', 'needs_review', 'reviewed', 'approved', 'edited', 'decorative', 'rejected', 'done', 'draft', 'missing'].map((c) => `COALESCE(SUM(${c}), 0) AS ${c}`).join(', ');

interface CountsRow {
  items: number;
  needs_review: number;
  reviewed: number;
  approved: number;
  edited: number;
  decorative: number;
  rejected: number;
  done: number;
  draft: number;
  missing: number;
}

function toCounts(r: CountsRow): ReviewCounts {
  return {
    items: r.items,
    reviewed: r.reviewed,
    approved: r.approved,
    edited: r.edited,
    decorative: r.decorative,
    rejected: r.rejected,
    undecided: r.items - r.reviewed,
    needsReview: r.needs_review,
    done: r.done,
    draft: r.draft,
    missing: r.missing,
  };
}
