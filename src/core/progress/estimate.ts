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
 * Time left as a range. Two views of the same run are combined: decks per minute
 * (captures per-deck overhead: open, lock, validate) and pictures per second
 * (captures that a 300-picture deck is not a 3-picture deck). The range spans both,
 * widened by how little evidence there is.
 */
export function estimateRemaining(input: EstimateInput): EtaRange {
  const { unitsPerSec, decksPerMin } = input;
  const decksRemaining = Math.max(0, input.decksRemaining);
  const unitsRemaining = Math.max(0, input.unitsRemaining);
  if (decksRemaining === 0 && unitsRemaining === 0) return { lowMs: 0, highMs: 0, unitsPerSec, decksPerMin };
  if (input.samples !== undefined && input.samples < 1) return unknown(input);

  const workers = Math.max(1, Math.floor(input.workers) || 1);
  const inFlight = Math.min(1, Math.max(0, input.inFlightFraction ?? 0));
  const running = Math.min(workers, decksRemaining);
  const estimates: number[] = [];

  if (decksPerMin !== null && decksPerMin > 0 && decksRemaining > 0) {
    const effectiveDecks = Math.max(0, decksRemaining - running * inFlight);
    const byDecks = (effectiveDecks / decksPerMin) * 60_000;
    // The tail: the last decks run side by side, so the batch cannot end sooner than
    // what is left of one deck, however many workers the rate was measured with.
    const oneDeckMs = (60_000 * workers) / decksPerMin;
    estimates.push(Math.max(byDecks, oneDeckMs * (1 - inFlight)));
  }
  if (unitsPerSec !== null && unitsPerSec > 0 && unitsRemaining > 0) {
    estimates.push((unitsRemaining / unitsPerSec) * 1000);
  }
  if (!estimates.length) return unknown(input);

  const u = uncertainty(input.samples);
  return {
    lowMs: Math.round(Math.min(...estimates) / (1 + u)),
    highMs: Math.round(Math.max(...estimates) * (1 + u)),
    unitsPerSec,
    decksPerMin,
  };
}

/**
 * Defaults for the built-in processor without a model server: opening, checking and
 * rewriting a deck, and OCR plus context for each picture. Deliberately on the slow
 * side: a dry-run estimate that turns out long is a nicer surprise than one that
 * turns out short.
 */
export const DEFAULT_PER_PICTURE_MS = 1_500;
export const DEFAULT_PER_DECK_MS = 1_000;

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
