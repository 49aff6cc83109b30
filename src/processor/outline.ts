/**
 * The slide outline a reviewer sees next to a picture (issue 11 §3): the slide's shape,
 * the picture's frame and the slide's text boxes, in thousandths of the slide, so the
 * Review screen draws it without the deck. Small on purpose: a few boxes, a few words.
 */
import type { OutlineBox, SlideOutline } from '../shared/types';
import type { Box } from './deck/geometry';
import type { TextShape } from './deck/slide-objects';

export const OUTLINE_MAX_TEXTS = 8;
export const OUTLINE_MAX_CHARS = 80;

function per1000(b: Box, size: { cx: number; cy: number }): OutlineBox {
  const f = (v: number, of: number) => Math.max(-1000, Math.min(2000, Math.round((v / of) * 1000)));
  return [f(b.x, size.cx), f(b.y, size.cy), f(b.cx, size.cx), f(b.cy, size.cy)];
}

export function slideOutline(frame: Box | null, texts: TextShape[], size: { cx: number; cy: number }): SlideOutline {
  const words = texts
    .filter((t) => t.box && t.text.trim())
    .sort((a, b) => a.box!.y - b.box!.y || a.box!.x - b.box!.x)
    .slice(0, OUTLINE_MAX_TEXTS)
    .map((t) => {
      const one = t.text.replace(/\s+/g, ' ').trim();
      return { box: per1000(t.box!, size), text: one.length > OUTLINE_MAX_CHARS ? `${one.slice(0, OUTLINE_MAX_CHARS - 1)}…` : one, title: t.placeholder === 'title' || t.placeholder === 'ctrTitle' };
    });
  return { aspect: Math.round((size.cx / size.cy) * 100) / 100, frame: frame ? per1000(frame, size) : null, texts: words };
}
