/**
 * Slide context for an object: the slide title, captions and other text near
 * it, and the speaker notes: hints for the describers. Only a real caption
 * (findCaption) is ever written as ALT; a slide title says nothing about a picture.
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

// Text that sits by a picture but is not its caption: axis units and labels, single
// letters, symbol glyphs, photo credits and licences, web addresses, navigation labels.
const AXIS_UNIT = /^[(\[]?\s*(mm|cm|m|km|µm|um|nm|mg|g|kg|ml|l|s|ms|min|h|hz|khz|mhz|°c|°f|k|%|mmhg|kpa|pa|mol|mmol|µmol|db|v|mv|a|ma|w|kw)(\s*\/\s*[\p{L}µ°]+)?\s*[)\]]?$/iu;
const AXIS_LABEL = /^[\p{L}\s.-]{1,40}[([]\s*[\p{L}µ°%/\d.\s^·*-]{1,15}[)\]]$/u;
const CREDIT = /(©|\(c\)\s|copyright|\bcredit\b|\bcourtesy\b|\bphoto(graph)?\s*(by|:)|\bimage\s*(by|:)|\bsource\s*:|\bquelle\s*:|\bfuente\s*:|\bbildnachweis\b|\bcc[- ]by\b|\bcc0\b|creative\s*commons|\blicen[cs]ed?\b|\bpublic domain\b|wikimedia|shutterstock|getty\s*images|istock|adobe\s*stock|https?:\/\/|\bwww\.)/iu;
const NAVIGATION = /^(next|back|home|previous|prev|menu|return|continue|start|begin|end|exit|quit|more|click( here)?|go( back)?|weiter|zurück|start|suivant|précédent|retour|accueil|siguiente|anterior|volver|inicio|avanti|indietro|próximo|voltar|volgende|vorige|далее|назад)[\s.!>»›→<«‹←]*$/iu;

/** Why a text beside a picture is not its caption, or null when it may be one. */
export function notACaption(text: string): string | null {
  const t = text.replace(/\s+/g, ' ').trim();
  const letters = t.match(/\p{L}/gu)?.length ?? 0;
  if (letters < 3 && !/[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/u.test(t)) return 'too short';
  if (t.length > 150) return 'too long';
  if (AXIS_UNIT.test(t) || AXIS_LABEL.test(t)) return 'axis label or unit';
  if (CREDIT.test(t)) return 'photo credit, licence or web address';
  if (NAVIGATION.test(t)) return 'navigation label';
  if (/^[\d\s.,:;/%+-]+$/u.test(t)) return 'numbers';
  if (/[:：]$/u.test(t)) return 'a lead-in to what follows';
  if (/^\p{L}{3,9}\.?\s+\d{1,2},?\s+\d{1,2}:\d{2}$/u.test(t) || /\b\d{1,2}:\d{2}\b/.test(t) && t.length < 20) return 'a date or time';
  return null;
}

const TOUCH = 0.05 * EMU_PER_INCH;
const MAX_GAP = 0.4 * EMU_PER_INCH;

/** Vertical distance from the picture to a text entirely above or below it; null when they overlap (a label on the picture). */
function gapOutside(pic: Box, t: Box): number | null {
  if (t.y >= pic.y + pic.cy - TOUCH) return Math.max(0, t.y - (pic.y + pic.cy));
  if (t.y + t.cy <= pic.y + TOUCH) return Math.max(0, pic.y - (t.y + t.cy));
  return null;
}

/**
 * A text shape that is this object's caption: short (one or two lines, at most 150
 * characters), directly below or above it (within 0.4″, lined up with it), and not
 * something that merely sits there (notACaption). A "Figure 2: …" label anywhere on
 * the slide names the slide's only picture.
 */
export function findCaption(obj: SlideObject, texts: TextShape[], soleObject = true): string | null {
  const candidates = texts.filter((t) => t.placeholder !== 'title' && t.placeholder !== 'ctrTitle' && t.placeholder !== 'sldNum' && t.placeholder !== 'dt' && t.placeholder !== 'ftr');
  let best: { text: string; score: number } | null = null;
  for (const t of candidates) {
    const lines = t.text.split('\n').map((l) => l.trim()).filter(Boolean);
    const first = lines[0];
    if (!first) continue;
    let score = Infinity;
    if (obj.box && t.box && lines.length <= 2) {
      const g = gapOutside(obj.box, t.box);
      const textCentre = t.box.x + t.box.cx / 2;
      const lined = (textCentre >= obj.box.x && textCentre <= obj.box.x + obj.box.cx) || overlapX(obj.box, t.box) >= 0.5 * Math.min(obj.box.cx, t.box.cx);
      // a caption is about as wide as its picture; a text spanning the slide is body text
      const narrow = t.box.cx <= 1.5 * obj.box.cx + 0.5 * EMU_PER_INCH;
      if (g !== null && g <= MAX_GAP && lined && narrow) score = g;
    }
    const labelled = CAPTION_LABEL.test(first) && /\d/.test(first.slice(0, 12));
    if (soleObject && labelled) score = Math.min(score, MAX_GAP + 1);
    if (score === Infinity) continue;
    const text = first.replace(CAPTION_LABEL, '').trim();
    // a paragraph under a picture is body text; a labelled "Figure 2: …" may be long
    if (!labelled && text.split(/\s+/).length > 12) continue;
    if (!text || notACaption(text)) continue;
    if (score < (best?.score ?? Infinity)) best = { text, score };
  }
  return best?.text ?? null;
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

/** A caption as the ALT: the caption itself, or "Video: caption" for a recording. */
export function captionAlt(kind: AltItemKind, caption: string, lang: SlideContext['lang']): string {
  const media = kind === 'video' || kind === 'audio';
  const l = lang ?? 'en';
  return media ? frame(l, 'context.mediaCaption', { noun: frame(l, NOUN[kind]), caption }) : caption;
}

/** What an embedded object is ("Excel.Sheet.12" → "an embedded Excel worksheet"), for the reviewer. */
export function oleKind(progId: string | undefined): string {
  const p = (progId ?? '').toLowerCase();
  if (p.startsWith('excel.chart')) return 'an embedded Excel chart';
  if (p.startsWith('excel')) return 'an embedded Excel worksheet';
  if (p.startsWith('word')) return 'an embedded Word document';
  if (p.startsWith('powerpoint')) return 'an embedded PowerPoint slide';
  if (p.startsWith('equation') || p.includes('mathtype')) return 'an embedded equation';
  if (p.startsWith('visio')) return 'an embedded Visio drawing';
  if (p.startsWith('acroexch') || p.includes('pdf')) return 'an embedded PDF document';
  return 'an embedded object';
}
