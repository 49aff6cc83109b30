/**
 * The deck's language (detection) and AltDeck's words in it (frames).
 *
 *   const deck = deckLanguage(allSlideSignals, { presentation, core });
 *   const lang = slideLanguage(slideSignals, deck.lang);
 *   frame(lang, 'link.slide', { title });     // "Link zur Folie „Einleitung“"
 */
import { detectLanguage, type Detection, type LangSignal } from './detect';
import { DEFAULT_LANG, langFromTag, type Lang } from './languages';

export { frame, formatList, formatNumber, FRAMES, type FrameKey, type FrameVars } from './frame';
export { LANGS, LANG_NAMES, DEFAULT_LANG, isRtl, isLang, langFromTag, type Lang } from './languages';
export { detectLanguage, scriptCounts, type LangSignal, type Detection } from './detect';
export { textSignals, presentationLang, coreLang } from './signals';

/**
 * The deck's language: all its text together; where it has no text to judge,
 * the presentation's default text language, then docProps/core.xml, then English.
 */
export function deckLanguage(slides: LangSignal[][], defaults: { presentation?: string | null; core?: string | null } = {}): DeckLanguage {
  const fallback = langFromTag(defaults.presentation) ?? langFromTag(defaults.core) ?? DEFAULT_LANG;
  const all = slides.flat();
  const d = detectLanguage(all, { fallback });
  // tags are worth reading slide by slide only where they agree with the text overall
  // (a German deck typed on an English Office carries en-US on every run)
  return { ...d, tagsTrusted: d.by === 'tags' || tagsName(all, d.lang) };
}

function tagsName(signals: LangSignal[], lang: Lang): boolean {
  let same = 0;
  let other = 0;
  for (const s of signals) {
    const l = langFromTag(s.lang);
    if (!l) continue;
    if (l === lang) same += s.text.length;
    else other += s.text.length;
  }
  return same > 0 && same >= 4 * other;
}

export interface DeckLanguage extends Detection {
  /** The deck's `lang` tags agree with its text, so a slide's own tags may name its language. */
  tagsTrusted: boolean;
}

/**
 * The language of one slide, which generated text and the model's answer use.
 * A slide departs from the deck's language only on clear evidence (a script, a
 * sentence's function words, or 20+ letters tagged another language): a
 * one-word title "Agenda" says nothing.
 */
export function slideLanguage(signals: LangSignal[], deck: Lang | DeckLanguage): Lang {
  const d = typeof deck === 'string' ? { lang: deck, tagsTrusted: false } : deck;
  return detectLanguage(signals, { fallback: d.lang, minTaggedLetters: d.tagsTrusted ? 20 : Infinity }).lang;
}
