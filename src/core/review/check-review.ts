/**
 * Review of checker findings (issue 13): the findings that need a person's judgement
 * (outcome `proposed`: a slide title, a header row, a reading order, link text) are
 * approved, edited or rejected, one by one or as a group of identical findings (same rule,
 * same current text, same proposal). Decisions are saved the moment they are made (one
 * transaction each) in check_decisions (migration 008); "Apply approved" writes the
 * approved ones into the final deck (ApplyInstructions.checks), the reports score them.
 *
 * It sits beside the image review (review-store.ts) rather than inside its group model,
 * which is keyed by pictures' content; the screen shows both.
 */
import type { QueueStore } from '../queue/store';
import { findingKey, type CheckFinding } from '../../shared/checker';
import type { ApplyInstructions } from '../../shared/review';
import { cleanAltText, ReviewError } from './review-decisions';
import { CHECK_ACTIONS, type CheckAction, type CheckDecision, type CheckReviewGroup, type CheckReviewItem, type FindingGroupRow, type FindingGroupsPage, type FindingGroupsQuery, type FindingsBulkPreview } from '../../shared/check-review';

export { CHECK_ACTIONS, type CheckAction, type CheckDecision, type CheckReviewItem, type CheckReviewGroup } from '../../shared/check-review';

const MAX_TEXT = 500;
/** A decision saved; `origin` names the bulk approval that made it (NULL: a person's own, which an undo of a bulk never takes back). */
const UPSERT =
  'INSERT INTO check_decisions (job_id, finding_key, batch_id, action, text, reviewer, decided_at, origin) VALUES (?,?,?,?,?,?,?,?) ON CONFLICT (job_id, finding_key) DO UPDATE SET action = excluded.action, text = excluded.text, reviewer = excluded.reviewer, decided_at = excluded.decided_at, origin = excluded.origin';

/** Identical findings: the same rule, the same words in the deck, the same proposal. */
export function checkGroupKey(f: CheckFinding): string {
  return JSON.stringify([f.rule, (f.current ?? '').trim().toLowerCase(), (f.proposal ?? '').trim()]);
}

/**
 * Findings shown as information (the Review screen's "Information" list): fixed without
 * review, or for a person to fix in PowerPoint. Their key carries the outcome so a fixed
 * and a flagged table never share a row. They are never decided: decide() sees only `proposed`.
 */
export function infoGroupKey(f: CheckFinding): string {
  return JSON.stringify([f.outcome, f.rule, (f.current ?? '').trim().toLowerCase(), (f.proposal ?? '').trim()]);
}

const INFO_OUTCOMES: ReadonlySet<CheckFinding['outcome']> = new Set(['fixed', 'flagged', 'not-checked']);
/** Items by group key, in the order met. */
function byKey(items: CheckReviewItem[]): Map<string, CheckReviewItem[]> {
  const m = new Map<string, CheckReviewItem[]>();
  for (const it of items) {
    const list = m.get(it.groupKey);
    if (list) list.push(it);
    else m.set(it.groupKey, [it]);
  }
  return m;
}

interface DeckChecks {
  id: number;
  inputPath: string;
  relPath: string;
  /** Shared by every call while cached: read, never changed. */
  checks: readonly CheckFinding[];
}
/** Parsed findings of recent batches, per database (each engine has its own). */
const PARSED = new WeakMap<object, Map<string, { stamp: string; decks: DeckChecks[] }>>();
const PARSED_BATCHES = 3;

/** Members listed with a group row ("where"): enough to find them, bounded for IPC. */
const WHERE_SHOWN = 10;

interface Row {
  job_id: number;
  finding_key: string;
  action: CheckAction;
  text: string | null;
  reviewer: string | null;
  decided_at: number;
}

export class CheckReview {
  constructor(
    private readonly queue: QueueStore,
    private readonly now: () => number = Date.now,
  ) {}

  private decisions(batchId: string): Map<string, CheckDecision> {
    const rows = this.queue.db.prepare('SELECT job_id, finding_key, action, text, reviewer, decided_at FROM check_decisions WHERE batch_id = ?').all(batchId) as Row[];
    return new Map(rows.map((r) => [`${r.job_id}|${r.finding_key}`, { jobId: r.job_id, key: r.finding_key, action: r.action, text: r.text, reviewer: r.reviewer, decidedAt: r.decided_at }]));
  }

  /**
   * Each finished deck's findings, in deck order. Only `$.checks` leaves SQLite (parsing whole
   * results, every image's item and outline, was half the time of a page at 2,000 decks), and
   * the parsed list is kept while the batch's finished decks stay the same: every key in the
   * findings panel reads it, and a finished deck's result never changes without its row.
   */
  private checksOf(batchId: string, jobId?: number): DeckChecks[] {
    const all = this.batchChecks(batchId);
    return jobId === undefined ? all : all.filter((d) => d.id === jobId);
  }

  private batchChecks(batchId: string): DeckChecks[] {
    const db = this.queue.db;
    const s = db
      .prepare("SELECT count(*) AS n, coalesce(max(finished_at), 0) AS f, coalesce(sum(id), 0) AS ids FROM jobs WHERE batch_id = ? AND state = 'succeeded'")
      .get(batchId) as { n: number; f: number; ids: number };
    const stamp = `${s.n}|${s.f}|${s.ids}`;
    let byBatch = PARSED.get(db);
    if (!byBatch) PARSED.set(db, (byBatch = new Map()));
    const hit = byBatch.get(batchId);
    if (hit?.stamp === stamp) return hit.decks;
    const rows = db
      .prepare(
        `SELECT id, input_path AS inputPath, rel_path AS relPath, json_extract(result, '$.checks') AS checks FROM jobs
         WHERE batch_id = ? AND state = 'succeeded' AND json_array_length(result, '$.checks') > 0`,
      )
      .all(batchId) as Array<{ id: number; inputPath: string; relPath: string; checks: string }>;
    const decks = rows
      .map((r) => ({ id: r.id, inputPath: r.inputPath, relPath: r.relPath || r.inputPath, checks: JSON.parse(r.checks) as CheckFinding[] }))
      .sort((a, b) => (a.relPath < b.relPath ? -1 : a.relPath > b.relPath ? 1 : a.id - b.id));
    byBatch.delete(batchId);
    byBatch.set(batchId, { stamp, decks });
    // the batches a person reviews now; an older one is read again if it comes back
    while (byBatch.size > PARSED_BATCHES) byBatch.delete(byBatch.keys().next().value!);
    return decks;
  }

  /** Every finding that needs judgement (or, with `info`, every one shown as information), in deck then slide order, with its decision. */
  items(batchId: string, q: { jobId?: number; filter?: 'all' | 'undecided' | 'decided'; rule?: CheckFinding['rule']; info?: boolean } = {}): CheckReviewItem[] {
    const decided = this.decisions(batchId);
    const out: CheckReviewItem[] = [];
    for (const j of this.checksOf(batchId, q.jobId)) {
      for (const f of j.checks) {
        if ((q.info ? !INFO_OUTCOMES.has(f.outcome) : f.outcome !== 'proposed') || (q.rule && f.rule !== q.rule)) continue;
        const key = findingKey(f);
        const decision = q.info ? null : (decided.get(`${j.id}|${key}`) ?? null);
        if (q.filter === 'undecided' && decision) continue;
        if (q.filter === 'decided' && !decision) continue;
        out.push({ jobId: j.id, deckPath: j.inputPath, relPath: j.relPath, key, groupKey: q.info ? infoGroupKey(f) : checkGroupKey(f), finding: f, decision });
      }
    }
    return out;
  }

  /** Identical findings as one decision each, the largest groups first. */
  groups(batchId: string, q: { rule?: CheckFinding['rule']; info?: boolean } = {}): CheckReviewGroup[] {
    return this.grouped(byKey(this.items(batchId, q)));
  }

  private grouped(m: Map<string, CheckReviewItem[]>): CheckReviewGroup[] {
    return [...m.entries()]
      .map(([groupKey, list]) => {
        const f = list[0].finding;
        const actions = new Set(list.map((i) => i.decision?.action ?? null));
        const one = actions.size === 1 ? [...actions][0] : null;
        return {
          groupKey,
          rule: f.rule,
          outcome: f.outcome,
          current: f.current ?? null,
          proposal: f.proposal ?? null,
          message: f.message,
          members: list.length,
          decided: list.filter((i) => i.decision).length,
          decision: one,
        };
      })
      .sort((a, b) => b.members - a.members || (a.groupKey < b.groupKey ? -1 : 1));
  }

  /** A page of groups for the Review screen; decided/undecided filter whole groups; `info` lists the findings shown as information. */
  page(batchId: string, q: FindingGroupsQuery = {}): FindingGroupsPage {
    const info = q.filter === 'info';
    const items = this.items(batchId, { ...(q.rule ? { rule: q.rule } : {}), info });
    const byGroup = byKey(items);
    let groups = this.grouped(byGroup);
    if (q.filter === 'undecided') groups = groups.filter((g) => g.decided < g.members);
    if (q.filter === 'decided') groups = groups.filter((g) => g.decided === g.members);
    const offset = q.offset ?? 0;
    // only the page's rows get their details (where, decks): 18,000 groups at 2,000 decks
    const rows: FindingGroupRow[] = groups.slice(offset, offset + (q.limit ?? 200)).map((g) => {
      const list = byGroup.get(g.groupKey)!;
      const texts = new Set(list.map((i) => i.decision?.text ?? null));
      return {
        ...g,
        relPath: list[0].relPath,
        slide: list[0].finding.slide,
        decks: new Set(list.map((i) => i.jobId)).size,
        text: texts.size === 1 ? [...texts][0] : null,
        where: list.slice(0, WHERE_SHOWN).map((i) => ({ relPath: i.relPath, slide: i.finding.slide, message: i.finding.message })),
      };
    });
    return { total: groups.length, groups: rows, findings: items.length, decided: items.filter((i) => i.decision).length };
  }

  private textFor(f: CheckFinding, action: CheckAction, text?: string | null): string | null {
    if (action === 'reject') return null;
    if (action === 'approve') {
      if (!f.proposal) throw new ReviewError('There is nothing to approve: AltDeck proposed no text for this finding. Edit it instead.');
      return f.proposal;
    }
    const t = cleanAltText(text ?? '');
    if (!t) throw new ReviewError('Type the text to write (or reject the finding to leave the deck as it is).');
    if (t.length > MAX_TEXT) throw new ReviewError(`The text is ${t.length} characters long; keep it under ${MAX_TEXT}.`);
    return t;
  }

  decide(batchId: string, jobId: number, key: string, action: CheckAction, text?: string | null, reviewer?: string | null): CheckDecision {
    if (!CHECK_ACTIONS.includes(action)) throw new ReviewError(`Unknown action ${action}: approve, edit or reject.`);
    const it = this.items(batchId, { jobId }).find((i) => i.key === key);
    if (!it) throw new ReviewError(`No finding ${key} awaits review in deck ${jobId} of batch ${batchId}.`);
    const t = this.textFor(it.finding, action, text);
    const at = this.now();
    this.queue.db.prepare(UPSERT).run(jobId, key, batchId, action, t, reviewer ?? null, at, null);
    return { jobId, key, action, text: t, reviewer: reviewer ?? null, decidedAt: at };
  }

  /** One decision for every member of a group, in one transaction. */
  decideGroup(batchId: string, groupKey: string, action: CheckAction, text?: string | null, reviewer?: string | null): number {
    const members = this.items(batchId).filter((i) => i.groupKey === groupKey);
    if (!members.length) throw new ReviewError('That group has no findings awaiting review.');
    const t = this.textFor(members[0].finding, action, text);
    const at = this.now();
    const stmt = this.queue.db.prepare(UPSERT);
    this.queue.db.transaction(() => {
      for (const m of members) stmt.run(m.jobId, m.key, batchId, action, t, reviewer ?? null, at, null);
    })();
    return members.length;
  }

  clear(batchId: string, jobId: number, key: string): void {
    this.queue.db.prepare('DELETE FROM check_decisions WHERE batch_id = ? AND job_id = ? AND finding_key = ?').run(batchId, jobId, key);
  }

  /** Takes back the decisions of every member of a group (the Review screen's Undo), in one transaction; how many were removed. */
  clearGroup(batchId: string, groupKey: string): number {
    const members = this.items(batchId).filter((i) => i.groupKey === groupKey && i.decision);
    const stmt = this.queue.db.prepare('DELETE FROM check_decisions WHERE batch_id = ? AND job_id = ? AND finding_key = ?');
    this.queue.db.transaction(() => {
      for (const m of members) stmt.run(batchId, m.jobId, m.key);
    })();
    return members.length;
  }

  /** Undecided proposals of a scope that approval can take (a proposal to write), counted by rule. */
  private bulkable(batchId: string, rule?: CheckFinding['rule']): CheckReviewItem[] {
    return this.items(batchId, { filter: 'undecided', ...(rule ? { rule } : {}) }).filter((i) => !!i.finding.proposal);
  }

  /** What a bulk approval would take, for the screen to ask once with the numbers. */
  bulkPreview(batchId: string, rule?: CheckFinding['rule']): FindingsBulkPreview {
    const list = this.bulkable(batchId, rule);
    const byRule: FindingsBulkPreview['byRule'] = {};
    for (const i of list) byRule[i.finding.rule] = (byRule[i.finding.rule] ?? 0) + 1;
    return { findings: list.length, decks: new Set(list.map((i) => i.jobId)).size, byRule };
  }

  /** Approves every undecided proposal of the scope in one transaction, as one undoable action. */
  approveAll(batchId: string, rule?: CheckFinding['rule'], reviewer?: string | null): { approved: number; bulkId: string } {
    const at = this.now();
    const bulkId = `bulk:${at}:${Math.random().toString(16).slice(2, 10)}`;
    const list = this.bulkable(batchId, rule);
    const stmt = this.queue.db.prepare(UPSERT);
    this.queue.db.transaction(() => {
      for (const i of list) stmt.run(i.jobId, i.key, batchId, 'approve', i.finding.proposal!, reviewer ?? null, at, bulkId);
    })();
    return { approved: list.length, bulkId };
  }

  /** Undoes one bulk approval: its decisions go, except those a person decided again since (their origin is NULL). */
  undoBulk(batchId: string, bulkId: string): number {
    if (!bulkId.startsWith('bulk:')) throw new ReviewError('That is not a bulk action.');
    return this.queue.db.prepare('DELETE FROM check_decisions WHERE batch_id = ? AND origin = ?').run(batchId, bulkId).changes;
  }

  /** Decisions by `${jobId}|${findingKey}`, as the reports score them. */
  decisionMap(batchId: string): Map<string, { action: CheckAction; text: string | null }> {
    return new Map([...this.decisions(batchId)].map(([k, d]) => [k, { action: d.action, text: d.text }]));
  }

  /** The `checks` of a deck's apply instructions: every decision on it (rejections included, so nothing unapproved is written). */
  applyChecks(batchId: string, jobId: number): NonNullable<ApplyInstructions['checks']> {
    return [...this.decisions(batchId).values()]
      .filter((d) => d.jobId === jobId)
      .map((d) => ({ key: d.key, action: d.action, ...(d.text !== null ? { text: d.text } : {}) }));
  }

  /** Jobs of the batch with at least one decision on a finding. */
  decidedJobs(batchId: string): Set<number> {
    return new Set([...this.decisions(batchId).values()].map((d) => d.jobId));
  }
}
