/**
 * Decorative candidates: things a screen reader should skip. Reported always;
 * flagged in the deck only when the user asks.
 */
import type { Box } from '../deck/geometry';
import { overlapArea } from '../deck/geometry';

const EMU_PER_INCH = 914400;

export interface DecorativeInput {
  box: Box | null;
  pixels?: { w: number; h: number };
  mediaPart: string | null;
  /** On how many slides the same media part appears. */
  mediaSlideCount: number;
  slideCount: number;
  slideSize: { cx: number; cy: number };
  /** Boxes of text shapes drawn above the object. */
  textAbove: Array<Box | null>;
  /** Pen strokes (ink). */
  ink?: boolean;
}

/** Reasons that say the object carries no content at all: no text is proposed for it, only the flag. */
export const NO_CONTENT = ['ink strokes', 'tiny on the slide', 'a thin line', 'tiny image', 'full-slide background behind text', 'background repeated on most slides'];

export function isNoContent(reason: string | null): boolean {
  return !!reason && NO_CONTENT.includes(reason);
}

/** The reason given for a logo (judge/logo.ts names it where the deck does). */
export const LOGO_REASON = 'small and repeated on most slides (logo)';

/** Why this object looks decorative, or null. */
export function decorativeReason(d: DecorativeInput): string | null {
  if (d.ink) return 'ink strokes';
  const b = d.box;
  const repeated = !!d.mediaPart && d.slideCount >= 3 && d.mediaSlideCount >= 3 && d.mediaSlideCount >= d.slideCount * 0.5;
  if (b) {
    const small = Math.min(b.cx, b.cy);
    const big = Math.max(b.cx, b.cy);
    if (b.cx < 0.2 * EMU_PER_INCH && b.cy < 0.2 * EMU_PER_INCH) return 'tiny on the slide';
    if (small < 0.06 * EMU_PER_INCH && big > small * 10) return 'a thin line';
    const slideArea = d.slideSize.cx * d.slideSize.cy;
    const covered = overlapArea(b, { x: 0, y: 0, cx: d.slideSize.cx, cy: d.slideSize.cy });
    if (slideArea > 0 && covered / slideArea >= 0.9 && d.textAbove.some((t) => t !== null)) return 'full-slide background behind text';
    if (slideArea > 0 && covered / slideArea >= 0.9 && repeated) return 'background repeated on most slides';
  }
  if (d.pixels && d.pixels.w <= 16 && d.pixels.h <= 16) return 'tiny image';
  // a logo: the same small picture on most slides (a big one repeated is content, e.g. a recurring diagram)
  const small = !b || b.cx * b.cy < 0.05 * d.slideSize.cx * d.slideSize.cy;
  if (small && repeated) return LOGO_REASON;
  return null;
}
