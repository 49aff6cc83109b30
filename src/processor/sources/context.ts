/**
 * Slide context for an object: the slide title, captions and other text near
 * it, and the speaker notes. Used both as a prompt for the describers and, as
 * the last resort, as the ALT text itself.
 */
import type { AltItemKind } from '../../shared/types';
import type { SlideObject, TextShape } from '../deck/slide-objects';
import { overlapX, type Box } from '../deck/geometry';
import type { SlideContext } from './types';
import { frame, type FrameKey } from '../lang';

const EMU_PER_INCH = 914400;
const CAPTION_LABEL = /^(fig(ure)?|abb(ildung)?|bild|рис(унок)?|source|quelle|photo|image)\b\.?\s*\d*[.:)]?\s*/i;

export function slideTitle(texts: TextShape[]): string | null {
  let t = texts.find((s) => s.placeholder === 'title' || s.placeholder === 'ctrTitle');
  if (!t) {
    // decks written by LibreOffice and converters often lose the placeholder: a short
    // one-line text box at the top of the slide is the title a reader sees
    const top = texts
      .filter((s) => s.box && s.box.y < 1.2 * EMU_PER_INCH && !s.text.includes('\n') && s.text.length <= 120 && !s.placeholder)
      .sort((a, b) => a.box!.y - b.box!.y);
    t = top[0];
  }
  return t ? t.text.replace(/\s+/g, ' ').trim() || null : null;
}

function gap(a: Box, b: Box): number {
  // vertical distance between the picture and a text box (0 when they touch or overlap)
  if (b.y >= a.y + a.cy) return b.y - (a.y + a.cy);
  if (a.y >= b.y + b.cy) return a.y - (b.y + b.cy);
  return 0;
}

/** A text shape that reads as this object's caption: labelled "Figure…", or short and right above/below it. */
export function findCaption(obj: SlideObject, texts: TextShape[], soleObject = true): string | null {
  const candidates = texts.filter((t) => t.placeholder !== 'title' && t.placeholder !== 'ctrTitle' && t.placeholder !== 'sldNum' && t.placeholder !== 'dt' && t.placeholder !== 'ftr');
  let best: { text: string; score: number } | null = null;
  for (const t of candidates) {
    const first = t.text.split('\n')[0].trim();
    if (!first || first.length > 200) continue;
    let score = Infinity;
    if (obj.box && t.box) {
      const g = gap(obj.box, t.box);
      const ox = overlapX(obj.box, t.box) / Math.max(1, Math.min(obj.box.cx, t.box.cx));
      if (g <= 0.5 * EMU_PER_INCH && ox >= 0.3 && t.text.split('\n').length <= 3) score = g;
    }
    // a "Figure 2: …" label anywhere on the slide only names the slide's one picture
    if (soleObject && CAPTION_LABEL.test(first) && /\d/.test(first.slice(0, 12))) score = Math.min(score, 0.6 * EMU_PER_INCH);
    if (score < (best?.score ?? Infinity)) best = { text: first, score };
  }
  if (!best) return null;
  return best.text.replace(CAPTION_LABEL, '').trim() || null;
}

export function nearbyText(obj: SlideObject, texts: TextShape[], title: string | null): string[] {
  const others = texts.filter((t) => t.text.replace(/\s+/g, ' ').trim() !== title && t.placeholder !== 'sldNum' && t.placeholder !== 'dt' && t.placeholder !== 'ftr');
  const dist = (t: TextShape) => (obj.box && t.box ? Math.hypot(t.box.x + t.box.cx / 2 - (obj.box.x + obj.box.cx / 2), t.box.y + t.box.cy / 2 - (obj.box.y + obj.box.cy / 2)) : 1e12 + t.z);
  return others
    .sort((a, b) => dist(a) - dist(b))
    .slice(0, 5)
    .map((t) => t.text.slice(0, 500));
}

export function buildContext(slideNumber: number, obj: SlideObject, texts: TextShape[], notes: string | null): SlideContext {
  const title = slideTitle(texts);
  return { slideNumber, title, nearbyText: nearbyText(obj, texts, title), notes: notes ? notes.slice(0, 2000) : null };
}

const NOUN: Record<AltItemKind, FrameKey> = {
  picture: 'kind.picture',
  'picture-fill': 'kind.picture',
  chart: 'kind.chart',
  table: 'kind.table',
  smartart: 'kind.diagram',
  ole: 'kind.object',
  video: 'kind.video',
  audio: 'kind.audio',
};

function clip(text: string, n: number): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > n ? t.slice(0, n).replace(/\s+\S*$/, '') + '…' : t;
}

/** The last resort: words already on the slide, framed in the slide's language. Always marked for review. */
export function contextAlt(kind: AltItemKind, ctx: SlideContext, caption: string | null): { text: string; reasons: string[] } | null {
  const media = kind === 'video' || kind === 'audio';
  const lang = ctx.lang ?? 'en';
  const noun = frame(lang, NOUN[kind]);
  if (caption) return { text: media ? frame(lang, 'context.mediaCaption', { noun, caption }) : caption, reasons: ['taken from the caption next to it'] };
  if (ctx.title) {
    const title = clip(ctx.title, 110);
    return media
      ? { text: frame(lang, 'context.mediaOnSlide', { noun, title }), reasons: ['only the slide title was available: say what the recording shows or says'] }
      : { text: frame(lang, 'context.illustrating', { noun, title }), reasons: ['only the slide title was available: describe what it shows'] };
  }
  const near = ctx.nearbyText.map((x) => x.split('\n')[0].trim()).find((x) => x.length >= 3);
  if (near) return { text: frame(lang, 'context.nextToText', { noun, text: clip(near, 100) }), reasons: ['the slide has no title; only the nearest text was available: describe what it shows'] };
  return null;
}

/** What an OLE programme id names ("Excel.Sheet.12" → an Excel worksheet), as the frame that says it. */
function oleKey(progId: string): FrameKey | null {
  const p = progId.toLowerCase();
  if (p.startsWith('excel.chart')) return 'ole.excelChart';
  if (p.startsWith('excel')) return 'ole.excelSheet';
  if (p.startsWith('word')) return 'ole.word';
  if (p.startsWith('powerpoint')) return 'ole.powerpoint';
  if (p.startsWith('equation') || p.includes('mathtype')) return 'ole.equation';
  if (p.startsWith('visio')) return 'ole.visio';
  if (p.startsWith('acroexch') || p.includes('pdf')) return 'ole.pdf';
  if (p.startsWith('package')) return 'ole.file';
  return null;
}

/** "Excel.Sheet.12" on a slide titled T -> "Embedded Excel worksheet about “T”" in the slide's language */
export function oleAlt(progId: string | undefined, ctx: SlideContext): string | null {
  if (!progId) return null;
  const key = oleKey(progId);
  if (!key || !ctx.title) return null;
  return frame(ctx.lang ?? 'en', key, { title: ctx.title.slice(0, 100) });
}
