/** Throughput and ETA (DESIGN.md §1.4): pure functions and one small clocked class. */
export { ThroughputTracker, DEFAULT_WINDOW_MS, DEFAULT_GAP_MS, MIN_ACTIVE_MS } from './throughput';
export type { Sample, Rate } from './throughput';
export {
  estimateRemaining,
  estimateFromAudit,
  uncertainty,
  DEFAULT_PER_PICTURE_MS,
  DEFAULT_PER_DECK_MS,
  OCR_PER_PICTURE_MS,
  MODEL_PER_PICTURE_MS,
  perPictureMsFor,
} from './estimate';
export type { EstimateInput } from './estimate';
export { formatDuration, formatEtaRange } from './format';
export { learnDeckCost, modelUncertainty, priorCost, remainingByModel, OCR_START_MS } from './learn';
export type { DeckCost, DeckSample, Remaining } from './learn';
