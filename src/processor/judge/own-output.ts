/**
 * AltDeck's own earlier output, recognised as its own (issue 9 §2): text made from
 * one of our frames, in any of the frame languages, is a draft of ours, never a
 * person's. Otherwise a re-run would count its drafts as "done" and keep its filler
 * ("Picture illustrating “…”") as if an author had written it.
 * Frames too plain to tell from a person's words ("{name} logo", "Next slide",
 * "Video: …") are left out: a person may write exactly that.
 */
import { FRAMES } from '../lang';
import type { FrameText } from '../lang/frames/types';

/** Frames that only ever said where the picture is, never what it shows: cleared on a re-run when nothing better is found. */
const FILLER_KEYS = ['context.illustrating', 'context.nextToText', 'context.mediaOnSlide', 'placeholder'];
const FILLER_PREFIXES = ['ole.'];
/** Frames that carry evidence (a link target, text read from the image): kept as a draft on a re-run. */
const DRAFT_PREFIXES = ['link.', 'ocr.'];

export type OwnKind = 'filler' | 'draft';

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function texts(t: FrameText): string[] {
  return typeof t === 'string' ? [t] : Object.values(t).filter((x): x is string => typeof x === 'string');
}

function patternOf(text: string): RegExp {
  // {slots} match any text; the frame's own words and marks must be there as written
  // any run of spaces (French puts no-break spaces inside « ») matches any other
  const parts = text.split(/\{\w+\}/g).map((p) => escape(p).replace(/\s+/g, '\\s+'));
  return new RegExp(`^${parts.join('.+?')}$`, 'su');
}

let compiled: Array<{ re: RegExp; kind: OwnKind }> | null = null;

function patterns(): Array<{ re: RegExp; kind: OwnKind }> {
  if (compiled) return compiled;
  const out: Array<{ re: RegExp; kind: OwnKind }> = [];
  const seen = new Set<string>();
  for (const table of Object.values(FRAMES)) {
    for (const [key, t] of Object.entries(table) as Array<[string, FrameText]>) {
      const kind: OwnKind | null =
        FILLER_KEYS.includes(key) || FILLER_PREFIXES.some((p) => key.startsWith(p)) ? 'filler' : DRAFT_PREFIXES.some((p) => key.startsWith(p)) ? 'draft' : null;
      if (!kind) continue;
      for (const text of texts(t)) {
        // a frame that is nothing but a slot would match anything
        if (!text.replace(/\{\w+\}/g, '').trim()) continue;
        if (seen.has(text)) continue;
        seen.add(text);
        out.push({ re: patternOf(text), kind });
      }
    }
  }
  // frames of AltDeck before issue 9, in case a table's wording changes later
  out.push({ re: /^(Picture|Chart|Table|Diagram|Embedded object|Video|Audio clip) (illustrating|on the slide) “.+”$/su, kind: 'filler' });
  out.push({ re: /^(Picture|Chart|Table|Diagram|Embedded object|Video|Audio clip) next to the text “.+”$/su, kind: 'filler' });
  out.push({ re: /^Embedded [\w ]+ about “.+”$/su, kind: 'filler' });
  compiled = out;
  return out;
}

/** 'filler' or 'draft' when the text is one of AltDeck's frames, else null. */
export function ownOutputKind(text: string): OwnKind | null {
  const t = text.trim();
  if (!t) return null;
  for (const p of patterns()) if (p.re.test(t)) return p.kind;
  return null;
}
