/**
 * A small picture repeated on most slides is a logo (judge/decorative.ts). Where the deck
 * names it (its original file name says "logo", or the alt-text title names it), a reader is
 * told whose logo it is, in the deck's language ("Acme logo", "Logo von Acme"), the same on
 * every slide; where nothing names it, it stays a decorative proposal.
 */
import { fileNameWords, fileStem } from '../sources/file-name';
import { classifyAlt } from './classify';
export { LOGO_REASON } from './decorative';
import { frame, type Lang } from '../lang';

const LOGO_WORD = /(^|\s)logo(\s|$)/i;

export interface NamedLogo {
  text: string;
  /** What named it: the file name's words, or the alt-text title. */
  from: 'file-name' | 'title';
}

/** "<Name> logo" from the picture's own evidence, or null. Pure. */
export function namedLogo(obj: { descr: string | null; title: string | null; shapeName: string }, lang: Lang): NamedLogo | null {
  const words = fileNameWords(obj.descr, obj.title, obj.shapeName);
  if (words && LOGO_WORD.test(words)) {
    const name = words.replace(/(^|\s)logo(?=\s|$)/gi, ' ').replace(/\s+/g, ' ').trim();
    if (name) return { text: frame(lang, 'logo.named', { name }), from: 'file-name' };
  }
  // a title that is a person's words naming the picture, not a file name and not already saying "logo"
  const title = (obj.title ?? '').replace(/\s+/g, ' ').trim();
  if (title && title.length <= 80 && !fileStem(title) && !LOGO_WORD.test(title) && classifyAlt(title).verdict === 'person') {
    return { text: frame(lang, 'logo.named', { name: title }), from: 'title' };
  }
  return null;
}
