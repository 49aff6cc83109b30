/**
 * From a model's answer to what AltDeck may write. Models are asked for JSON but
 * answer the way they answer: fenced, with prose around it, cut off, or plain
 * text with a chatty opening in any language. Parsed defensively; what is left is
 * ALT text, a long description, a decorative proposal, or nothing — never "N/A",
 * "Decorative", a refusal or a sentence cut in the middle.
 */
import { MODEL_ALT_MAX, MODEL_ROLES, type ModelRole } from './prompt';
import { DECORATIVE_WORD, INTERJECTION, OPENINGS, PLACEHOLDER, PREAMBLE_CUE, REFUSAL } from './phrases';

export interface ParsedAnswer {
  role: ModelRole | null;
  alt: string;
  long: string;
  textInImage: string;
  /** True when the answer was the JSON object asked for (whole or recovered). */
  structured: boolean;
  /** The answer looked like JSON but nothing could be read from it. */
  broken?: boolean;
}

function stripWrapping(raw: string): string {
  return raw
    .replace(/<think>[\s\S]*?<\/think>/gi, '')
    .replace(/<\/?think>/gi, '')
    .replace(/```[a-z]*\n?/gi, '')
    .replace(/```/g, '')
    .trim();
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}

function pick(o: Record<string, unknown>, ...keys: string[]): string {
  for (const k of keys) {
    const v = str(o[k]);
    if (v.trim()) return v;
  }
  return '';
}

function roleOf(v: string): ModelRole | null {
  const r = v.trim().toLowerCase();
  return (MODEL_ROLES as readonly string[]).includes(r) ? (r as ModelRole) : null;
}

function fromObject(o: Record<string, unknown>): ParsedAnswer {
  return {
    role: roleOf(pick(o, 'role', 'type', 'category')),
    alt: pick(o, 'alt', 'alt_text', 'altText', 'alt-text', 'short_description', 'description'),
    long: pick(o, 'long_description', 'longDescription', 'long', 'details'),
    textInImage: pick(o, 'text_in_image', 'textInImage', 'text', 'ocr'),
    structured: true,
  };
}

/** One complete string field out of broken JSON; a field cut off before its closing quote is not used. */
function fieldOf(text: string, key: string): string {
  const m = new RegExp(`"${key}"\\s*:\\s*"((?:[^"\\\\]|\\\\.)*)"`, 's').exec(text);
  if (!m) return '';
  try {
    return JSON.parse(`"${m[1]}"`) as string;
  } catch {
    return m[1];
  }
}

export function parseModelAnswer(raw: string): ParsedAnswer {
  const text = stripWrapping(raw);
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start !== -1 && end > start) {
    try {
      const o = JSON.parse(text.slice(start, end + 1)) as unknown;
      if (o && typeof o === 'object' && !Array.isArray(o)) return fromObject(o as Record<string, unknown>);
    } catch {
      /* broken JSON: recover the fields below */
    }
  }
  if (start !== -1 && /"(?:alt|role)"\s*:/.test(text)) {
    const alt = fieldOf(text, 'alt') || fieldOf(text, 'alt_text');
    return {
      role: roleOf(fieldOf(text, 'role')),
      alt,
      long: fieldOf(text, 'long_description'),
      textInImage: fieldOf(text, 'text_in_image'),
      structured: true,
    };
  }
  // something that starts like JSON but is not (single quotes, a bare array): never ALT text
  if (/^[{[]/.test(text)) return { role: null, alt: '', long: '', textInImage: '', structured: false, broken: true };
  return { role: null, alt: text, long: '', textInImage: '', structured: false };
}

function stripMarkdown(s: string): string {
  return s
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/^\s{0,3}#{1,6}\s+/gm, '')
    .replace(/^\s*(?:[-*+•]|\d+[.)])\s+/gm, '')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|[\s(])[*_](\S(?:.*?\S)?)[*_](?=[\s).,;:!?]|$)/g, '$1$2')
    .replace(/`([^`]*)`/g, '$1');
}

// "This diagram shows X" → "Diagram showing X": the kind of picture is worth keeping.
const KIND_OPENING =
  /^(?:this|the)\s+(photograph|photo|micrograph|diagram|chart|graph|x-ray|radiograph|scan|ct scan|mri|illustration|drawing|map|table|flowchart|schematic)\s+(?:shows|depicts|displays|illustrates)\s+/i;

const QUOTES = /^["'“”‘’«»„「」『』]+|["'“”‘’«»„「」『』]+$/g;
const HAS_WORDS = /[\p{L}\p{N}]/u;

/** Remove one leading "…:" clause when it announces the answer ("Here is the ALT text:", "Voici le texte alternatif :"). */
function dropPreamble(s: string): string {
  const m = /^([^:：\n]{1,80})[:：]\s*/u.exec(s);
  if (m && PREAMBLE_CUE.test(m[1]) && HAS_WORDS.test(s.slice(m[0].length))) return s.slice(m[0].length);
  return s;
}

export type CleanVerdict = { kind: 'text'; text: string } | { kind: 'decorative' } | { kind: 'empty'; why: 'refusal' | 'placeholder' | 'nothing' };

/**
 * One text of a model's answer, cleaned: no reasoning block, markdown, quotes,
 * politeness, preamble or "The image shows" opening, in any supported language.
 * Refusals and placeholders are recognised as such, "Decorative" as a proposal.
 */
export function judgeText(raw: string, opts: { firstParagraph?: boolean } = {}): CleanVerdict {
  let s = stripWrapping(raw);
  if (opts.firstParagraph !== false) {
    // Keep the first paragraph that has words in it: models like to add "Note: …".
    const paras = s.split(/\n\s*\n/).map((p) => p.trim()).filter((p) => HAS_WORDS.test(p));
    s = paras[0] ?? '';
  }
  s = stripMarkdown(s).replace(/\s+/g, ' ').trim();
  for (let pass = 0; pass < 4; pass++) {
    const before = s;
    s = s.replace(QUOTES, '').trim();
    s = s.replace(INTERJECTION, '').trim();
    s = dropPreamble(s).trim();
    for (const re of OPENINGS) s = s.replace(re, '');
    s = s.replace(KIND_OPENING, (_m, kind: string) => `${kind} showing `);
    s = s.trim();
    if (s === before) break;
  }
  if (REFUSAL.test(s)) return { kind: 'empty', why: 'refusal' };
  const bare = s.replace(/[.!?。！…]+$/u, '').trim();
  if (DECORATIVE_WORD.test(bare)) return { kind: 'decorative' };
  if (!bare || PLACEHOLDER.test(bare) || !HAS_WORDS.test(bare)) return { kind: 'empty', why: bare ? 'placeholder' : 'nothing' };
  return { kind: 'text', text: s.charAt(0).toLocaleUpperCase() + s.slice(1) };
}

/** The text, or '' for anything that is not one (kept for callers that want a plain string). */
export function cleanAltText(raw: string): string {
  const v = judgeText(raw);
  return v.kind === 'text' ? v.text : '';
}

const SENTENCE_END = /[.!?。！？](?=\s|$)/gu;

/**
 * The leading whole sentences of `text` that fit in `max`; failing that, its first
 * clause (up to a comma, semicolon, colon or dash) when it says something; else null.
 */
export function shortLead(text: string, max = MODEL_ALT_MAX): string | null {
  if (text.length <= max) return text;
  let best = -1;
  for (const m of text.matchAll(SENTENCE_END)) {
    if (m.index! + 1 <= max) best = m.index! + 1;
    else break;
  }
  if (best >= 20) return text.slice(0, best).trim();
  const clause = /^(.{20,}?)(?:\s*[,;:]\s|\s[–—-]\s|\s\()/u.exec(text);
  if (clause && clause[1].length <= max) return `${clause[1].replace(/[,;:\s]+$/u, '')}.`;
  return null;
}

export type ModelVerdict =
  | { kind: 'alt'; text: string; long: string | null; reasons: string[] }
  | { kind: 'decorative'; reasons: string[] }
  | { kind: 'none'; why: string };

function norm(s: string): string {
  return s.toLocaleLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/**
 * What the answer becomes. `slideTexts` are the title and text on the slide: an
 * ALT that only repeats them says nothing the screen reader does not already read.
 */
export function interpretAnswer(raw: string, slideTexts: string[] = []): ModelVerdict {
  const a = parseModelAnswer(raw);
  const reasons: string[] = [];
  const altV = judgeText(a.alt, { firstParagraph: !a.structured });
  if (a.role === 'decorative' || altV.kind === 'decorative') {
    return { kind: 'decorative', reasons: ['the vision model judged the picture decorative: confirm, or write ALT text'] };
  }
  const longV = a.long ? judgeText(a.long, { firstParagraph: false }) : null;
  let long = longV?.kind === 'text' ? longV.text : null;
  const inImage = a.textInImage ? judgeText(a.textInImage, { firstParagraph: false }) : null;

  let alt: string | null = altV.kind === 'text' ? altV.text : null;
  if (!alt && altV.kind === 'empty' && altV.why === 'refusal') return { kind: 'none', why: 'the vision model declined to describe the picture' };
  if (!alt && a.role === 'text' && inImage?.kind === 'text') {
    alt = inImage.text;
    reasons.push('the ALT is the text the model read in the picture');
  }
  if (!alt && long) alt = shortLead(long) ?? null;
  if (!alt && a.broken) return { kind: 'none', why: 'the vision model’s answer was not readable' };
  if (!alt) return { kind: 'none', why: altV.kind === 'empty' && altV.why === 'placeholder' ? `the vision model gave no description (“${a.alt.trim().slice(0, 40)}”)` : 'the vision model gave no description' };

  if (alt.length > MODEL_ALT_MAX) {
    const lead = shortLead(alt);
    if (!long || norm(long).length < norm(alt).length) long = alt;
    if (lead) {
      reasons.push(`the model's answer was longer than ${MODEL_ALT_MAX} characters: the ALT is its first sentence, the whole answer is the long description`);
      alt = lead;
    } else {
      // no sentence or clause fits: a word cut, said so, the whole answer kept
      const words = alt.slice(0, MODEL_ALT_MAX - 1);
      const space = words.lastIndexOf(' ');
      alt = `${(space >= MODEL_ALT_MAX / 2 ? words.slice(0, space) : words).replace(/[\s,;:.(-]+$/u, '')}…`;
      reasons.push(`the model's answer was longer than ${MODEL_ALT_MAX} characters and had no short first sentence: the ALT is cut, the whole answer is the long description`);
    }
  }
  if (a.role === 'text' && inImage?.kind === 'text' && inImage.text.length > alt.length && !long) long = inImage.text;
  // a long description adds something, or it is not one
  if (long && (norm(long) === norm(alt) || long.length <= alt.length)) long = null;

  const n = norm(alt);
  if (slideTexts.some((t) => norm(t) === n)) return { kind: 'none', why: 'the vision model only repeated the text on the slide' };
  if (a.role === 'complex' && !long) reasons.push('the model called the picture complex but gave no long description: add one');
  if (!a.structured) reasons.push('the model did not answer in the structured form asked for');
  return { kind: 'alt', text: alt, long, reasons };
}
