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
  set(patch: Partial<ReviewState>): void;
}

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
  set: (patch) => set(patch),
}));

export const thumbKey = (it: Pick<ReviewItem, 'jobId'> & { item: { mediaPart: string | null } }) => `${it.jobId}:${it.item.mediaPart}`;
