/**
 * Review decisions, saved the moment they are made (one transaction each, so a
 * crash mid-review loses none), exported and imported as files so a second
 * reviewer can work on another machine, and turned into apply instructions.
 */
import type { Db } from '../db/open';
import type { QueueStore } from '../queue/store';
import { guardMethods, type BusyRetry } from '../db/errors';
import { DEFAULT_DB_BUSY_MS } from '../../shared/limits';
import type { AltItem, AltScore, JobInfo } from '../../shared/types';
import { addScore, scoreOf } from '../../shared/score';
import {
  itemKeyOf,
  REVIEW_ACTIONS,
  type ApplyInstructions,
  type DecisionsFile,
  type ImportResult,
  type ReviewAction,
  type ReviewCounts,
  type ReviewDecision,
  type ReviewItem,
  type ReviewQuery,
} from '../../shared/review';
import { isClinical, isReviewable, reviewReasons } from './rules';
import { parseCsv, toCsvRow } from './csv';

interface DecisionRow {
  job_id: number;
  item_key: string;
  action: ReviewAction;
  text: string | null;
  reviewer: string | null;
  decided_at: number;
}

const MAX_ALT_CHARS = 2000;

export class ReviewError extends Error {}

function toDecision(r: DecisionRow): ReviewDecision {
  return { jobId: r.job_id, itemKey: r.item_key, action: r.action, text: r.text, reviewer: r.reviewer, decidedAt: r.decided_at };
}

/** Remove what XML cannot hold and trim; the processor escapes the rest. */
export function cleanAltText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '').trim();
}

export class ReviewStore {
  constructor(
    private readonly queue: QueueStore,
    private readonly now: () => number = Date.now,
    retry: BusyRetry = { boundMs: DEFAULT_DB_BUSY_MS },
  ) {
    // A reviewer's keystroke while another process holds the database (past SQLite's own
    // 5 s busy handler) waits like a queue write does, instead of throwing SQLITE_BUSY.
    guardMethods(this, queue.db.name, retry);
  }

  private get db(): Db {
    return this.queue.db;
  }

  private jobsWithItems(batchId: string, jobId?: number): JobInfo[] {
    const jobs = jobId !== undefined ? [this.queue.getJob(jobId)].filter((j): j is JobInfo => !!j && j.batchId === batchId) : this.queue.listJobs(batchId).jobs;
    return jobs.filter((j) => j.result?.items?.length);
  }

  private decisionsFor(batchId: string): Map<string, ReviewDecision> {
    const rows = this.db.prepare('SELECT * FROM review_decisions WHERE batch_id = ?').all(batchId) as DecisionRow[];
    return new Map(rows.map((r) => [`${r.job_id}|${r.item_key}`, toDecision(r)]));
  }

  items(batchId: string, q: ReviewQuery = {}): { total: number; items: ReviewItem[] } {
    const decisions = this.decisionsFor(batchId);
    const all: ReviewItem[] = [];
    for (const job of this.jobsWithItems(batchId, q.jobId)) {
      for (const item of job.result!.items) {
        if (!isReviewable(item)) continue;
        const itemKey = itemKeyOf(item);
        const reasons = reviewReasons(item);
        const clinical = isClinical(item);
        all.push({
          batchId,
          jobId: job.id,
          deckPath: job.inputPath,
          mediaDeckPath: job.outputPath ?? job.inputPath,
          itemKey,
          item,
          decision: decisions.get(`${job.id}|${itemKey}`) ?? null,
          reasons,
          needsReview: item.needsReview || reasons.length > 0,
          clinical,
        });
      }
    }
    const f = q.filter ?? 'all';
    const filtered = all.filter(
      (r) =>
        (f === 'all' || (f === 'needs-review' && r.needsReview) || (f === 'undecided' && !r.decision) || (f === 'decided' && !!r.decision)) &&
        (!q.source || r.item.source === q.source),
    );
    const offset = q.offset ?? 0;
    return { total: filtered.length, items: filtered.slice(offset, q.limit !== undefined ? offset + q.limit : undefined) };
  }

  private findItem(batchId: string, jobId: number, itemKey: string): AltItem {
    const job = this.queue.getJob(jobId);
    if (!job || job.batchId !== batchId) throw new ReviewError(`Deck ${jobId} is not in batch ${batchId}.`);
    const item = job.result?.items.find((i) => itemKeyOf(i) === itemKey);
    if (!item) throw new ReviewError(`No image ${itemKey} in ${job.inputPath}.`);
    return item;
  }

  /** Record one decision (replacing an earlier one for the same image). */
  decide(batchId: string, jobId: number, itemKey: string, action: ReviewAction, text?: string | null, reviewer?: string | null, origin = 'local', at = this.now()): ReviewDecision {
    if (!REVIEW_ACTIONS.includes(action)) throw new ReviewError(`Unknown review action "${action}".`);
    const item = this.findItem(batchId, jobId, itemKey);
    let finalText: string | null = null;
    if (action === 'approve') {
      finalText = item.newAlt && item.source !== 'placeholder' ? cleanAltText(item.newAlt) : null;
      if (!finalText) throw new ReviewError('There is no proposed ALT text to approve: write one (edit) or mark the image decorative.');
    } else if (action === 'edit') {
      finalText = cleanAltText(text ?? '');
      if (!finalText) throw new ReviewError('The ALT text is empty: write a description, or mark the image decorative.');
      if (finalText.length > MAX_ALT_CHARS) throw new ReviewError(`The ALT text is longer than ${MAX_ALT_CHARS} characters; put long descriptions in the notes.`);
    }
    this.db
      .transaction(() => {
        this.db
          .prepare(
            `INSERT INTO review_decisions (job_id, item_key, batch_id, action, text, reviewer, decided_at) VALUES (?,?,?,?,?,?,?)
             ON CONFLICT (job_id, item_key) DO UPDATE SET action = excluded.action, text = excluded.text, reviewer = excluded.reviewer, decided_at = excluded.decided_at`,
          )
          .run(jobId, itemKey, batchId, action, finalText, reviewer ?? null, at);
        this.db
          .prepare('INSERT INTO review_log (job_id, item_key, action, text, reviewer, at, origin) VALUES (?,?,?,?,?,?,?)')
          .run(jobId, itemKey, action, finalText, reviewer ?? null, at, origin);
      })
      .immediate();
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

  /** Approve every undecided proposal of a deck, or of one source across the batch. */
  bulkApprove(batchId: string, scope: { jobId?: number; source?: AltItem['source'] }, reviewer?: string | null): number {
    const { items } = this.items(batchId, { jobId: scope.jobId, source: scope.source, filter: 'undecided' });
    let n = 0;
    this.db
      .transaction(() => {
        for (const r of items) {
          // a placeholder says nothing: approving it in bulk would count it as done
          if (!r.item.newAlt || r.item.status === 'decorative-candidate' || r.item.source === 'placeholder') continue;
          this.decide(batchId, r.jobId, r.itemKey, 'approve', null, reviewer, 'bulk');
          n++;
        }
      })
      .immediate();
    return n;
  }

  counts(batchId: string, jobId?: number): ReviewCounts {
    const scores = this.scoresByJob(batchId, jobId);
    let score: AltScore | null = null;
    for (const s of scores.values()) score = addScore(score, s);
    return tally(this.items(batchId, { jobId }).items, score);
  }

  /** Counts per deck, from one pass over the batch (not one query per deck). */
  countsByJob(batchId: string): Map<number, ReviewCounts> {
    const byJob = groupByJob(this.items(batchId).items);
    const scores = this.scoresByJob(batchId);
    const m = new Map<number, ReviewCounts>();
    for (const job of this.jobsWithItems(batchId)) m.set(job.id, tally(byJob.get(job.id) ?? [], scores.get(job.id) ?? null));
    return m;
  }

  /** Every image of each deck (a person's kept ALT too) as done / draft / missing, decisions applied. */
  private scoresByJob(batchId: string, jobId?: number): Map<number, AltScore | null> {
    const decisions = this.decisionsFor(batchId);
    const m = new Map<number, AltScore | null>();
    for (const job of this.jobsWithItems(batchId, jobId)) {
      m.set(job.id, scoreOf(job.result!.items, 'after', (item) => decisions.get(`${job.id}|${itemKeyOf(item)}`) ?? null));
    }
    return m;
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
    const existing = this.decisionsFor(batchId);
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
          if (!job || !job.result?.items.some((i) => itemKeyOf(i) === d.itemKey) || !REVIEW_ACTIONS.includes(d.action as ReviewAction)) {
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

function tally(items: ReviewItem[], score: AltScore | null): ReviewCounts {
  const c: ReviewCounts = {
    items: items.length,
    reviewed: 0,
    approved: 0,
    edited: 0,
    decorative: 0,
    rejected: 0,
    undecided: 0,
    needsReview: 0,
    done: score?.done ?? 0,
    draft: score?.draft ?? 0,
    missing: score?.missing ?? 0,
  };
  for (const r of items) {
    if (r.needsReview) c.needsReview++;
    if (!r.decision) {
      c.undecided++;
      continue;
    }
    c.reviewed++;
    if (r.decision.action === 'approve') c.approved++;
    else if (r.decision.action === 'edit') c.edited++;
    else if (r.decision.action === 'decorative') c.decorative++;
    else c.rejected++;
  }
  return c;
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
