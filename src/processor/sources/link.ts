/**
 * A picture with a hyperlink is functional (WCAG 2.4.4, H30): its ALT says where the
 * link goes, not what the picture looks like. The target comes from the deck: the
 * title of the slide an internal link jumps to, the site of a web address, the
 * address of an email link, the name of a linked file, or the slide-show jump
 * ("Next slide"). Media play, OLE verbs, macros and "no action" are not links.
 */
import type { Relationship } from '../deck/opc';
import { frame, type FrameKey } from '../lang';
import { fileNameWords, fileStem } from './file-name';
import type { Lang } from '../lang/languages';

export interface PictureLink {
  /** r:id of a:hlinkClick; '' when the action needs no relationship. */
  rid: string;
  /** ppaction://… or null for a plain hyperlink. */
  action: string | null;
}

const SHOW_JUMP: Record<string, FrameKey> = {
  nextslide: 'nav.next',
  previousslide: 'nav.previous',
  firstslide: 'nav.first',
  lastslide: 'nav.last',
  lastslideviewed: 'nav.lastViewed',
  endshow: 'nav.end',
};

/** True when clicking the picture goes somewhere (so it is never decorative). */
export function isNavigation(link: PictureLink | null | undefined): boolean {
  if (!link) return false;
  const a = link.action ?? '';
  if (!a) return !!link.rid;
  return /^ppaction:\/\/(hlinksldjump|hlinkshowjump|hlinkfile|hlinkpres|customshow)/i.test(a);
}

/** The site of a URL as a reader says it: "ode.state.oh.us" (no scheme, no "www."). */
export function siteOf(url: string): string | null {
  try {
    const u = new URL(url);
    if (!/^https?:$|^ftp:$/.test(u.protocol)) return null;
    return u.hostname.replace(/^www\./i, '') || null;
  } catch {
    return null;
  }
}

/** The ALT text for a linked picture, or null when the link says nothing a reader can use. */
export function linkAlt(
  link: PictureLink,
  rels: Map<string, Relationship>,
  slides: { numberOf(part: string): number | null; titleOf(part: string): string | null },
  lang: Lang | string,
): string | null {
  const action = link.action ?? '';
  const jump = /^ppaction:\/\/hlinkshowjump\?jump=(\w+)/i.exec(action);
  if (jump) {
    const key = SHOW_JUMP[jump[1].toLowerCase()];
    return key ? frame(lang, key) : null;
  }
  const rel = link.rid ? rels.get(link.rid) : undefined;
  if (/^ppaction:\/\/hlinksldjump/i.test(action)) {
    if (!rel?.part) return null;
    const title = slides.titleOf(rel.part);
    if (title) return frame(lang, 'link.slide', { title: title.length > 100 ? `${title.slice(0, 100).replace(/\s+\S*$/, '')}…` : title });
    const n = slides.numberOf(rel.part);
    return n ? frame(lang, 'link.slideNumber', { n }) : null;
  }
  if (action && !/^ppaction:\/\/hlinkfile/i.test(action)) return null;
  if (!rel) return null;
  // protocol-relative web addresses ("//upload.wikimedia.org/…") are web addresses
  const target = rel.target.trim().replace(/^\/\//, 'https://');
  // a picture that links to its own full-size file: the file's name says what it shows
  const named = fileNameWords(target);
  if (named) return named;
  const mail = /^mailto:([^?]+)/i.exec(target);
  if (mail) return frame(lang, 'link.email', { address: decodeURIComponentSafe(mail[1]) });
  const site = siteOf(target);
  if (site) return frame(lang, 'link.site', { site });
  if (rel.external || /^ppaction:\/\/hlinkfile/i.test(action)) {
    // the file's name without its extension: ALT rules never let a file name through
    const last = decodeURIComponentSafe(target.split(/[\\/]/).filter(Boolean).pop() ?? '');
    const name = (fileStem(last) ?? last.replace(/\.[a-z0-9]{1,5}$/i, '')).replace(/[_]+/g, ' ').trim();
    return name ? frame(lang, 'link.file', { name }) : null;
  }
  return null;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
