/**
 * An ETA that learns what a deck costs in this batch (issue 12). A deck's processor
 * time is close to linear in its pictures: a fixed part (start, open, write, and with
 * OCR the recogniser's start-up) plus a part per picture (seconds with OCR or a
 * model). Fitting both to the decks already done, starting from what the settings
 * suggest, follows a batch whose real cost is three times the guess after a few decks,
 * where a throughput-only view is misled by the first decks' sizes.
 */
import { DEFAULT_PER_DECK_MS, perPictureMsFor } from './estimate';

/** One finished deck: its work units (pictures) and its processor's run time. */
export interface DeckSample {
  units: number;
  ms: number;
}

export interface DeckCost {
  perDeckMs: number;
  perUnitMs: number;
  /** Decks the fit rests on (0: the prior alone). */
  samples: number;
  /** How far single decks stray from the fit, relative to a typical deck (1 = by a whole deck's time). */
  spread?: number;
}

/** OCR loads its recogniser in every processor: a fixed cost per deck, measured on the corpus at ~1.5 s. */
export const OCR_START_MS = 1_500;

/** What the settings suggest before any deck is done. */
export function priorCost(settings: { ocr?: boolean; modelServer?: string | null }): DeckCost {
  return { perDeckMs: DEFAULT_PER_DECK_MS + (settings.ocr ? OCR_START_MS : 0), perUnitMs: perPictureMsFor(settings), samples: 0 };
}

/**
 * Weighted least squares of ms = a + b·units over the samples, with the prior entered
 * as `priorWeight` pseudo-decks (half at no pictures, half at the samples' mean), so
 * one deck moves the estimate most of the way and ten decks leave the prior behind.
 * Both parts stay ≥ 0; a deck cannot save time by having pictures.
 */
export function learnDeckCost(samples: readonly DeckSample[], prior: DeckCost, priorWeight = 1): DeckCost {
  const n = samples.length;
  if (n === 0) return { ...prior, samples: 0 };
  const meanU = samples.reduce((s, d) => s + Math.max(0, d.units), 0) / n;
  const pts: Array<{ u: number; t: number; w: number }> = samples.map((d) => ({ u: Math.max(0, d.units), t: Math.max(0, d.ms), w: 1 }));
  const uRef = Math.max(1, meanU);
  pts.push({ u: 0, t: prior.perDeckMs, w: priorWeight / 2 }, { u: uRef, t: prior.perDeckMs + prior.perUnitMs * uRef, w: priorWeight / 2 });
  let sw = 0, su = 0, st = 0, suu = 0, sut = 0;
  for (const p of pts) {
    sw += p.w;
    su += p.w * p.u;
    st += p.w * p.t;
    suu += p.w * p.u * p.u;
    sut += p.w * p.u * p.t;
  }
  const det = sw * suu - su * su;
  let a = det > 0 ? (st * suu - su * sut) / det : st / sw;
  let b = det > 0 ? (sw * sut - su * st) / det : 0;
  if (b < 0) {
    b = 0;
    a = st / sw;
  } else if (a < 0) {
    a = 0;
    b = suu > 0 ? sut / suu : 0;
  }
  // Real decks stray far from any line (a picture full of text costs OCR ten times a
  // blank one): the residuals size the range. With few decks, assume at least 50%.
  let sq = 0;
  let mean = 0;
  for (const d of samples) {
    const fit = a + b * Math.max(0, d.units);
    sq += (Math.max(0, d.ms) - fit) ** 2;
    mean += fit;
  }
  mean = Math.max(1, mean / n);
  const measured = n > 1 ? Math.sqrt(sq / (n - 1)) / mean : 0;
  const spread = (measured * (n - 1) + 0.5 * 2) / (n + 1);
  return { perDeckMs: a, perUnitMs: b, samples: n, spread };
}

/**
 * Relative half-width of the range around the model's time left: single decks'
 * spread averages out over the decks left (1/√m) but not over the few the fit rests
 * on (1/√n). Calibrated on test/progress/fixtures/ocr-durations.tsv (learn.test.ts).
 */
export function modelUncertainty(cost: DeckCost, decksLeft: number): number {
  const n = Math.max(1, cost.samples);
  const m = Math.max(1, decksLeft);
  const rel = (cost.spread ?? 0.5) * Math.sqrt(1 / m + 1 / n);
  return Math.min(3, 0.1 + 1.5 * rel);
}

export interface Remaining {
  /** Decks not finished, the ones in flight included, and their pictures. */
  decks: number;
  units: number;
  /** Decks whose processor runs now: their pictures and how long it has run. */
  inFlight: ReadonlyArray<{ units: number; elapsedMs: number }>;
  workers: number;
}

/**
 * Time left: what the unfinished decks cost by the model, less what the running ones
 * have already spent, shared by the workers, and never less than the longest deck
 * still running or to run (the last decks do not split across workers).
 */
export function remainingByModel(cost: DeckCost, r: Remaining): number {
  const deck = (u: number) => cost.perDeckMs + cost.perUnitMs * Math.max(0, u);
  let total = Math.max(0, r.decks) * cost.perDeckMs + Math.max(0, r.units) * cost.perUnitMs;
  let longest = 0;
  for (const f of r.inFlight) {
    const expected = deck(f.units);
    // A deck past its expected time is almost done, as far as the model can tell.
    const left = Math.max(expected * 0.05, expected - f.elapsedMs);
    total -= expected - left;
    longest = Math.max(longest, left);
  }
  const waiting = Math.max(0, r.decks - r.inFlight.length);
  if (waiting > 0) longest = Math.max(longest, deck(r.units / Math.max(1, r.decks)));
  const workers = Math.max(1, Math.floor(r.workers) || 1);
  return Math.max(0, Math.max(total / Math.min(workers, Math.max(1, r.decks)), longest));
}
