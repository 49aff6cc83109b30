/**
 * Throughput over *active* time. The batch clock only runs while the batch runs:
 * paused time and time the machine spent asleep never count, otherwise a laptop
 * closed overnight would report a rate of almost nothing and an ETA of days.
 *
 * Every sample is placed on the active timeline (not the wall clock), so rates are
 * plain differences between two samples and need no knowledge of pauses.
 */

export interface Sample {
  /** Wall-clock time of the observation (ms epoch). */
  at: number;
  unitsDone: number;
  decksDone: number;
}

interface ActiveSample extends Sample {
  /** Position on the active timeline (ms of running time since start). */
  active: number;
}

export interface Rate {
  unitsPerSec: number | null;
  decksPerMin: number | null;
  /** Decks finished since start(): how much evidence the rate rests on. */
  samples: number;
}

export const DEFAULT_WINDOW_MS = 120_000;
/**
 * A tick arriving later than this after the previous one means the process did not
 * run (machine asleep, VM suspended). The engine ticks about once a second, so 30 s
 * leaves a wide margin for a loaded machine without counting a real sleep.
 */
export const DEFAULT_GAP_MS = 30_000;
/** Below this much active time a rate is noise (a tiny first deck would promise minutes for thousands). */
export const MIN_ACTIVE_MS = 5_000;

export class ThroughputTracker {
  private readonly windowMs: number;
  private readonly now: () => number;
  private running = false;
  /** Active ms of segments already closed by pause or a detected gap. */
  private closedMs = 0;
  private segmentStart = 0;
  /** Last wall time the engine proved it was alive (start, resume, tick). */
  private lastSeen = 0;
  /** Set by the first noteGap(): only an engine that ticks lets us tell sleep from silence. */
  private ticking = false;
  private gapMs = DEFAULT_GAP_MS;
  private origin: ActiveSample | null = null;
  /** start() was given no baseline: zero is assumed until the first record() says otherwise. */
  private originGuessed = false;
  private samples: ActiveSample[] = [];

  constructor(opts: { windowMs?: number; now?: () => number } = {}) {
    this.windowMs = opts.windowMs ?? DEFAULT_WINDOW_MS;
    this.now = opts.now ?? Date.now;
  }

  /**
   * Begin measuring. For a resumed batch pass what was already done, so the work of
   * an earlier session is not counted as done in the first second of this one.
   * Calling start() again on a running tracker does nothing; after pause() it resumes.
   */
  start(initial?: { unitsDone: number; decksDone: number }): void {
    if (!this.origin) {
      this.origin = { at: this.now(), active: this.closedMs, unitsDone: initial?.unitsDone ?? 0, decksDone: initial?.decksDone ?? 0 };
      this.originGuessed = !initial;
    }
    this.resume();
  }

  pause(): void {
    if (!this.running) return;
    this.checkGap(this.gapMs);
    this.closedMs = this.activeMs();
    this.running = false;
  }

  resume(): void {
    if (this.running) return;
    const t = this.now();
    this.running = true;
    this.segmentStart = t;
    this.lastSeen = t;
  }

  /** Call on every tick; a jump longer than thresholdMs since the previous tick is left out like a pause. */
  noteGap(thresholdMs: number = DEFAULT_GAP_MS): void {
    this.ticking = true;
    this.gapMs = thresholdMs;
    this.checkGap(thresholdMs);
  }

  record(unitsDone: number, decksDone: number): void {
    if (!this.origin) this.start();
    this.checkGap(this.gapMs);
    const sample: ActiveSample = { at: this.now(), active: this.activeMs(), unitsDone, decksDone };
    if (this.originGuessed && this.origin) {
      this.originGuessed = false;
      // Each finished deck is recorded on its own, so a first record above one deck
      // means totals carried over from an earlier session (a resumed batch started
      // without a baseline). Counting them as done in this session would promise an
      // ETA of seconds; start measuring from here instead.
      if (decksDone - this.origin.decksDone > 1) this.origin = sample;
    }
    this.samples.push(sample);
    this.prune(sample.active);
  }

  activeMs(): number {
    if (!this.running) return this.closedMs;
    // A clock set backwards must not make active time shrink.
    return this.closedMs + Math.max(0, this.now() - this.segmentStart);
  }

  rate(): Rate {
    const origin = this.origin;
    const last = this.samples[this.samples.length - 1];
    if (!origin || !last) return { unitsPerSec: null, decksPerMin: null, samples: 0 };
    this.checkGap(this.gapMs);
    const finished = last.decksDone - origin.decksDone;
    const end = this.activeMs();
    if (finished < 1 || end - origin.active < MIN_ACTIVE_MS) {
      return { unitsPerSec: null, decksPerMin: null, samples: Math.max(0, finished) };
    }
    // Recent window first: throughput drifts (big decks cluster in folders); but when
    // no deck finished inside the window, the whole run is the only honest evidence.
    let base: ActiveSample = origin;
    for (const s of this.samples) if (s.active <= end - this.windowMs) base = s;
    if (last.decksDone - base.decksDone < 1) base = origin;
    // Decks: the count now is exactly the last one (a finish is always recorded), so the
    // span runs to now, and a deck that has been running for ten minutes without news
    // slows the rate down instead of freezing it. Pictures: the count is only known at
    // the last sample (pictures inside running decks move on between records), so
    // that span ends there; stretching it to now would read every quiet minute as
    // zero progress and inflate the ETA while big decks run.
    const deckSpanMs = end - base.active;
    const unitSpanMs = last.active - base.active;
    if (deckSpanMs <= 0) return { unitsPerSec: null, decksPerMin: null, samples: finished };
    return {
      unitsPerSec: unitSpanMs > 0 ? Math.max(0, last.unitsDone - base.unitsDone) / (unitSpanMs / 1000) : null,
      decksPerMin: Math.max(0, last.decksDone - base.decksDone) / (deckSpanMs / 60_000),
      samples: finished,
    };
  }

  private checkGap(thresholdMs: number): void {
    if (!this.running || !this.ticking) return;
    const t = this.now();
    const delta = t - this.lastSeen;
    if (delta > thresholdMs || delta < 0) {
      // Close the segment at the last moment we knew we were running.
      this.closedMs += Math.max(0, this.lastSeen - this.segmentStart);
      this.segmentStart = t;
    }
    this.lastSeen = t;
  }

  /** Keep the window plus one sample before it (the baseline); the origin is kept apart. */
  private prune(activeNow: number): void {
    const cutoff = activeNow - this.windowMs;
    let firstKept = 0;
    for (let i = 0; i < this.samples.length; i++) if (this.samples[i].active <= cutoff) firstKept = i;
    if (firstKept > 0) this.samples.splice(0, firstKept);
  }
}
