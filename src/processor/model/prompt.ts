/**
 * What AltDeck asks a vision model: a structured answer (JSON) with the picture's
 * role, a short ALT, a long description and the text in the picture, in the
 * slide's language, with the slide's own words as hints and a neutral context line.
 *
 * PROMPT_VERSION is part of every cache key: change it whenever the instruction or
 * the schema changes in a way that changes answers, so no stale description is reused.
 */
import { createHash } from 'node:crypto';
import type { SlideContext } from '../sources/types';

export const PROMPT_VERSION = 'alt-json-1';

/** The ALT length asked of the model; our own hard limit (alt-rules MAX_ALT) is 150. */
export const MODEL_ALT_MAX = 125;

export const MODEL_ROLES = ['informative', 'decorative', 'functional', 'text', 'complex'] as const;
export type ModelRole = (typeof MODEL_ROLES)[number];

/**
 * JSON schema of the answer, for Ollama's `format` and OpenAI's `response_format`.
 * No maxLength: servers enforce it with a grammar that stops the string mid-word,
 * and a cut sentence is worse than a long answer we can move to the long description.
 */
export const ANSWER_SCHEMA = {
  type: 'object',
  properties: {
    role: { type: 'string', enum: [...MODEL_ROLES] },
    alt: { type: 'string' },
    long_description: { type: 'string' },
    text_in_image: { type: 'string' },
  },
  required: ['role', 'alt', 'long_description', 'text_in_image'],
  additionalProperties: false,
} as const;

export interface PromptOptions {
  /** BCP 47 code of the output language (the slide's); default English. */
  language?: string | null;
  /** A school's setting, e.g. "medical school lecture"; none by default. */
  domain?: string | null;
  /** Replaces the instruction (the JSON keys are still asked for); the context is still appended. */
  instruction?: string | null;
}

/** "de" → "German". Node ships full ICU, so every language has its English name without a table of ours. */
export function languageName(code: string | null | undefined): string {
  const c = (code ?? '').trim();
  if (!c) return 'English';
  try {
    const name = new Intl.DisplayNames(['en'], { type: 'language' }).of(c);
    if (name && name.toLowerCase() !== c.toLowerCase()) return name;
  } catch {
    /* not a valid code: say it as given */
  }
  return c;
}

/** The cache's prompt key: the version, and the domain when one is set (it changes the answers). */
export function promptKey(o: PromptOptions): string {
  const extra = [o.domain?.trim() || '', o.instruction?.trim() || ''];
  if (!extra.some(Boolean)) return PROMPT_VERSION;
  return `${PROMPT_VERSION}+${createHash('sha256').update(extra.join('\n')).digest('hex').slice(0, 12)}`;
}

function clip(s: string, n: number): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > n ? `${t.slice(0, n - 1)}…` : t;
}

export function systemPrompt(o: PromptOptions = {}): string {
  const lang = languageName(o.language);
  const instruction =
    o.instruction?.trim() ||
    [
      'You write alternative text (ALT text) for pictures on presentation slides, for students who use a screen reader.',
      'Say what the picture shows and what it adds to the slide.',
    ].join(' ');
  return [
    instruction,
    'Answer with one JSON object and nothing else, with these keys:',
    '- "role": "informative" (content the slide needs), "decorative" (adds nothing: ornament, background, divider, mood picture), "functional" (a button, icon or link: say what it does), "text" (a picture of words), or "complex" (a chart, diagram, map or table that needs a long description).',
    `- "alt": the ALT text, at most ${MODEL_ALT_MAX} characters, one short sentence or phrase; empty for a decorative picture.`,
    '- "long_description": for a complex picture, the fuller description (data, structure, steps); otherwise empty.',
    '- "text_in_image": the words visible in the picture, as written; empty if there are none.',
    'Rules:',
    `- Write "alt" and "long_description" in ${lang}.`,
    '- Do not repeat the text that is already on the slide (given below as hints); say what the picture adds.',
    '- Never begin with "image of", "picture of", "this image shows" or the like: begin with what is shown, and name the kind of picture when it matters (photograph, micrograph, X-ray, diagram, chart).',
    '- For clinical images (radiographs, scans, histology, patients) describe what is visible; do not guess a diagnosis the slide does not state.',
    '- No markdown, no preamble, no apology.',
  ].join('\n');
}

/** The hints: a neutral context line, then what the slide says around the picture. */
export function userPrompt(ctx: SlideContext, o: PromptOptions = {}): string {
  const domain = o.domain?.trim();
  const lines = [`The picture is on slide ${ctx.slideNumber} of a presentation${domain ? ` (${clip(domain, 120)})` : ''}.`];
  if (ctx.title?.trim()) lines.push(`Slide title: ${clip(ctx.title, 200)}`);
  const nearby = ctx.nearbyText.map((t) => t.trim()).filter(Boolean);
  if (nearby.length) lines.push(`Text on the slide: ${clip(nearby.join(' / '), 600)}`);
  const evidence = (ctx.evidence ?? []).map((t) => t.trim()).filter(Boolean);
  if (evidence.length) lines.push(`Other clues (caption, link, file name): ${clip(evidence.join(' / '), 300)}`);
  if (ctx.notes?.trim()) lines.push(`Speaker notes: ${clip(ctx.notes, 400)}`);
  lines.push(`Answer in JSON; "alt" in ${languageName(o.language)}.`);
  return lines.join('\n');
}
