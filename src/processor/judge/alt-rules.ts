/**
 * Rules every ALT text we write must pass: short (≤ 150 characters, longer text
 * is cut at a sentence or word and kept whole as the long description), no
 * "image of" opening, no file names, not just the slide title again, and never
 * something our own classifier would call junk (which also keeps reruns idempotent).
 */
import { capitalise, classifyAlt } from './classify';

export const MAX_ALT = 150;

export interface FinalAlt {
  text: string;
  warnings: string[];
  /** Set when the text had to be shortened: the full text. */
  full?: string;
}

const OPENING = /^(this|the)?\s*(is\s+)?(an?\s+)?(image|picture|photo|photograph|graphic|illustration|screenshot)\s+(of|showing|that shows|depicting)\s+/i;
const FILE_TOKEN = /(^|\s)[^\s]+\.(png|jpe?g|gif|bmp|tiff?|emf|wmf|svg|webp)\b/gi;

function norm(s: string): string {
  return s.replace(/\s+/g, ' ').trim().toLocaleLowerCase();
}

export function shorten(text: string, max = MAX_ALT): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const sentence = cut.search(/[.!?](?=[^.!?]*$)/);
  if (sentence >= 60) return cut.slice(0, sentence + 1);
  const space = cut.lastIndexOf(' ', max - 1);
  return (space > 40 ? cut.slice(0, space) : cut.slice(0, max - 1)).replace(/[,;:\s]+$/, '') + '…';
}

export function finaliseAlt(raw: string | null | undefined, slideTitle: string | null): FinalAlt | null {
  if (!raw) return null;
  let text = raw.replace(/\s+/g, ' ').trim();
  text = text.replace(OPENING, '');
  text = text.replace(FILE_TOKEN, '$1').replace(/\s+/g, ' ').trim();
  // a model's answer wrapped in quotes; quotes inside the text stay
  const q = /^["'“](.*)["'”]$/s.exec(text);
  if (q && !/["“”]/.test(q[1])) text = q[1].trim();
  if (!text) return null;
  text = capitalise(text);
  const warnings: string[] = [];
  let full: string | undefined;
  if (text.length > MAX_ALT) {
    full = text;
    text = shorten(text);
    warnings.push(`shortened from ${full.length} characters; the full text is in the long description`);
  }
  if (slideTitle && norm(text) === norm(slideTitle)) return null;
  // our own frames ("Link to …") judge as AltDeck's, which is what a re-run must see
  const v = classifyAlt(text).verdict;
  if (v !== 'person' && v !== 'altdeck') return null;
  return { text, warnings, full };
}
