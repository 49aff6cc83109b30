/**
 * Review and approve (a person checks every generated ALT text before it goes
 * into the final deck). Shared by the engine, the IPC contract and the Review screen.
 */
import type { AltItem, AltSource } from './types';

export const REVIEW_ACTIONS = ['approve', 'edit', 'decorative', 'reject'] as const;
export type ReviewAction = (typeof REVIEW_ACTIONS)[number];

export interface ReviewDecision {
  jobId: number;
  itemKey: string;
  action: ReviewAction;
  /** The text that will be written: the proposal (approve) or the reviewer's (edit). */
  text: string | null;
  reviewer: string | null;
  decidedAt: number;
}

export interface ReviewItem {
  batchId: string;
  jobId: number;
  deckPath: string;
  /** Deck the thumbnail is read from (output, else input). */
  mediaDeckPath: string;
  itemKey: string;
  item: AltItem;
  decision: ReviewDecision | null;
  /** Why a person should look: the processor's reasons plus ours (source, length, clinical). */
  reasons: string[];
  needsReview: boolean;
  clinical: boolean;
}

export type ReviewFilter = 'all' | 'needs-review' | 'undecided' | 'decided';

export interface ReviewQuery {
  jobId?: number;
  filter?: ReviewFilter;
  source?: AltSource;
  offset?: number;
  limit?: number;
}

export interface ReviewCounts {
  items: number;
  reviewed: number;
  approved: number;
  edited: number;
  decorative: number;
  rejected: number;
  undecided: number;
  needsReview: number;
  /**
   * Every image of the deck(s), a person's kept ALT included, after the decisions so far:
   * done (a person's or approved), draft (data/model/evidence not yet reviewed), missing
   * (nothing, junk or a placeholder). src/shared/score.ts. Absent from counts saved before issue 9.
   */
  done?: number;
  draft?: number;
  missing?: number;
  /** Decisions the scope needs: one per group of identical images (issue 11 §1); absent from counts saved before. */
  groups?: number;
  /** Groups every member of which is decided. */
  groupsDecided?: number;
}

/**
 * Identical images are one decision (issue 11 §1). A group is a key and its members;
 * the key says what makes them one: `media:<sha256>` for the same picture bytes,
 * `one:<jobId>|<itemKey>` for an item alone (no bytes to compare, or split off by the
 * reviewer). Other kinds of finding can bring their own keys.
 */
export interface ReviewGroup {
  batchId: string;
  groupKey: string;
  /** Images in the group (every copy, in every deck of the batch). */
  members: number;
  /** Members with a decision. */
  decided: number;
  /** Decks the group's images are in. */
  decks: number;
  needsReview: boolean;
  clinical: boolean;
  /** The first member: what the reviewer sees and what "approve" takes the text from. */
  rep: ReviewItem;
  /** Where the first few members are (deck and slide), in batch order. */
  where: Array<{ jobId: number; deckPath: string; slide: number }>;
  /** Every member decided alike: that decision; null when undecided or mixed. */
  decision: ReviewDecision | null;
  /** Some members decided differently from others (or only some decided). */
  mixed: boolean;
  /** The decision came from the library: the same image was decided in an earlier batch. */
  fromLibrary: boolean;
}

export interface ReviewGroupQuery extends ReviewQuery {}

/** One deck's review progress, for the paged list of decks (issue 11 §2: nothing silently capped). */
export interface ReviewDeckRow {
  jobId: number;
  relPath: string;
  counts: ReviewCounts;
}

/** What a bulk approval would take, so the screen can ask once when it includes risky text (issue 11 §4). */
export interface BulkPreview {
  images: number;
  clinical: number;
  /** Text read from the image (OCR) or taken from the slide or an earlier run (context). */
  ocrOrContext: number;
}

export interface BulkResult {
  approved: number;
  /** Undoes exactly this bulk action (decisions changed since are left alone). */
  bulkId: string;
}

/** Export/import format: matched by the deck's SHA-256, so it works on another machine. */
export interface DecisionsFile {
  schema: 'altdeck-decisions/1';
  batchId: string;
  exportedAt: string;
  decisions: Array<{
    deckPath: string;
    sha256: string | null;
    itemKey: string;
    slide: number;
    shapeName: string;
    proposed: string | null;
    /** '' in a sheet exported with --all for an image nobody decided yet: the second reviewer fills it in. */
    action: ReviewAction | '';
    text: string | null;
    reviewer: string | null;
    decidedAt: string;
    /** Sheets exported with --all: what the deck holds now and why a person should look. */
    oldAlt?: string | null;
    reasons?: string;
  }>;
}

export interface ImportResult {
  imported: number;
  /** Older than the decision already here: kept ours. */
  skippedOlder: number;
  /** Deck or image not in this batch. */
  unmatched: number;
  /** Rows of a fill-in sheet left without an action or text: still undecided (present only when > 0). */
  blank?: number;
}

/**
 * What the processor's apply mode writes (`--apply FILE`): starting from the
 * ORIGINAL deck, only these objects change; everything else stays as it was.
 */
export interface ApplyInstructions {
  schema: 'altdeck-apply/1';
  items: Array<{ part: string; shapeId: string; action: 'set' | 'decorative'; text?: string }>;
  /**
   * Decisions on checker findings (issue 13) by findingKey (`rule|part#target`): a proposal
   * (a slide title, a header row) is written only when approved or edited. Safe fixes are
   * written in apply mode as in any run. Absent from files written before issue 13.
   */
  checks?: Array<{ key: string; action: 'approve' | 'edit' | 'reject'; text?: string }>;
}

export function itemKeyOf(item: Pick<AltItem, 'part' | 'shapeId'>): string {
  return `${item.part}#${item.shapeId}`;
}
