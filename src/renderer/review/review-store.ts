/**
 * The Review screen's state. Decisions are never held here waiting to be saved:
 * every keystroke action is one call (one transaction in the engine), and the group
 * is updated from what the engine answered.
 */
import { create } from 'zustand';
import type { ReviewCounts, ReviewDeckRow, ReviewFilter, ReviewGroup, ReviewItem } from '../../shared/review';
import type { ReviewThumbnail } from '../../shared/ipc';
import type { AltSource } from '../../shared/types';

export interface ReviewState {
  /** Which list the screen shows: images' ALT text, or the checker's other findings (issue 13). */
  panel: 'images' | 'findings';
  batchId: string | null;
  /** One deck, or the whole batch (null). */
  jobId: number | null;
  filter: ReviewFilter;
  source: AltSource | null;
  /** Groups of identical images (one decision each), most copies first, loaded page by page. */
  groups: ReviewGroup[];
  total: number;
  index: number;
  /** Members of the current group, when the reviewer opened them (to split one off). */
  members: { groupKey: string; total: number; items: ReviewItem[] } | null;
  /** Counts of the scope shown (the deck, else the batch). */
  counts: ReviewCounts | null;
  decks: ReviewDeckRow[];
  decksTotal: number;
  loading: boolean;
  /** A decision call in flight: keys pressed meanwhile are ignored, never queued. */
  saving: boolean;
  thumbs: Record<string, ReviewThumbnail>;
  /** The last bulk approval, undoable as one action. */
  lastBulk: { bulkId: string; approved: number } | null;
  /** Saved with each decision so a second reviewer's file says who decided what. */
  reviewer: string;
  set(patch: Partial<ReviewState>): void;
}

// Declared before the store: its initializer reads the saved name.
const REVIEWER_KEY = 'altdeck.reviewer';

export const useReview = create<ReviewState>((set) => ({
  panel: 'images',
  batchId: null,
  jobId: null,
  filter: 'all',
  source: null,
  groups: [],
  total: 0,
  index: 0,
  members: null,
  counts: null,
  decks: [],
  decksTotal: 0,
  loading: false,
  saving: false,
  thumbs: {},
  lastBulk: null,
  reviewer: readReviewer(),
  set: (patch) => set(patch),
}));

export const thumbKey = (it: Pick<ReviewItem, 'jobId'> & { item: { mediaPart: string | null } }) => `${it.jobId}:${it.item.mediaPart}`;

function readReviewer(): string {
  try {
    return localStorage.getItem(REVIEWER_KEY) ?? '';
  } catch {
    return '';
  }
}

export function saveReviewer(name: string) {
  useReview.getState().set({ reviewer: name });
  try {
    localStorage.setItem(REVIEWER_KEY, name);
  } catch {
    // No storage (a locked-down profile): the name lasts for this session.
  }
}
