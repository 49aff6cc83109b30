import type { EtaRange } from '../../shared/types';

export interface EstimateInput {
  /** Pictures still to do, including what is left of the decks in flight. */
  unitsRemaining: number;
  /** Decks not finished yet, the running ones included. */
  decksRemaining: number;
  unitsPerSec: number | null;
  decksPerMin: number | null;
  workers: number;
  /** Average share (0..1) already done of the decks running now. */
  inFlightFraction?: number;
  /** Decks finished so far: the evidence behind the rates (few = wide range). */
  samples?: number;
  /**
   * Time left by the deck-cost model learnt from this batch's finished decks
   * (learn.ts). When given it is the centre of the range: it prices each remaining
   * deck by its pictures, which throughput alone cannot when OCR or a model makes
   * pictures cost seconds and early decks are not typical.
   */
  modelMs?: number | null;
  /** Relative half-width for the model's range (learn.ts modelUncertainty); default: by the samples. */
  modelSpread?: number;
}

/**
 * Relative half-width of the range. With one finished deck the truth can easily be
 * 60% off (decks differ wildly in size); it shrinks like a standard error with
 * more decks but never below 10%, because what is left is never a perfect copy of
 * what was done.
 */
export function uncertainty(samples: number | undefined): number {
  const n = Math.max(1, samples ?? 1);
  return 0.1 + 0.5 / Math.sqrt(n);
}

const unknown = (input: EstimateInput): EtaRange => ({
  lowMs: null,
  highMs: null,
  unitsPerSec: input.unitsPerSec,
  decksPerMin: input.decksPerMin,
});

/**
 * Time left as a range, from two views of the same run. Pictures per second is the
 * main one: a 300-picture deck is not a 3-picture deck, and real shares hold both.
 * Decks per minute captures per-deck costs (open, lock, validate) and is the only
 * view for decks without pictures, but alone it is poor when deck sizes are
 * heavy-tailed. So the range starts from the pictures view, reaches a quarter of
 * the way (geometrically) toward the decks view, and widens by the evidence.
 * Calibrated in test/progress/eta-simulation.test.ts on the corpus's real picture
 * counts: the true time left falls inside on about 95% of ticks, with a median
 * range about half as wide as the time left; spanning both views fully gave the
 * same hit rate at three times the width.
 */
export function estimateRemaining(input: EstimateInput): EtaRange {
  const { unitsPerSec, decksPerMin } = input;
  const decksRemaining = Math.max(0, input.decksRemaining);
  const unitsRemaining = Math.max(0, input.unitsRemaining);
  if (decksRemaining === 0 && unitsRemaining === 0) return { lowMs: 0, highMs: 0, unitsPerSec, decksPerMin };
  // The learnt model rests on decks of earlier runs too: it may speak before this run's first deck.
  if (input.modelMs !== undefined && input.modelMs !== null && Number.isFinite(input.modelMs)) {
    const u = input.modelSpread ?? uncertainty(input.samples);
    const m = Math.max(0, input.modelMs);
    return { lowMs: Math.round(m / (1 + u)), highMs: Math.round(m * (1 + u)), unitsPerSec, decksPerMin };
  }
  if (input.samples !== undefined && input.samples < 1) return unknown(input);

  const workers = Math.max(1, Math.floor(input.workers) || 1);
  const inFlight = Math.min(1, Math.max(0, input.inFlightFraction ?? 0));
  const running = Math.min(workers, decksRemaining);

  let byDecks: number | null = null;
  if (decksPerMin !== null && decksPerMin > 0 && decksRemaining > 0) {
    const effectiveDecks = Math.max(0, decksRemaining - running * inFlight);
    // The tail: the last decks run side by side, so the batch cannot end sooner than
    // what is left of one deck, however many workers the rate was measured with.
    const oneDeckMs = (60_000 * workers) / decksPerMin;
    byDecks = Math.max((effectiveDecks / decksPerMin) * 60_000, oneDeckMs * (1 - inFlight));
  }
  const byUnits = unitsPerSec !== null && unitsPerSec > 0 && unitsRemaining > 0 ? (unitsRemaining / unitsPerSec) * 1000 : null;

  let low: number;
  let high: number;
  if (byUnits !== null && byDecks !== null) {
    const pulled = Math.pow(byUnits, 0.75) * Math.pow(byDecks, 0.25);
    low = Math.min(byUnits, pulled);
    high = Math.max(byUnits, pulled);
  } else if (byUnits !== null || byDecks !== null) {
    low = high = (byUnits ?? byDecks) as number;
  } else return unknown(input);

  const u = uncertainty(input.samples);
  return { lowMs: Math.round(low / (1 + u)), highMs: Math.round(high * (1 + u)), unitsPerSec, decksPerMin };
}

/**
 * Costs of the built-in processor, measured on the corpus with persistent workers
 * (issue 10): 179 real decks, 875 pictures, 1 worker, a 2-core machine shared with
 * other work (load ~16); a regression of deck time on picture count gives about
 * 320 ms per deck (claim, fingerprint, the worker's open/rewrite, validate, read back)
 * and 13 ms per picture without OCR or a model. OCR adds roughly 0.5–1 s per picture;
 * a vision model on a CPU-only workstation takes seconds per picture, more than
 * anything else. Rounded up: a dry-run estimate that turns out long beats one that
 * turns out short. (With a fresh subprocess per deck it was 1.45 s per deck.)
 */
export const DEFAULT_PER_DECK_MS = 400;
export const DEFAULT_PER_PICTURE_MS = 50;
export const OCR_PER_PICTURE_MS = 800;
export const MODEL_PER_PICTURE_MS = 10_000;

/** Per-picture cost for the sources the settings turn on (the slowest one dominates). */
export function perPictureMsFor(settings: { ocr?: boolean; modelServer?: string | null }): number {
  let ms = DEFAULT_PER_PICTURE_MS;
  if (settings.ocr) ms += OCR_PER_PICTURE_MS;
  if (settings.modelServer) ms += MODEL_PER_PICTURE_MS;
  return ms;
}

/** Dry-run estimate from the audit alone, before any deck has been processed. */
export function estimateFromAudit(
  audit: { decks: number; pictures: number },
  workers: number,
  perPictureMs: number = DEFAULT_PER_PICTURE_MS,
  perDeckMs: number = DEFAULT_PER_DECK_MS,
): number {
  const decks = Math.max(0, audit.decks);
  if (decks === 0) return 0;
  const parallel = Math.max(1, Math.min(Math.floor(workers) || 1, decks));
  return Math.round((decks * perDeckMs + Math.max(0, audit.pictures) * perPictureMs) / parallel);
}
