/**
 * The languages AltDeck writes its generated text in. One list, used by the
 * frame tables, detection, OCR data and the model prompt.
 */
export const LANGS = ['en', 'de', 'fr', 'es', 'it', 'pt', 'nl', 'ru', 'pl', 'ja', 'zh', 'ko', 'ar', 'he'] as const;
export type Lang = (typeof LANGS)[number];

export const DEFAULT_LANG: Lang = 'en';

/** Names of the languages in English, for prompts and logs. */
export const LANG_NAMES: Record<Lang, string> = {
  en: 'English',
  de: 'German',
  fr: 'French',
  es: 'Spanish',
  it: 'Italian',
  pt: 'Portuguese',
  nl: 'Dutch',
  ru: 'Russian',
  pl: 'Polish',
  ja: 'Japanese',
  zh: 'Chinese',
  ko: 'Korean',
  ar: 'Arabic',
  he: 'Hebrew',
};

const RTL: ReadonlySet<Lang> = new Set(['ar', 'he']);

export function isRtl(lang: Lang): boolean {
  return RTL.has(lang);
}

export function isLang(x: unknown): x is Lang {
  return typeof x === 'string' && (LANGS as readonly string[]).includes(x);
}

/**
 * A BCP 47 tag as Office writes it ("de-DE", "zh-CN", "iw-IL", "x-none") to one of
 * ours, or null for a language we have no frames for (Greek, Turkish…) or none at all.
 */
export function langFromTag(tag: string | null | undefined): Lang | null {
  if (!tag) return null;
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
  if (primary === 'iw') return 'he'; // the pre-1989 code some converters still write
  if (primary === 'nb' || primary === 'no' || primary === 'x') return null;
  return isLang(primary) ? primary : null;
}
