/**
 * The Review screen's state. Decisions are never held here waiting to be saved:
 * every keystroke action is one decide() call (one transaction in main), and the
 * item is updated from what main answered.
 */
import { create } from 'zustand';
import type { ReviewCounts, ReviewFilter, ReviewItem } from '../../shared/review';
import type { ReviewThumbnail } from '../../shared/ipc';
import type { AltSource, JobInfo } from '../../shared/types';

export interface DeckRow {
  job: JobInfo;
  counts: ReviewCounts;
}

export interface ReviewState {
  batchId: string | null;
  /** One deck, or the whole batch (null). */
  jobId: number | null;
  filter: ReviewFilter;
  source: AltSource | null;
  items: ReviewItem[];
  total: number;
  index: number;
  /** Counts of the scope shown (the deck, else the batch). */
  counts: ReviewCounts | null;
  decks: DeckRow[];
  loading: boolean;
  /** A decision call in flight: keys pressed meanwhile are ignored, never queued. */
  saving: boolean;
  thumbs: Record<string, ReviewThumbnail>;
  /** Saved with each decision so a second reviewer's file says who decided what. */
  reviewer: string;
  set(patch: Partial<ReviewState>): void;
}

// Declared before the store: its initializer reads the saved name.
const REVIEWER_KEY = 'altdeck.reviewer';

export const useReview = create<ReviewState>((set) => ({
  batchId: null,
  jobId: null,
  filter: 'all',
  source: null,
  items: [],
  total: 0,
  index: 0,
  counts: null,
  decks: [],
  loading: false,
  saving: false,
  thumbs: {},
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
