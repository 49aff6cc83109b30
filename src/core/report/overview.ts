/**
 * The summary a coordinator reads first (issue 14 §3), computed once from the report
 * model for every format: what needs attention, ranked by severity (failed decks, then
 * missing ALT, then drafts to review), and a roll-up per folder.
 */
import type { AltScore } from '../../shared/types';
import { addScore } from '../../shared/score';
import type { DeckView } from './model';

/** Most severe first; a deck is listed once, under its most severe need. */
export const ATTENTION_KINDS = ['failed', 'missing', 'draft'] as const;
export type AttentionKind = (typeof ATTENTION_KINDS)[number];

export const ATTENTION_TITLES: Record<AttentionKind, string> = {
  failed: 'Failed or not processed',
  missing: 'Missing ALT text',
  draft: 'Drafts to review',
};

/** A deck's outcome in one word, for filters: what a coordinator must do about it. */
export type DeckOutcome = AttentionKind | 'done' | 'waiting';

export interface AttentionRow {
  /** Index into ReportModel.decks (the deck's anchor is `deck-${index + 1}`). */
  deck: number;
  kind: AttentionKind;
  /** Images missing ALT after the run (missing), drafts plus images flagged for review (draft). */
  count: number;
}

export interface FolderRollup {
  /** The folder relative to the batch's input ('' = the top folder). */
  folder: string;
  decks: number;
  done: number;
  /** Failed, refused by the check, or cancelled. */
  failed: number;
  /** Skipped or not finished yet. */
  other: number;
  scoreBefore: AltScore | null;
  scoreAfter: AltScore | null;
}

export interface ReportOverview {
  attention: AttentionRow[];
  folders: FolderRollup[];
}

const FAILED_STATES = new Set(['failed', 'rejected', 'cancelled']);

export function outcomeOf(d: DeckView): DeckOutcome {
  if (FAILED_STATES.has(d.state)) return 'failed';
  if ((d.scoreAfter?.missing ?? 0) > 0 || d.notInFile > 0 || (!d.scoreAfter && d.totals.unresolved > 0)) return 'missing';
  if ((d.scoreAfter?.draft ?? 0) > 0 || d.totals.needsReview > 0) return 'draft';
  if (d.state === 'pending' || d.state === 'running' || d.state === 'retrying') return 'waiting';
  return 'done';
}

function attentionCount(d: DeckView, kind: AttentionKind): number {
  if (kind === 'missing') return Math.max(d.scoreAfter?.missing ?? d.totals.unresolved, d.notInFile);
  if (kind === 'draft') return Math.max(d.scoreAfter?.draft ?? 0, d.totals.needsReview);
  return 0;
}

/** The folder part of a deck's relative path ('' for the top folder). */
export function folderOf(relPath: string): string {
  const p = relPath.replace(/\\/g, '/');
  const i = p.lastIndexOf('/');
  return i > 0 ? p.slice(0, i) : '';
}

export function buildOverview(decks: DeckView[]): ReportOverview {
  const attention: AttentionRow[] = [];
  decks.forEach((d, i) => {
    const kind = outcomeOf(d);
    if (kind === 'failed' || kind === 'missing' || kind === 'draft') attention.push({ deck: i, kind, count: attentionCount(d, kind) });
  });
  const rank = (k: AttentionKind) => ATTENTION_KINDS.indexOf(k);
  // Within a kind: most images first, then the order of the decks (by path).
  attention.sort((a, b) => rank(a.kind) - rank(b.kind) || b.count - a.count || a.deck - b.deck);

  const byFolder = new Map<string, FolderRollup>();
  for (const d of decks) {
    const folder = folderOf(d.relPath);
    let f = byFolder.get(folder);
    if (!f) byFolder.set(folder, (f = { folder, decks: 0, done: 0, failed: 0, other: 0, scoreBefore: null, scoreAfter: null }));
    f.decks++;
    if (d.state === 'succeeded') f.done++;
    else if (FAILED_STATES.has(d.state)) f.failed++;
    else f.other++;
    f.scoreBefore = addScore(f.scoreBefore, d.scoreBefore);
    f.scoreAfter = addScore(f.scoreAfter, d.scoreAfter);
  }
  const folders = [...byFolder.values()].sort((a, b) => (a.folder < b.folder ? -1 : a.folder > b.folder ? 1 : 0));
  return { attention, folders };
}
