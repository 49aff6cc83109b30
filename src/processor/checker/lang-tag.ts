/** The BCP 47 tag AltDeck writes for one of its languages: the deck's own region where it uses one ("de-AT"). */
import { langFromTag, type Lang } from '../lang';

const DEFAULT_TAG: Record<Lang, string> = {
  en: 'en-US',
  de: 'de-DE',
  fr: 'fr-FR',
  es: 'es-ES',
  it: 'it-IT',
  pt: 'pt-BR',
  nl: 'nl-NL',
  ru: 'ru-RU',
  pl: 'pl-PL',
  ja: 'ja-JP',
  zh: 'zh-CN',
  ko: 'ko-KR',
  ar: 'ar-SA',
  he: 'he-IL',
};

export function langTagFor(lang: Lang, tags: Map<string, number>): string {
  let best: string | null = null;
  let most = 0;
  for (const [tag, n] of tags) {
    if (langFromTag(tag) !== lang || !/^[a-z]{2,3}-[A-Za-z0-9]{2,8}$/.test(tag)) continue;
    if (n > most) {
      best = tag;
      most = n;
    }
  }
  return best ?? DEFAULT_TAG[lang];
}
