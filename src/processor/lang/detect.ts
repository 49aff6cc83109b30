/**
 * Which language a slide (or a deck) is written in, from three kinds of evidence:
 * the script of its letters (Cyrillic, Han, kana, Hangul, Arabic, Hebrew), the
 * function words of Latin-script text ("der", "und", "les", "que"…), and the
 * `lang` Office tagged the text runs with. Tags are weighed last because
 * PowerPoint often keeps its installation's language (en-US) on text typed in
 * another one. Pure functions: text in, language out.
 */
import { DEFAULT_LANG, isLang, langFromTag, type Lang } from './languages';

/** A run of text and the language Office tagged it with (a:rPr/@lang, or the paragraph's or default's). */
export interface LangSignal {
  text: string;
  lang?: string | null;
}

export type Script = 'latin' | 'cyrillic' | 'han' | 'kana' | 'hangul' | 'arabic' | 'hebrew' | 'greek' | 'other';

const SCRIPT_RES: Array<[Script, RegExp]> = [
  ['latin', /\p{Script=Latin}/u],
  ['cyrillic', /\p{Script=Cyrillic}/u],
  ['kana', /[\p{Script=Hiragana}\p{Script=Katakana}]/u],
  ['han', /\p{Script=Han}/u],
  ['hangul', /\p{Script=Hangul}/u],
  ['arabic', /\p{Script=Arabic}/u],
  ['hebrew', /\p{Script=Hebrew}/u],
  ['greek', /\p{Script=Greek}/u],
];

/** Letters per script. */
export function scriptCounts(text: string): Record<Script, number> {
  const out: Record<Script, number> = { latin: 0, cyrillic: 0, han: 0, kana: 0, hangul: 0, arabic: 0, hebrew: 0, greek: 0, other: 0 };
  for (const ch of text) {
    if (!/\p{L}/u.test(ch)) continue;
    let s: Script = 'other';
    for (const [name, re] of SCRIPT_RES) {
      if (re.test(ch)) {
        s = name;
        break;
      }
    }
    out[s]++;
  }
  return out;
}

// A Han, kana or Hangul character carries about as much as a short Latin word.
const WEIGHT: Record<Script, number> = { latin: 1, cyrillic: 1, han: 3, kana: 3, hangul: 2, arabic: 1, hebrew: 1, greek: 1, other: 1 };

/** The language a script alone names, or null for Latin (many languages) and scripts we have no frames for. */
export function scriptLanguage(counts: Record<Script, number>, tagged: Lang | null = null): { lang: Lang | null; share: number; script: Script } {
  let total = 0;
  for (const s of Object.keys(counts) as Script[]) total += counts[s] * WEIGHT[s];
  if (!total) return { lang: null, share: 0, script: 'other' };
  const cjk = counts.han + counts.kana;
  const weighted = (s: Script) => counts[s] * WEIGHT[s];
  const groups: Array<[Script, number]> = [
    ['latin', weighted('latin')],
    ['cyrillic', weighted('cyrillic')],
    ['han', cjk * 3], // Japanese mixes Han and kana: one group, told apart below
    ['hangul', weighted('hangul')],
    ['arabic', weighted('arabic')],
    ['hebrew', weighted('hebrew')],
    ['greek', weighted('greek')],
  ];
  groups.sort((a, b) => b[1] - a[1]);
  const [script, w] = groups[0];
  const share = w / total;
  switch (script) {
    case 'cyrillic':
      return { lang: 'ru', share, script };
    case 'han':
      // any kana means Japanese (Chinese never uses it); Han alone is Chinese unless tagged Japanese
      return { lang: counts.kana >= Math.max(1, cjk * 0.05) || tagged === 'ja' ? 'ja' : tagged === 'ko' ? 'ko' : 'zh', share, script };
    case 'hangul':
      return { lang: 'ko', share, script };
    case 'arabic':
      return { lang: 'ar', share, script };
    case 'hebrew':
      return { lang: 'he', share, script };
    default:
      return { lang: null, share, script };
  }
}

// Short, frequent function words. A word shared by several languages counts for
// each of them by 1/n, so distinctive words decide; one-letter words count a quarter
// (list letters "a)", "A A A" are everywhere). Indonesian, Swedish and Turkish are
// listed so that their decks are not taken for Portuguese or Dutch: we have no
// frames for them, so they get the fallback.
const STOPWORDS: Record<string, string[]> = {
  en: 'a the and of to is are for with on that this by from as be or an it which not was were can these their how what we you has have at all if but will more'.split(' '),
  de: 'der die das und ist nicht mit von den dem des ein eine einer zu auf für sich auch im sind werden wird oder bei nach aus wie über zum zur durch kann nur'.split(' '),
  fr: 'le la les des et est une un du dans pour par sur pas que qui au aux avec ce ces sont ou plus son sa leur être été peut'.split(' '),
  es: 'el la los las y es en una un del por para con que se su sus al como más son lo pero este esta puede entre'.split(' '),
  it: 'il lo la gli le e è di una un del della per con che non sono nel nella da al alla come più dei delle degli anche'.split(' '),
  pt: 'o a os as e é de do da dos das um uma em no na nas nos para com que não por se ao são mais como pelo pela tem foi ser seu sua também muito'.split(' '),
  nl: 'de het een en van is niet met op te dat die voor zijn in er aan ook als bij door wordt worden naar of om kan'.split(' '),
  pl: 'i w z na się nie do jest że to o od przez dla jak oraz są po ze czy ich lub który które tak'.split(' '),
  id: 'yang dan di untuk dengan ini itu dari pada adalah tidak ke akan atau dalam oleh juga'.split(' '),
  sv: 'och att det som är på för med av till den inte har de ett om eller'.split(' '),
  tr: 've bir bu için ile da de olan olarak çok daha gibi ya veya değil'.split(' '),
};
const WORD_LANGS = new Map<string, string[]>();
for (const [lang, words] of Object.entries(STOPWORDS)) {
  for (const w of words) WORD_LANGS.set(w, [...(WORD_LANGS.get(w) ?? []), lang]);
}
// letters only one of our Latin-script languages uses
const LETTER_HINTS: Array<[RegExp, Lang]> = [
  [/[ąęłńśźżć]/giu, 'pl'],
  [/ß/gu, 'de'],
  [/[ñ¿¡]/gu, 'es'],
  [/[ãõ]/gu, 'pt'],
  [/[ĳ]/gu, 'nl'],
];

/** Scores of Latin-script languages from function words and telltale letters. */
export function latinScores(text: string): Map<string, number> {
  const scores = new Map<string, number>();
  const add = (l: string, n: number) => scores.set(l, (scores.get(l) ?? 0) + n);
  // whole tokens: "el2" or "ch1" are labels, not the Spanish article
  for (const m of text.toLowerCase().matchAll(/[\p{L}\p{N}_]+/gu)) {
    const langs = WORD_LANGS.get(m[0]);
    if (langs) for (const l of langs) add(l, (m[0].length === 1 ? 0.25 : 1) / langs.length);
  }
  for (const [re, l] of LETTER_HINTS) {
    const n = (text.match(re) ?? []).length;
    if (n) add(l, Math.min(3, n * 0.5));
  }
  return scores;
}

export interface Detection {
  lang: Lang;
  /** What decided: 'script', 'words', 'tags', or 'fallback' (nothing strong enough). */
  by: 'script' | 'words' | 'tags' | 'fallback';
}

function best<K>(m: Map<K, number>): [K, number, number] | null {
  const sorted = [...m.entries()].sort((a, b) => b[1] - a[1]);
  if (!sorted.length) return null;
  return [sorted[0][0], sorted[0][1], sorted[1]?.[1] ?? 0];
}

export interface DetectOptions {
  /** Used when the evidence is too thin (the deck's language, for a slide). */
  fallback?: Lang;
  /** Fewest tagged letters for the tags alone to decide (default 1: a deck; slides use more). */
  minTaggedLetters?: number;
}

/**
 * The language of a body of text. Order: a non-Latin script that dominates; clear
 * function-word evidence in Latin text; the tags on the runs (by letters, ignoring
 * tags we have no frames for); the fallback.
 */
export function detectLanguage(signals: LangSignal[], opts: DetectOptions = {}): Detection {
  const fallback = opts.fallback ?? DEFAULT_LANG;
  const minTagged = opts.minTaggedLetters ?? 1;
  const all = signals.map((s) => s.text).join(' ');
  const tags = new Map<Lang, number>();
  let taggedLetters = 0;
  for (const s of signals) {
    const l = langFromTag(s.lang);
    const letters = (s.text.match(/\p{L}/gu) ?? []).length;
    if (!l || !letters) continue;
    tags.set(l, (tags.get(l) ?? 0) + letters);
    taggedLetters += letters;
  }
  const topTag = best(tags);
  const counts = scriptCounts(all);
  const sc = scriptLanguage(counts, topTag?.[0] ?? null);
  if (sc.lang && sc.share >= 0.4) return { lang: sc.lang, by: 'script' };
  if (sc.script === 'latin') {
    const w = best(latinScores(all));
    if (w && w[1] >= 3 && w[1] >= 1.5 * w[2]) {
      if (isLang(w[0])) return { lang: w[0], by: 'words' };
      return { lang: fallback, by: 'fallback' }; // a language we have no frames for: its tags say nothing useful either
    }
  }
  // tags of Latin-script languages only decide Latin text: an en-US tag on Chinese text says nothing
  if (topTag && taggedLetters >= minTagged && (sc.script === 'latin' || sc.script === 'other')) {
    const [l] = topTag;
    if (!NON_LATIN.has(l)) return { lang: l, by: 'tags' };
  }
  // Latin text cannot be in the fallback's script (a deck saved with a Russian default
  // holding "Series 1", "Category 2"): unknown Latin-script text reads best in English
  const letters = counts.latin;
  if (sc.script === 'latin' && sc.share >= 0.6 && letters >= 12 && NON_LATIN.has(fallback)) return { lang: DEFAULT_LANG, by: 'script' };
  return { lang: fallback, by: 'fallback' };
}

const NON_LATIN: ReadonlySet<Lang> = new Set(['ru', 'ja', 'zh', 'ko', 'ar', 'he']);
