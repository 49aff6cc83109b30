/**
 * Review decisions, saved the moment they are made (one transaction each, so a
 * crash mid-review loses none), exported and imported as files so a second
 * reviewer can work on another machine, and turned into apply instructions.
 */
import type { Db } from '../db/open';
import type { Statement } from 'better-sqlite3';
import type { QueueStore } from '../queue/store';
import { guardMethods, type BusyRetry } from '../db/errors';
import { DEFAULT_DB_BUSY_MS } from '../../shared/limits';
import type { AltItem, AltSource, JobInfo } from '../../shared/types';
import {
  REVIEW_ACTIONS,
  type ApplyInstructions,
  type BulkPreview,
  type BulkResult,
  type DecisionsFile,
  type ImportResult,
  type ReviewAction,
  type ReviewCounts,
  type ReviewDecision,
  type ReviewDeckRow,
  type ReviewGroup,
  type ReviewItem,
  type ReviewQuery,
} from '../../shared/review';
import { parseCsv, toCsvRow } from './csv';
import { aloneKey, ReviewIndex } from './review-index';
import { ITEM_SELECT, ReviewGroups, toReviewItem, type ItemRow } from './review-groups';

export interface BulkScope {
  jobId?: number;
  source?: AltSource;
}

const MAX_ALT_CHARS = 2000;

export class ReviewError extends Error {}

/** Remove what XML cannot hold and trim; the processor escapes the rest. */
export function cleanAltText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '').trim();
}

export class ReviewStore {
  private readonly ix: ReviewIndex;
  private readonly grp: ReviewGroups;

  constructor(
    private readonly queue: QueueStore,
    private readonly now: () => number = Date.now,
    retry: BusyRetry = { boundMs: DEFAULT_DB_BUSY_MS },
  ) {
    // A reviewer's keystroke while another process holds the database (past SQLite's own
    // 5 s busy handler) waits like a queue write does, instead of throwing SQLITE_BUSY.
    this.ix = new ReviewIndex(queue.db);
    this.grp = new ReviewGroups(queue.db);
    guardMethods(this, queue.db.name, retry);
  }

  private get db(): Db {
    return this.queue.db;
  }

  /** Brings the review index up to date with the batch's results (a no-op when it is). */
  index(batchId: string): void {
    this.ix.ensure(batchId);
  }

  items(batchId: string, q: ReviewQuery = {}): { total: number; items: ReviewItem[] } {
    this.index(batchId);
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
    const total = (this.db.prepare(`SELECT COUNT(*) ${from}`).pluck().get(...args) as number) ?? 0;
    const rows = this.db
      .prepare(
        `${ITEM_SELECT} WHERE ${where.join(' AND ')} ORDER BY i.job_id, i.seq LIMIT ? OFFSET ?`,
      )
      .all(...args, q.limit ?? -1, q.offset ?? 0) as ItemRow[];
    return { total, items: rows.map((r) => toReviewItem(r)) };
  }

  /** One image of the batch, with its decision; null when the batch has no such image. */
  item(batchId: string, jobId: number, itemKey: string): ReviewItem | null {
    const r = this.db
      .prepare(
        `${ITEM_SELECT} WHERE i.job_id = ? AND i.item_key = ? AND i.batch_id = ?`,
      )
      .get(jobId, itemKey, batchId) as ItemRow | undefined;
    return r ? toReviewItem(r) : null;
  }

  private findItem(batchId: string, jobId: number, itemKey: string): AltItem {
    const job = this.queue.getJob(jobId);
    if (!job || job.batchId !== batchId) throw new ReviewError(`Deck ${jobId} is not in batch ${batchId}.`);
    let found = this.item(batchId, jobId, itemKey);
    if (!found) {
      this.index(batchId);
      found = this.item(batchId, jobId, itemKey);
    }
    if (!found) throw new ReviewError(`No image ${itemKey} in ${job.inputPath}.`);
    return found.item;
  }

  /** The text a decision writes: the proposal (approve), the reviewer's own (edit), none otherwise. */
  private decisionText(item: AltItem, action: ReviewAction, text?: string | null): string | null {
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

  private stmts = new Map<string, Statement>();
  /** Statements prepared once: a bulk approval writes thousands of rows. */
  private stmt(sql: string): Statement {
    let s = this.stmts.get(sql);
    if (!s) this.stmts.set(sql, (s = this.db.prepare(sql)));
    return s;
  }

  private write(batchId: string, jobId: number, itemKey: string, action: ReviewAction, text: string | null, reviewer: string | null, origin: string, at: number): void {
    this.stmt(
      `INSERT INTO review_decisions (job_id, item_key, batch_id, action, text, reviewer, decided_at, origin) VALUES (?,?,?,?,?,?,?,?)
       ON CONFLICT (job_id, item_key) DO UPDATE SET action = excluded.action, text = excluded.text, reviewer = excluded.reviewer, decided_at = excluded.decided_at, origin = excluded.origin`,
    ).run(jobId, itemKey, batchId, action, text, reviewer, at, origin);
    this.stmt('INSERT INTO review_log (job_id, item_key, action, text, reviewer, at, origin) VALUES (?,?,?,?,?,?,?)').run(jobId, itemKey, action, text, reviewer, at, origin);
  }

  /** Record one decision for one image (replacing an earlier one for the same image). */
  decide(batchId: string, jobId: number, itemKey: string, action: ReviewAction, text?: string | null, reviewer?: string | null, origin = 'local', at = this.now()): ReviewDecision {
    const finalText = this.decisionText(this.findItem(batchId, jobId, itemKey), action, text);
    this.db.transaction(() => this.write(batchId, jobId, itemKey, action, finalText, reviewer ?? null, origin, at)).immediate();
    return { jobId, itemKey, action, text: finalText, reviewer: reviewer ?? null, decidedAt: at };
  }

  clear(batchId: string, jobId: number, itemKey: string, reviewer?: string | null): void {
    this.db
      .transaction(() => {
        this.db.prepare('DELETE FROM review_decisions WHERE batch_id = ? AND job_id = ? AND item_key = ?').run(batchId, jobId, itemKey);
        this.db.prepare("INSERT INTO review_log (job_id, item_key, action, text, reviewer, at) VALUES (?,?,'clear',NULL,?,?)").run(jobId, itemKey, reviewer ?? null, this.now());
      })
      .immediate();
  }

  /* ------------------------------ groups of identical images ------------------------------ */

  groups(batchId: string, q: ReviewQuery = {}): { total: number; groups: ReviewGroup[] } {
    this.index(batchId);
    return this.grp.list(batchId, q);
  }

  group(batchId: string, groupKey: string): ReviewGroup | null {
    this.index(batchId);
    return this.grp.one(batchId, groupKey);
  }

  /** Every member of a group, paged, in batch order. */
  groupMembers(batchId: string, groupKey: string, offset = 0, limit = 100): { total: number; items: ReviewItem[] } {
    this.index(batchId);
    const total = this.db.prepare('SELECT COUNT(*) FROM review_items WHERE batch_id = ? AND group_key = ? AND reviewable = 1').pluck().get(batchId, groupKey) as number;
    const rows = this.db
      .prepare(
        `${ITEM_SELECT} WHERE i.batch_id = ? AND i.group_key = ? AND i.reviewable = 1 ORDER BY i.job_id, i.seq LIMIT ? OFFSET ?`,
      )
      .all(batchId, groupKey, limit, offset) as ItemRow[];
    return { total, items: rows.map((r) => toReviewItem(r)) };
  }

  /**
   * One decision for every member of a group (every copy of the same image), in one
   * transaction. Approve writes the first member's proposal to all of them. A group of
   * identical pictures goes into the library: the same image in a later batch starts decided.
   */
  decideGroup(batchId: string, groupKey: string, action: ReviewAction, text?: string | null, reviewer?: string | null, at = this.now()): { decision: ReviewDecision; members: number } {
    this.index(batchId);
    const g = this.grp.one(batchId, groupKey);
    if (!g) throw new ReviewError(`No group ${groupKey} in batch ${batchId}.`);
    const finalText = this.decisionText(g.rep.item, action, text);
    let members = 0;
    this.db
      .transaction(() => {
        // set-based: a logo on 2,000 decks is two statements, not 4,000
        const scope = `FROM review_items WHERE batch_id = ? AND group_key = ? AND reviewable = 1`;
        members = this.db
          .prepare(
            `INSERT INTO review_decisions (job_id, item_key, batch_id, action, text, reviewer, decided_at, origin)
             SELECT job_id, item_key, batch_id, ?, ?, ?, ?, 'group' ${scope}
             ON CONFLICT (job_id, item_key) DO UPDATE SET action = excluded.action, text = excluded.text, reviewer = excluded.reviewer, decided_at = excluded.decided_at, origin = excluded.origin`,
          )
          .run(action, finalText, reviewer ?? null, at, batchId, groupKey).changes;
        this.db
          .prepare(`INSERT INTO review_log (job_id, item_key, action, text, reviewer, at, origin) SELECT job_id, item_key, ?, ?, ?, ?, 'group' ${scope}`)
          .run(action, finalText, reviewer ?? null, at, batchId, groupKey);
        if (groupKey.startsWith('media:')) {
          this.db
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
  clearGroup(batchId: string, groupKey: string, reviewer?: string | null): number {
    const at = this.now();
    let n = 0;
    this.db
      .transaction(() => {
        const keys = this.db
          .prepare('SELECT d.job_id, d.item_key FROM review_items i JOIN review_decisions d ON d.job_id = i.job_id AND d.item_key = i.item_key WHERE i.batch_id = ? AND i.group_key = ? AND i.reviewable = 1')
          .all(batchId, groupKey) as Array<{ job_id: number; item_key: string }>;
        const del = this.db.prepare('DELETE FROM review_decisions WHERE job_id = ? AND item_key = ?');
        const log = this.db.prepare("INSERT INTO review_log (job_id, item_key, action, text, reviewer, at, origin) VALUES (?,?,'clear',NULL,?,?,'group')");
        for (const k of keys) {
          del.run(k.job_id, k.item_key);
          log.run(k.job_id, k.item_key, reviewer ?? null, at);
        }
        this.db.prepare('DELETE FROM decision_library WHERE group_key = ? AND batch_id = ?').run(groupKey, batchId);
        n = keys.length;
      })
      .immediate();
    return n;
  }

  /** Takes one image out of its group: from now on it is decided on its own (its decision so far stays). */
  split(batchId: string, jobId: number, itemKey: string): string {
    this.index(batchId);
    const row = this.db.prepare('SELECT group_key FROM review_items WHERE batch_id = ? AND job_id = ? AND item_key = ?').pluck().get(batchId, jobId, itemKey) as string | undefined;
    if (!row) throw new ReviewError(`No image ${itemKey} in deck ${jobId} of batch ${batchId}.`);
    const alone = aloneKey(jobId, itemKey);
    if (row === alone) return alone;
    this.db
      .transaction(() => {
        this.db.prepare('INSERT OR IGNORE INTO review_splits (job_id, item_key) VALUES (?, ?)').run(jobId, itemKey);
        this.db.prepare('UPDATE review_items SET group_key = ? WHERE job_id = ? AND item_key = ?').run(alone, jobId, itemKey);
        this.ix.recountGroups(batchId, [row, alone]);
      })
      .immediate();
    return alone;
  }

  /* ------------------------------ bulk ------------------------------ */

  private bulkWhere(batchId: string, scope: BulkScope): { sql: string; args: unknown[] } {
    const where = ['i.batch_id = ?', 'i.reviewable = 1', 'i.bulk_ok = 1', 'NOT EXISTS (SELECT 1 FROM review_decisions d WHERE d.job_id = i.job_id AND d.item_key = i.item_key)'];
    const args: unknown[] = [batchId];
    if (scope.jobId !== undefined) {
      where.push('i.job_id = ?');
      args.push(scope.jobId);
    }
    if (scope.source) {
      where.push('i.source = ?');
      args.push(scope.source);
    }
    return { sql: where.join(' AND '), args };
  }

  /** What a bulk approval of this scope would take: the screen asks once when clinical or OCR/context text is in it. */
  bulkPreview(batchId: string, scope: BulkScope): BulkPreview {
    this.index(batchId);
    const w = this.bulkWhere(batchId, scope);
    const r = this.db
      .prepare(`SELECT COUNT(*) AS images, COALESCE(SUM(i.clinical), 0) AS clinical, COALESCE(SUM(i.source IN ('ocr', 'context')), 0) AS ocr FROM review_items i WHERE ${w.sql}`)
      .get(...w.args) as { images: number; clinical: number; ocr: number };
    return { images: r.images, clinical: r.clinical, ocrOrContext: r.ocr };
  }

  /** Approves every undecided proposal in scope (each image its own proposal); undoable as one action. */
  bulkApproveUndoable(batchId: string, scope: BulkScope, reviewer?: string | null): BulkResult {
    this.index(batchId);
    const w = this.bulkWhere(batchId, scope);
    const at = this.now();
    const bulkId = `bulk:${at}:${Math.random().toString(16).slice(2, 10)}`;
    let n = 0;
    this.db
      .transaction(() => {
        const rows = this.db.prepare(`SELECT i.job_id, i.item_key, i.item FROM review_items i WHERE ${w.sql}`).all(...w.args) as Array<{ job_id: number; item_key: string; item: string }>;
        for (const r of rows) {
          const text = cleanAltText((JSON.parse(r.item) as AltItem).newAlt ?? '');
          if (!text) continue;
          this.write(batchId, r.job_id, r.item_key, 'approve', text, reviewer ?? null, bulkId, at);
          n++;
        }
      })
      .immediate();
    return { approved: n, bulkId };
  }

  /** Approve every undecided proposal of a deck, or of one source across the batch. */
  bulkApprove(batchId: string, scope: BulkScope, reviewer?: string | null): number {
    return this.bulkApproveUndoable(batchId, scope, reviewer).approved;
  }

  /** Undoes one bulk action: its decisions go, unless a person decided that image again since. */
  undoBulk(batchId: string, bulkId: string, reviewer?: string | null): number {
    if (!bulkId.startsWith('bulk:')) throw new ReviewError('That is not a bulk action.');
    const at = this.now();
    let n = 0;
    this.db
      .transaction(() => {
        this.db
          .prepare("INSERT INTO review_log (job_id, item_key, action, text, reviewer, at, origin) SELECT job_id, item_key, 'clear', NULL, ?, ?, 'undo ' || origin FROM review_decisions WHERE batch_id = ? AND origin = ?")
          .run(reviewer ?? null, at, batchId, bulkId);
        n = this.db.prepare('DELETE FROM review_decisions WHERE batch_id = ? AND origin = ?').run(batchId, bulkId).changes;
      })
      .immediate();
    return n;
  }

  /* ------------------------------ counts (kept by triggers: never a loop over decks) ------------------------------ */

  counts(batchId: string, jobId?: number): ReviewCounts {
    this.index(batchId);
    const r = this.db
      .prepare(`SELECT ${COUNT_SUMS} FROM review_job_counts WHERE batch_id = ?${jobId !== undefined ? ' AND job_id = ?' : ''}`)
      .get(...(jobId !== undefined ? [batchId, jobId] : [batchId])) as CountsRow;
    const g =
      jobId !== undefined
        ? (this.db
            .prepare('SELECT COUNT(*) AS groups, COALESCE(SUM(decided = members), 0) AS decided FROM review_groups g WHERE batch_id = ? AND group_key IN (SELECT group_key FROM review_items WHERE job_id = ? AND reviewable = 1)')
            .get(batchId, jobId) as { groups: number; decided: number })
        : ((this.db.prepare('SELECT groups, decided FROM review_group_totals WHERE batch_id = ?').get(batchId) as { groups: number; decided: number } | undefined) ?? { groups: 0, decided: 0 });
    return { ...toCounts(r), groups: g.groups, groupsDecided: g.decided };
  }

  /** Counts of every deck with images (a person’s kept ALT included), as the triggers keep them. */
  countsByJob(batchId: string): Map<number, ReviewCounts> {
    this.index(batchId);
    const rows = this.db.prepare('SELECT * FROM review_job_counts WHERE batch_id = ? AND done + draft + missing > 0 ORDER BY job_id').all(batchId) as Array<CountsRow & { job_id: number }>;
    return new Map(rows.map((r) => [r.job_id, toCounts(r)]));
  }

  /** Decks with images to review and their counts, paged (issue 11 §2: nothing silently capped). */
  decks(batchId: string, offset = 0, limit = 100): { total: number; decks: ReviewDeckRow[] } {
    this.index(batchId);
    const total = this.db.prepare('SELECT COUNT(*) FROM review_job_counts WHERE batch_id = ? AND items > 0').pluck().get(batchId) as number;
    const rows = this.db
      .prepare('SELECT c.*, j.rel_path FROM review_job_counts c JOIN jobs j ON j.id = c.job_id WHERE c.batch_id = ? AND c.items > 0 ORDER BY j.seq, j.id LIMIT ? OFFSET ?')
      .all(batchId, limit, offset) as Array<CountsRow & { job_id: number; rel_path: string }>;
    return { total, decks: rows.map((r) => ({ jobId: r.job_id, relPath: r.rel_path, counts: toCounts(r) })) };
  }

  /** What the processor's apply mode writes for one deck; null when nothing was decided. */
  applyInstructions(batchId: string, jobId: number): ApplyInstructions | null {
    return toInstructions(this.items(batchId, { jobId, filter: 'decided' }).items);
  }

  /** Apply instructions of every deck with a decision, from one pass over the batch. */
  applyInstructionsByJob(batchId: string): Map<number, ApplyInstructions> {
    const m = new Map<number, ApplyInstructions>();
    for (const [jobId, items] of groupByJob(this.items(batchId, { filter: 'decided' }).items)) {
      const ins = toInstructions(items);
      if (ins) m.set(jobId, ins);
    }
    return m;
  }

  /**
   * Decisions as a file another machine imports. `all`: also every proposal nobody
   * decided yet, with an empty action, as a sheet a second reviewer fills in
   * (action approve/edit/decorative/reject, or just the text) and imports back.
   */
  exportDecisions(batchId: string, format: 'json' | 'csv', opts: { all?: boolean } = {}): string {
    const { items } = this.items(batchId, { filter: opts.all ? 'all' : 'decided' });
    const file: DecisionsFile = {
      schema: 'altdeck-decisions/1',
      batchId,
      exportedAt: new Date(this.now()).toISOString(),
      decisions: items.map((r) => ({
        deckPath: r.deckPath,
        sha256: this.queue.jobRow(r.jobId)?.fp_sha256 ?? null,
        itemKey: r.itemKey,
        slide: r.item.slide,
        shapeName: r.item.shapeName,
        proposed: r.item.newAlt,
        action: r.decision?.action ?? '',
        text: r.decision?.text ?? null,
        reviewer: r.decision?.reviewer ?? null,
        decidedAt: r.decision ? new Date(r.decision.decidedAt).toISOString() : '',
        ...(opts.all ? { oldAlt: r.item.oldAlt, reasons: r.reasons.join('; ') } : {}),
      })),
    };
    if (format === 'json') return JSON.stringify(file, null, 2);
    const cols = ['deckPath', 'sha256', 'itemKey', 'slide', 'shapeName', 'proposed', 'action', 'text', 'reviewer', 'decidedAt', ...(opts.all ? (['oldAlt', 'reasons'] as const) : [])] as const;
    return '\uFEFF' + [toCsvRow([...cols]), ...file.decisions.map((d) => toCsvRow(cols.map((c) => (d[c] === null || d[c] === undefined ? '' : String(d[c])))))].join('\r\n') + '\r\n';
  }

  /** Merge another reviewer's decisions: newest decision per image wins. */
  importDecisions(batchId: string, content: string, format: 'json' | 'csv'): ImportResult {
    let decisions: DecisionsFile['decisions'];
    if (format === 'json') {
      const parsed = JSON.parse(content) as DecisionsFile;
      if (parsed?.schema !== 'altdeck-decisions/1' || !Array.isArray(parsed.decisions)) throw new ReviewError('This is not an AltDeck decisions file (schema altdeck-decisions/1).');
      decisions = parsed.decisions;
    } else {
      const rows = parseCsv(content.replace(/^\uFEFF/, ''));
      const [head, ...body] = rows;
      if (!head || !head.includes('itemKey') || !head.includes('action')) throw new ReviewError('This CSV has no itemKey/action columns: export decisions from AltDeck first.');
      decisions = body
        .filter((r) => r.length > 1)
        .map((r) => {
          const o = Object.fromEntries(head.map((h, i) => [h, r[i] ?? ''])) as Record<string, string>;
          return {
            deckPath: o.deckPath,
            sha256: o.sha256 || null,
            itemKey: o.itemKey,
            slide: Number(o.slide),
            shapeName: o.shapeName,
            proposed: o.proposed || null,
            action: o.action.trim().toLowerCase() as ReviewAction | '',
            text: o.text || null,
            reviewer: o.reviewer || null,
            decidedAt: o.decidedAt,
          };
        });
    }
    const jobs = this.queue.listJobs(batchId).jobs;
    const bySha = new Map<string, JobInfo>();
    const byPath = new Map<string, JobInfo>();
    for (const j of jobs) {
      const sha = this.queue.jobRow(j.id)?.fp_sha256;
      if (sha) bySha.set(sha, j);
      byPath.set(j.inputPath, j);
    }
    const existing = new Map(this.items(batchId, { filter: 'decided' }).items.map((r) => [`${r.jobId}|${r.itemKey}`, r.decision!]));
    const result: ImportResult = { imported: 0, skippedOlder: 0, unmatched: 0 };
    this.db
      .transaction(() => {
        for (const d of decisions) {
          // A fill-in sheet (export --all): a row with only text is an edit; a row with neither is still undecided.
          if (!d.action && d.text) d.action = 'edit';
          if (!d.action) {
            result.blank = (result.blank ?? 0) + 1;
            continue;
          }
          const job = (d.sha256 && bySha.get(d.sha256)) || byPath.get(d.deckPath);
          if (!job || !this.item(batchId, job.id, d.itemKey) || !REVIEW_ACTIONS.includes(d.action as ReviewAction)) {
            result.unmatched++;
            continue;
          }
          const at = Date.parse(d.decidedAt) || this.now();
          const mine = existing.get(`${job.id}|${d.itemKey}`);
          if (mine && mine.decidedAt >= at) {
            result.skippedOlder++;
            continue;
          }
          this.decide(batchId, job.id, d.itemKey, d.action, d.text, d.reviewer, 'import', at);
          result.imported++;
        }
      })
      .immediate();
    return result;
  }
}

function groupByJob(items: ReviewItem[]): Map<number, ReviewItem[]> {
  const m = new Map<number, ReviewItem[]>();
  for (const r of items) {
    const list = m.get(r.jobId);
    if (list) list.push(r);
    else m.set(r.jobId, [r]);
  }
  return m;
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

function toInstructions(decided: ReviewItem[]): ApplyInstructions | null {
  const out: ApplyInstructions = { schema: 'altdeck-apply/1', items: [] };
  for (const r of decided) {
    const d = r.decision!;
    if (d.action === 'approve' || d.action === 'edit') out.items.push({ part: r.item.part, shapeId: r.item.shapeId, action: 'set', text: d.text! });
    else if (d.action === 'decorative') out.items.push({ part: r.item.part, shapeId: r.item.shapeId, action: 'decorative' });
    // reject: keep the original ALT, i.e. write nothing.
  }
  return out.items.length ? out : null;
}
