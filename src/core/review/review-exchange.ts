/**
 * Decisions leaving and entering the store: the decisions file a second reviewer on
 * another machine imports (or fills in and sends back), and the apply instructions the
 * processor's apply mode writes into a deck.
 */
import type { JobInfo } from '../../shared/types';
import { REVIEW_ACTIONS, type ApplyInstructions, type DecisionsFile, type ImportResult, type ReviewAction, type ReviewItem } from '../../shared/review';
import { parseCsv, toCsvRow } from './csv';
import { decide, ReviewError } from './review-decisions';
import { item, items } from './review-queries';
import type { ReviewCtx } from './review-ctx';

/** What the processor's apply mode writes for one deck; null when nothing was decided. */
export function applyInstructions(ctx: ReviewCtx, batchId: string, jobId: number): ApplyInstructions | null {
  return toInstructions(items(ctx, batchId, { jobId, filter: 'decided' }).items);
}

/** Apply instructions of every deck with a decision, from one pass over the batch. */
export function applyInstructionsByJob(ctx: ReviewCtx, batchId: string): Map<number, ApplyInstructions> {
  const m = new Map<number, ApplyInstructions>();
  for (const [jobId, decided] of groupByJob(items(ctx, batchId, { filter: 'decided' }).items)) {
    const ins = toInstructions(decided);
    if (ins) m.set(jobId, ins);
  }
  return m;
}

/**
 * Decisions as a file another machine imports. `all`: also every proposal nobody
 * decided yet, with an empty action, as a sheet a second reviewer fills in
 * (action approve/edit/decorative/reject, or just the text) and imports back.
 */
export function exportDecisions(ctx: ReviewCtx, batchId: string, format: 'json' | 'csv', opts: { all?: boolean } = {}): string {
  const { items: rows } = items(ctx, batchId, { filter: opts.all ? 'all' : 'decided' });
  const file: DecisionsFile = {
    schema: 'altdeck-decisions/1',
    batchId,
    exportedAt: new Date(ctx.now()).toISOString(),
    decisions: rows.map((r) => ({
      deckPath: r.deckPath,
      sha256: ctx.queue.jobRow(r.jobId)?.fp_sha256 ?? null,
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
export function importDecisions(ctx: ReviewCtx, batchId: string, content: string, format: 'json' | 'csv'): ImportResult {
  const decisions = format === 'json' ? fromJson(content) : fromCsv(content);
  const jobs = ctx.queue.listJobs(batchId).jobs;
  const bySha = new Map<string, JobInfo>();
  const byPath = new Map<string, JobInfo>();
  for (const j of jobs) {
    const sha = ctx.queue.jobRow(j.id)?.fp_sha256;
    if (sha) bySha.set(sha, j);
    byPath.set(j.inputPath, j);
  }
  const existing = new Map(items(ctx, batchId, { filter: 'decided' }).items.map((r) => [`${r.jobId}|${r.itemKey}`, r.decision!]));
  const result: ImportResult = { imported: 0, skippedOlder: 0, unmatched: 0 };
  ctx.db
    .transaction(() => {
      for (const d of decisions) {
        // A fill-in sheet (export --all): a row with only text is an edit; a row with neither is still undecided.
        if (!d.action && d.text) d.action = 'edit';
        if (!d.action) {
          result.blank = (result.blank ?? 0) + 1;
          continue;
        }
        const job = (d.sha256 && bySha.get(d.sha256)) || byPath.get(d.deckPath);
        if (!job || !item(ctx, batchId, job.id, d.itemKey) || !REVIEW_ACTIONS.includes(d.action as ReviewAction)) {
          result.unmatched++;
          continue;
        }
        const at = Date.parse(d.decidedAt) || ctx.now();
        const mine = existing.get(`${job.id}|${d.itemKey}`);
        if (mine && mine.decidedAt >= at) {
          result.skippedOlder++;
          continue;
        }
        decide(ctx, batchId, job.id, d.itemKey, d.action, d.text, d.reviewer, 'import', at);
        result.imported++;
      }
    })
    .immediate();
  return result;
}

function fromJson(content: string): DecisionsFile['decisions'] {
  const parsed = JSON.parse(content) as DecisionsFile;
  if (parsed?.schema !== 'altdeck-decisions/1' || !Array.isArray(parsed.decisions)) throw new ReviewError('This is not an AltDeck decisions file (schema altdeck-decisions/1).');
  return parsed.decisions;
}

function fromCsv(content: string): DecisionsFile['decisions'] {
  const rows = parseCsv(content.replace(/^\uFEFF/, ''));
  const [head, ...body] = rows;
  if (!head || !head.includes('itemKey') || !head.includes('action')) throw new ReviewError('This CSV has no itemKey/action columns: export decisions from AltDeck first.');
  return body
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

function groupByJob(list: ReviewItem[]): Map<number, ReviewItem[]> {
  const m = new Map<number, ReviewItem[]>();
  for (const r of list) {
    const l = m.get(r.jobId);
    if (l) l.push(r);
    else m.set(r.jobId, [r]);
  }
  return m;
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
