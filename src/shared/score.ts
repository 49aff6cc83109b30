/**
 * The accessibility score (issue 9 §1): every image is done, draft or missing, and the
 * score is those three counts, before and after, per deck and per batch. Only a person's
 * words (kept, written in review, or approved) count as done; text from data, a model or
 * evidence is a draft until reviewed; a placeholder or nothing is missing.
 */
import { trustOf, type AltItem, type AltScore, type AltStanding, type ReadBack } from './types';

/** What a review decided for an image (subset of ReviewDecision, to keep this file free of review.ts). */
export interface DecisionLike {
  action: 'approve' | 'edit' | 'decorative' | 'reject';
}

export type ScoredItem = Pick<AltItem, 'oldAlt' | 'oldAltVerdict' | 'newAlt' | 'source' | 'status' | 'decorative'> & {
  trust?: AltItem['trust'];
  missingInFile?: boolean;
};

/** Before the run: only what the original deck holds. */
export function standingBefore(item: ScoredItem): AltStanding {
  const hasOld = (item.oldAlt ?? '').trim() !== '';
  // a decorative flag already in the deck was set by a person (status decorative, source person)
  if (item.decorative && item.status === 'decorative' && item.source === 'person') return 'done';
  if (item.oldAltVerdict === 'person' && hasOld) return 'done';
  if (item.oldAltVerdict === 'altdeck' && hasOld) return 'draft';
  return 'missing';
}

/**
 * After the run (and after review, when a decision is given): what the output deck holds.
 * An image the read-back found without ALT (`missingInFile`) is missing, decided or not
 * (reports leave the flag off where a decision is not yet applied: see withReadBack).
 */
export function standingAfter(item: ScoredItem, decision?: DecisionLike | null): AltStanding {
  // The written deck, read back, is the truth: no ALT in the file is missing, whatever was claimed.
  if (item.missingInFile) return 'missing';
  if (decision) {
    if (decision.action === 'approve' || decision.action === 'edit' || decision.action === 'decorative') return 'done';
    // reject = keep the old ALT as it was in the original deck
    return standingBefore(item);
  }
  switch (item.status) {
    case 'decorative':
      return item.source === 'person' ? 'done' : 'draft';
    case 'kept':
      if ((item.oldAlt ?? item.newAlt ?? '').trim() === '') return 'missing';
      return item.oldAltVerdict === 'altdeck' ? 'draft' : 'done';
    case 'written': {
      if ((item.newAlt ?? '').trim() === '') return 'missing';
      const trust = item.trust ?? trustOf(item.source);
      return trust === 'person' ? 'done' : trust === 'none' ? 'missing' : 'draft';
    }
    // a proposal (audit) is in no deck; an unresolved image keeps nothing we count
    case 'proposed':
      return standingBefore(item);
    default:
      return 'missing';
  }
}

export function emptyScore(): AltScore {
  return { images: 0, done: 0, draft: 0, missing: 0 };
}

/** Counts by standing; null when there are no images (0 % would blame a deck with nothing to fix). */
export function scoreOf<T extends ScoredItem>(
  items: readonly T[],
  phase: 'before' | 'after',
  decisionOf?: (item: T, index: number) => DecisionLike | null | undefined,
): AltScore | null {
  if (!items.length) return null;
  const s = emptyScore();
  items.forEach((item, i) => {
    s.images++;
    s[phase === 'before' ? standingBefore(item) : standingAfter(item, decisionOf?.(item, i))]++;
  });
  return s;
}

/** Adds b into a (batch totals from deck scores). */
export function addScore(a: AltScore | null, b: AltScore | null): AltScore | null {
  if (!b) return a;
  const s = a ? { ...a } : emptyScore();
  s.images += b.images;
  s.done += b.done;
  s.draft += b.draft;
  s.missing += b.missing;
  return s;
}

/** The words users see, PowerPoint's checker's for the missing ones. */
export const STANDING_LABELS: Readonly<Record<AltStanding, string>> = {
  done: 'Done (written or approved by a person)',
  draft: 'Draft (awaiting review)',
  missing: 'Missing alternative text',
};

/** "12 done, 30 draft (awaiting review), 4 missing alternative text" */
export function scoreLine(s: AltScore | null): string {
  if (!s) return 'no images';
  return `${s.done} done, ${s.draft} draft (awaiting review), ${s.missing} missing alternative text`;
}

/** Where a text came from, in a reviewer's words (lower case; the report capitalises). */
export const SOURCE_LABELS: Readonly<Record<import('./types').AltSource, string>> = {
  person: 'written by a person',
  chart: 'chart data',
  smartart: 'SmartArt text',
  table: 'table data',
  model: 'vision model',
  caption: 'caption next to the picture',
  'auto-caption': 'Office auto-caption (description kept, markers removed)',
  'file-name': 'words in the picture’s file name',
  link: 'where the picture’s link goes',
  ocr: 'text read from the image (OCR)',
  repeated: 'image repeated on most slides',
  placeholder: 'placeholder (you chose to write placeholders; still missing)',
  context: 'AltDeck’s draft from an earlier run',
  decorative: 'marked decorative by AltDeck',
  none: 'no source: needs a person',
};

export const TRUST_LABELS: Readonly<Record<import('./types').AltTrust, string>> = {
  person: 'person',
  data: 'deck data',
  model: 'model',
  evidence: 'evidence in the deck',
  none: 'none',
};

/**
 * The processor's slide items with `missingInFile` set where the file, read back, has
 * no ALT for the picture (matched by slide part and shape id). `notYetWritten`: images
 * whose review decision the file cannot hold yet (not applied), scored as decided.
 */
export function withReadBack(items: AltItem[], readBack: ReadBack | undefined | null, notYetWritten?: (item: AltItem) => boolean): AltItem[] {
  if (!readBack) return items;
  const missing = new Set(readBack.missing);
  return items.map((i) => (missing.has(`${i.part}#${i.shapeId}`) && !notYetWritten?.(i) ? { ...i, missingInFile: true } : i));
}
