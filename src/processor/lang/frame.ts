/**
 * Every text AltDeck generates ("Link to …", "Chart: …") is a frame, looked up
 * by key in the table of the slide's language (frames/<lang>.ts) and filled with
 * values. Values are inserted exactly as given: a title, caption or OCR text is
 * the author's and is never changed, quoted with the language's own marks and
 * never glued to punctuation (frames end with a value or with their own words,
 * so right-to-left text keeps its shape). Numbers are formatted in the language.
 */
import { DEFAULT_LANG, isLang, type Lang } from './languages';
import type { FrameKey, Frames, FrameText } from './frames/types';
import en from './frames/en';
import de from './frames/de';
import fr from './frames/fr';
import es from './frames/es';
import it from './frames/it';
import pt from './frames/pt';
import nl from './frames/nl';
import ru from './frames/ru';
import pl from './frames/pl';
import ja from './frames/ja';
import zh from './frames/zh';
import ko from './frames/ko';
import ar from './frames/ar';
import he from './frames/he';

export type { FrameKey } from './frames/types';

export const FRAMES: Record<Lang, Frames> = { en, de, fr, es, it, pt, nl, ru, pl, ja, zh, ko, ar, he };

export type FrameVars = Record<string, string | number>;

const pluralRules = new Map<Lang, Intl.PluralRules>();
const numberFormats = new Map<Lang, Intl.NumberFormat>();
const listFormats = new Map<Lang, Intl.ListFormat>();

function memo<T>(m: Map<Lang, T>, lang: Lang, make: () => T): T {
  let v = m.get(lang);
  if (!v) m.set(lang, (v = make()));
  return v;
}

/** A number as the language writes it (12,345.6 / 12.345,6 / 12 345,6). */
export function formatNumber(lang: Lang, n: number, options?: Intl.NumberFormatOptions): string {
  if (!options) return memo(numberFormats, lang, () => new Intl.NumberFormat(lang, { maximumFractionDigits: 2 })).format(n);
  return new Intl.NumberFormat(lang, options).format(n);
}

/** "A, B and C" in the language ("A、B、C", "A وB وC"). Items are not changed. */
export function formatList(lang: Lang, items: string[]): string {
  return memo(listFormats, lang, () => new Intl.ListFormat(lang, { type: 'conjunction', style: 'long' })).format(items);
}

function pick(lang: Lang, text: FrameText, vars: FrameVars): string {
  if (typeof text === 'string') return text;
  const n = Number(vars.count);
  if (!Number.isFinite(n)) throw new Error('a plural frame needs a numeric "count"');
  const cat = memo(pluralRules, lang, () => new Intl.PluralRules(lang)).select(n) as keyof typeof text;
  return text[cat] ?? text.other;
}

/**
 * The frame `key` in `lang`, with `{name}` replaced by `vars.name`. A number is
 * formatted for the language; a string is inserted unchanged. An unknown
 * language falls back to English; a missing value is a bug and throws.
 */
export function frame(lang: Lang | string, key: FrameKey, vars: FrameVars = {}): string {
  const l: Lang = isLang(lang) ? lang : DEFAULT_LANG;
  const text = pick(l, FRAMES[l][key] ?? FRAMES.en[key], vars);
  return text.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = vars[name];
    if (v === undefined) throw new Error(`frame ${key} (${l}) needs a value for {${name}}`);
    return typeof v === 'number' ? formatNumber(l, v) : v;
  });
}
