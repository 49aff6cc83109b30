/**
 * Making and taking back decisions: one image, or every member of a group of identical
 * images, each saved the moment it is made (one transaction, so a crash mid-review loses
 * none) and logged in review_log.
 */
import type { AltItem } from '../../shared/types';
import { REVIEW_ACTIONS, type ReviewAction, type ReviewDecision } from '../../shared/review';
import { aloneKey } from './review-index';
import { item } from './review-queries';
import type { ReviewCtx } from './review-ctx';

const MAX_ALT_CHARS = 2000;

export class ReviewError extends Error {}

/** Remove what XML cannot hold and trim; the processor escapes the rest. */
export function cleanAltText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '').trim();
}

function findItem(ctx: ReviewCtx, batchId: string, jobId: number, itemKey: string): AltItem {
  const job = ctx.queue.getJob(jobId);
  if (!job || job.batchId !== batchId) throw new ReviewError(`Deck ${jobId} is not in batch ${batchId}.`);
  let found = item(ctx, batchId, jobId, itemKey);
  if (!found) {
    ctx.ix.ensure(batchId);
    found = item(ctx, batchId, jobId, itemKey);
  }
  if (!found) throw new ReviewError(`No image ${itemKey} in ${job.inputPath}.`);
  return found.item;
}

/** The text a decision writes: the proposal (approve), the reviewer's own (edit), none otherwise. */
function decisionText(item: AltItem, action: ReviewAction, text?: string | null): string | null {
  if (!REVIEW_ACTIONS.includes(action)) throw new ReviewError(`Unknown review action "${action}".`);
  if (action === 'approve') {
    const t = item.newAlt && item.source !== 'placeholder' ? cleanAltText(item.newAlt) : null;
    if (!t) throw new ReviewError('There is no proposed ALT text to approve: write one (edit) or mark the image decorative.');
    return t;
  }
  if (action === 'edit') {
    const t = cleanAltText(text ?? '');
    if (!t) throw new ReviewError('The ALT text is empty: write a description, or mark the image decorative.');
    if (t.length > MAX_ALT_CHARS) throw new ReviewError(`The ALT text is longer than ${MAX_ALT_CHARS} characters; put long descriptions in the notes.`);
    return t;
  }
  return null;
}

/** One decision row and its log line, inside the caller's transaction. */
export function writeDecision(ctx: ReviewCtx, batchId: string, jobId: number, itemKey: string, action: ReviewAction, text: string | null, reviewer: string | null, origin: string, at: number): void {
  ctx.stmt(
    `INSERT INTO review_decisions (job_id, item_key, batch_id, action, text, reviewer, decided_at, origin) VALUES (?,?,?,?,?,?,?,?)
     ON CONFLICT (job_id, item_key) DO UPDATE SET action = excluded.action, text = excluded.text, reviewer = excluded.reviewer, decided_at = excluded.decided_at, origin = excluded.origin`,
  ).run(jobId, itemKey, batchId, action, text, reviewer, at, origin);
  ctx.stmt('INSERT INTO review_log (job_id, item_key, action, text, reviewer, at, origin) VALUES (?,?,?,?,?,?,?)').run(jobId, itemKey, action, text, reviewer, at, origin);
}

/** Record one decision for one image (replacing an earlier one for the same image). */
export function decide(ctx: ReviewCtx, batchId: string, jobId: number, itemKey: string, action: ReviewAction, text: string | null | undefined, reviewer: string | null | undefined, origin: string, at: number): ReviewDecision {
  const finalText = decisionText(findItem(ctx, batchId, jobId, itemKey), action, text);
  ctx.db.transaction(() => writeDecision(ctx, batchId, jobId, itemKey, action, finalText, reviewer ?? null, origin, at)).immediate();
  return { jobId, itemKey, action, text: finalText, reviewer: reviewer ?? null, decidedAt: at };
}

export function clear(ctx: ReviewCtx, batchId: string, jobId: number, itemKey: string, reviewer?: string | null): void {
  ctx.db
    .transaction(() => {
      ctx.db.prepare('DELETE FROM review_decisions WHERE batch_id = ? AND job_id = ? AND item_key = ?').run(batchId, jobId, itemKey);
      ctx.db.prepare("INSERT INTO review_log (job_id, item_key, action, text, reviewer, at) VALUES (?,?,'clear',NULL,?,?)").run(jobId, itemKey, reviewer ?? null, ctx.now());
    })
    .immediate();
}

/* ------------------------------ groups of identical images ------------------------------ */

/**
 * One decision for every member of a group (every copy of the same image), in one
 * transaction. Approve writes the first member's proposal to all of them. A group of
 * identical pictures goes into the library: the same image in a later batch starts decided.
 */
export function decideGroup(ctx: ReviewCtx, batchId: string, groupKey: string, action: ReviewAction, text: string | null | undefined, reviewer: string | null | undefined, at: number): { decision: ReviewDecision; members: number } {
  ctx.ix.ensure(batchId);
  const g = ctx.grp.one(batchId, groupKey);
  if (!g) throw new ReviewError(`No group ${groupKey} in batch ${batchId}.`);
  const finalText = decisionText(g.rep.item, action, text);
  let members = 0;
  ctx.db
    .transaction(() => {
      // set-based: a logo on 2,000 decks is two statements, not 4,000
      const scope = `FROM review_items WHERE batch_id = ? AND group_key = ? AND reviewable = 1`;
      members = ctx.db
        .prepare(
          `INSERT INTO review_decisions (job_id, item_key, batch_id, action, text, reviewer, decided_at, origin)
           SELECT job_id, item_key, batch_id, ?, ?, ?, ?, 'group' ${scope}
           ON CONFLICT (job_id, item_key) DO UPDATE SET action = excluded.action, text = excluded.text, reviewer = excluded.reviewer, decided_at = excluded.decided_at, origin = excluded.origin`,
        )
        .run(action, finalText, reviewer ?? null, at, batchId, groupKey).changes;
      ctx.db
        .prepare(`INSERT INTO review_log (job_id, item_key, action, text, reviewer, at, origin) SELECT job_id, item_key, ?, ?, ?, ?, 'group' ${scope}`)
        .run(action, finalText, reviewer ?? null, at, batchId, groupKey);
      if (groupKey.startsWith('media:')) {
        ctx.db
          .prepare(
            `INSERT INTO decision_library (group_key, action, text, reviewer, decided_at, batch_id) VALUES (?,?,?,?,?,?)
             ON CONFLICT (group_key) DO UPDATE SET action = excluded.action, text = excluded.text, reviewer = excluded.reviewer, decided_at = excluded.decided_at, batch_id = excluded.batch_id`,
          )
          .run(groupKey, action, finalText, reviewer ?? null, at, batchId);
      }
    })
    .immediate();
  return { decision: { jobId: g.rep.jobId, itemKey: g.rep.itemKey, action, text: finalText, reviewer: reviewer ?? null, decidedAt: at }, members };
}

/** Undecides every member of a group; a library entry this batch made goes too. */
export function clearGroup(ctx: ReviewCtx, batchId: string, groupKey: string, reviewer?: string | null): number {
  const at = ctx.now();
  let n = 0;
  ctx.db
    .transaction(() => {
      const keys = ctx.db
        .prepare('SELECT d.job_id, d.item_key FROM review_items i JOIN review_decisions d ON d.job_id = i.job_id AND d.item_key = i.item_key WHERE i.batch_id = ? AND i.group_key = ? AND i.reviewable = 1')
        .all(batchId, groupKey) as Array<{ job_id: number; item_key: string }>;
      const del = ctx.db.prepare('DELETE FROM review_decisions WHERE job_id = ? AND item_key = ?');
      const log = ctx.db.prepare("INSERT INTO review_log (job_id, item_key, action, text, reviewer, at, origin) VALUES (?,?,'clear',NULL,?,?,'group')");
      for (const k of keys) {
        del.run(k.job_id, k.item_key);
        log.run(k.job_id, k.item_key, reviewer ?? null, at);
      }
      ctx.db.prepare('DELETE FROM decision_library WHERE group_key = ? AND batch_id = ?').run(groupKey, batchId);
      n = keys.length;
    })
    .immediate();
  return n;
}

/** Takes one image out of its group: from now on it is decided on its own (its decision so far stays). */
export function split(ctx: ReviewCtx, batchId: string, jobId: number, itemKey: string): string {
  ctx.ix.ensure(batchId);
  const row = ctx.db.prepare('SELECT group_key FROM review_items WHERE batch_id = ? AND job_id = ? AND item_key = ?').pluck().get(batchId, jobId, itemKey) as string | undefined;
  if (!row) throw new ReviewError(`No image ${itemKey} in deck ${jobId} of batch ${batchId}.`);
  const alone = aloneKey(jobId, itemKey);
  if (row === alone) return alone;
  ctx.db
    .transaction(() => {
      ctx.db.prepare('INSERT OR IGNORE INTO review_splits (job_id, item_key) VALUES (?, ?)').run(jobId, itemKey);
      ctx.db.prepare('UPDATE review_items SET group_key = ? WHERE job_id = ? AND item_key = ?').run(alone, jobId, itemKey);
      ctx.ix.recountGroups(batchId, [row, alone]);
    })
    .immediate();
  return alone;
}
