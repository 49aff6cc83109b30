/**
 * "Unclear hyperlink text" (issue 13): a link whose text is a raw web address, or a phrase
 * that says nothing about where it goes ("click here", "mehr", "ici": lang/link-phrases.ts,
 * every language at once). The proposal comes from the target: the site of a web address
 * ("cdc.gov"), the title of the slide an internal link jumps to, the address of an email
 * link, the name of a linked file, the slide-show jump ("Next slide"). Always a proposal for
 * review (never written without approval); without a usable target, a flag.
 */
import type { CheckFinding } from '../../shared/checker';
import type { Relationship } from '../deck/opc';
import { attr, attrLocal, child, findAll, textOf, type XmlNode } from '../xml/tree';
import { escapeText } from '../xml/escape';
import type { Splice } from '../xml/splice';
import { siteOf } from '../sources/link';
import { fileStem } from '../sources/file-name';
import { frame, type FrameKey, type Lang } from '../lang';
import { UNCLEAR_LINK_TEXT } from '../lang/link-phrases';
import { LANGS } from '../lang/languages';

export interface LinkSlide {
  number: number;
  part: string;
  xml: string;
  root: XmlNode;
  rels: Map<string, Relationship>;
  lang: Lang;
}

export interface SlideIndex {
  titleOf(part: string): string | null;
  numberOf(part: string): number | null;
}

/** One hyperlink in a paragraph: the runs in a row that share its target. */
export interface TextLink {
  shapeId: string;
  /** 1-based index among the links of the shape: with the shape id, the finding's target. */
  index: number;
  runs: XmlNode[];
  text: string;
  rid: string;
  action: string;
}

const PHRASES: ReadonlySet<string> = new Set(LANGS.flatMap((l) => UNCLEAR_LINK_TEXT[l].map((p) => normalise(p))));

/** Lower case, whitespace collapsed, surrounding punctuation, quotes, arrows and brackets removed. */
export function normalise(text: string): string {
  return text
    .toLocaleLowerCase()
    .replace(/[\s\u00a0]+/g, ' ')
    .replace(/^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu, '')
    .replace(/[’`]/g, "'");
}

const URL_TEXT = /^(?:(?:https?|ftp):\/\/|www\.)\S+$/i;
const PATH_TEXT = /^[\w-]+(?:\.[\w-]+)+\/\S*$/;

export function isRawUrl(text: string): boolean {
  const t = text.trim();
  return !/\s/.test(t) && (URL_TEXT.test(t) || PATH_TEXT.test(t));
}

export function isUnclearPhrase(text: string): boolean {
  return PHRASES.has(normalise(text));
}

// a link the reader follows; media play, OLE verbs, macros and "no action" are not links
const FOLLOWED = /^ppaction:\/\/(hlinksldjump|hlinkshowjump|hlinkfile|hlinkpres)/i;

function shapeIdOf(p: XmlNode): string {
  for (let n: XmlNode | null = p.parent; n; n = n.parent) {
    if (n.local === 'sp' || n.local === 'graphicFrame' || n.local === 'cxnSp' || n.local === 'pic') {
      const nv = n.children.find((c) => c.local.startsWith('nv') && c.local.endsWith('Pr'));
      const c = nv ? child(nv, 'cNvPr') : undefined;
      return (c && attr(c, 'id')) || '';
    }
  }
  return '';
}

/** Every text hyperlink on a slide, in document order. */
export function textLinks(xml: string, root: XmlNode): TextLink[] {
  const out: TextLink[] = [];
  const perShape = new Map<string, number>();
  const cSld = child(root, 'cSld');
  for (const p of cSld ? findAll(cSld, 'p') : []) {
    if (p.parent?.local !== 'txBody') continue;
    let cur: TextLink | null = null;
    for (const r of p.children) {
      const rPr = r.local === 'r' || r.local === 'fld' ? child(r, 'rPr') : undefined;
      const h = rPr ? child(rPr, 'hlinkClick') : undefined;
      const rid = h ? (attrLocal(h, 'id') ?? '') : '';
      const action = h ? (attr(h, 'action') ?? '') : '';
      const isLink = !!h && (action ? FOLLOWED.test(action) : !!rid);
      if (!isLink) {
        cur = null;
        continue;
      }
      const t = child(r, 't');
      const text = t ? textOf(xml, t) : '';
      if (cur && cur.rid === rid && cur.action === action) {
        cur.runs.push(r);
        cur.text += text;
        continue;
      }
      const shapeId = shapeIdOf(p);
      const index = (perShape.get(shapeId) ?? 0) + 1;
      perShape.set(shapeId, index);
      cur = { shapeId, index, runs: [r], text, rid, action };
      out.push(cur);
    }
  }
  return out;
}

const SHOW_JUMP: Record<string, FrameKey> = {
  nextslide: 'nav.next',
  previousslide: 'nav.previous',
  firstslide: 'nav.first',
  lastslide: 'nav.last',
  lastslideviewed: 'nav.lastViewed',
  endshow: 'nav.end',
};

/** Link text taken from where the link goes, or null when the target names nothing a reader can use. */
export function linkTextFromTarget(link: Pick<TextLink, 'rid' | 'action'>, rels: Map<string, Relationship>, slides: SlideIndex, lang: Lang): string | null {
  const jump = /^ppaction:\/\/hlinkshowjump\?jump=(\w+)/i.exec(link.action);
  if (jump) {
    const key = SHOW_JUMP[jump[1].toLowerCase()];
    return key ? frame(lang, key) : null;
  }
  const rel = link.rid ? rels.get(link.rid) : undefined;
  if (!rel) return null;
  if (/^ppaction:\/\/hlinksldjump/i.test(link.action)) {
    if (!rel.part) return null;
    const title = slides.titleOf(rel.part);
    if (title) return title.length > 100 ? `${title.slice(0, 100).replace(/\s+\S*$/, '')}…` : title;
    const n = slides.numberOf(rel.part);
    return n ? frame(lang, 'link.slideNumber', { n }) : null;
  }
  const target = rel.target.trim().replace(/^\/\//, 'https://');
  const mail = /^mailto:([^?]+)/i.exec(target);
  if (mail) return safeDecode(mail[1]);
  const site = siteOf(target);
  if (site) return site;
  if (rel.external || /^ppaction:\/\/hlinkfile/i.test(link.action)) {
    const last = safeDecode(target.split(/[\\/]/).filter(Boolean).pop() ?? '');
    const name = (fileStem(last) ?? last.replace(/\.[a-z0-9]{1,5}$/i, '')).replace(/_+/g, ' ').trim();
    return name || null;
  }
  return null;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The edit that makes a link's text `text`: written into its first run, the others emptied (their formatting stays). */
export function linkTextSplices(xml: string, link: TextLink, text: string): Splice[] {
  const out: Splice[] = [];
  link.runs.forEach((r, i) => {
    const t = child(r, 't');
    if (!t) return;
    const value = i === 0 ? escapeText(text) : '';
    if (t.selfClosing) {
      if (i === 0) out.push({ start: t.start, end: t.end, text: `<${t.name}>${value}</${t.name}>` });
    } else out.push({ start: t.tagEnd, end: t.closeStart, text: value });
  });
  return out;
}

export interface LinkFinding {
  finding: CheckFinding;
  link: TextLink;
}

/** The last path segment of a web address as words ("fpkipa", "health information"), or null. */
export function pathHint(url: string): string | null {
  try {
    const segs = new URL(url.trim().replace(/^\/\//, 'https://').replace(/^www\./i, 'https://www.')).pathname.split('/').filter(Boolean);
    const last = safeDecode(segs.pop() ?? '').replace(/\.[a-z0-9]{1,5}$/i, '').replace(/[-_+]+/g, ' ').trim();
    return last && /\p{L}/u.test(last) && !/^(index|default|home|main|start)$/i.test(last) ? last : null;
  } catch {
    return null;
  }
}

export function checkHyperlinks(slide: LinkSlide, slides: SlideIndex): LinkFinding[] {
  const out: LinkFinding[] = [];
  const targets = new Map<string, Set<string>>();
  for (const link of textLinks(slide.xml, slide.root)) {
    const text = link.text.replace(/\s+/g, ' ').trim();
    if (!text) continue;
    const raw = isRawUrl(text);
    if (!raw && !isUnclearPhrase(text)) continue;
    const proposed = linkTextFromTarget(link, slide.rels, slides, slide.lang);
    const proposal = proposed && normalise(proposed) !== normalise(text) ? proposed : null;
    if (proposal) {
      const url = slide.rels.get(link.rid)?.target ?? link.action;
      if (!targets.has(proposal)) targets.set(proposal, new Set());
      targets.get(proposal)!.add(url);
    }
    const why = raw ? 'is a web address, which a screen reader spells out' : 'does not say where the link goes';
    out.push({
      link,
      finding: {
        rule: 'unclear-hyperlink',
        slide: slide.number,
        part: slide.part,
        target: `${link.shapeId}:link${link.index}`,
        outcome: proposal ? 'proposed' : 'flagged',
        message: proposal
          ? `The link text “${text}” ${why}; proposed text from its target: “${proposal}”.`
          : `The link text “${text}” ${why}. Replace it with words that name the destination.`,
        current: text,
        proposal,
        trust: proposal ? 'evidence' : 'none',
        groupKey: proposal ? `unclear-hyperlink|${normalise(text)}|${proposal}` : undefined,
      },
    });
  }
  // one text for several destinations on a slide is as unclear as "click here" (WCAG 2.4.4):
  // the last words of each address tell them apart
  for (const { finding, link } of out) {
    if (!finding.proposal || (targets.get(finding.proposal)?.size ?? 0) < 2) continue;
    const hint = pathHint(slide.rels.get(link.rid)?.target ?? '');
    if (!hint) continue;
    finding.proposal = `${finding.proposal}: ${hint}`;
    finding.message = finding.message.replace(/proposed text from its target: “.*”\.$/, `proposed text from its target: “${finding.proposal}”.`);
    finding.groupKey = `unclear-hyperlink|${normalise(finding.current ?? '')}|${finding.proposal}`;
  }
  return out;
}
