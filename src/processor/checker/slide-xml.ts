/**
 * Small readers and writers of slide XML the checker rules share: namespace prefixes,
 * placeholders and where they sit (a placeholder without its own position takes its
 * layout's, then its master's), text of a shape, and a paragraph to write.
 */
import { attr, child, children, find, findAll, prefixFor, textOf, type XmlNode } from '../xml/tree';
import { escapeAttr, escapeText } from '../xml/escape';
import { readXfrm, type Box } from '../deck/geometry';
import type { LoadedPart } from './rule';

const PML = ['http://schemas.openxmlformats.org/presentationml/2006/main', 'http://purl.oclc.org/ooxml/presentationml/main'];
const DML = ['http://schemas.openxmlformats.org/drawingml/2006/main', 'http://purl.oclc.org/ooxml/drawingml/main'];

/** The prefixes a new element needs, and the xmlns declaration to put on it when the part declares none. */
export function prefixes(root: XmlNode): { p: string; a: string; declareA: string } {
  const find1 = (uris: string[]) => {
    for (const u of uris) {
      const pre = prefixFor(root, u);
      if (pre !== undefined) return pre;
    }
    return undefined;
  };
  const strict = root.attrs.some((a) => a.value.startsWith('http://purl.oclc.org/ooxml/'));
  const p = find1(PML) ?? 'p';
  const a = find1(DML);
  return { p, a: a ?? 'a', declareA: a === undefined ? ` xmlns:a="${strict ? DML[1] : DML[0]}"` : '' };
}

export const q = (prefix: string, local: string) => (prefix ? `${prefix}:${local}` : local);

export interface Placeholder {
  /** The p:sp element. */
  sp: XmlNode;
  cNvPr: XmlNode | undefined;
  type: string;
  idx: string | null;
  txBody: XmlNode | undefined;
}

/** Every placeholder shape at the top of a part's shape tree (groups cannot hold placeholders). */
export function placeholders(root: XmlNode): Placeholder[] {
  const cSld = child(root, 'cSld');
  const tree = cSld ? child(cSld, 'spTree') : undefined;
  const out: Placeholder[] = [];
  for (const sp of tree ? tree.children : []) {
    if (sp.local !== 'sp') continue;
    const nv = child(sp, 'nvSpPr');
    const nvPr = nv ? child(nv, 'nvPr') : undefined;
    const ph = nvPr ? child(nvPr, 'ph') : undefined;
    if (!ph) continue;
    out.push({ sp, cNvPr: nv ? child(nv, 'cNvPr') : undefined, type: attr(ph, 'type') ?? 'body', idx: attr(ph, 'idx') ?? null, txBody: child(sp, 'txBody') });
  }
  return out;
}

export const isTitleType = (t: string | null | undefined) => t === 'title' || t === 'ctrTitle';

/** A shape's own position, if it has one. */
export function ownBox(sp: XmlNode): Box | null {
  const spPr = child(sp, 'spPr');
  return readXfrm(spPr ? child(spPr, 'xfrm') : undefined);
}

/** Where a placeholder is drawn: its own xfrm, else the layout's matching placeholder's, else the master's. */
export function placeholderBox(ph: { sp: XmlNode; type: string; idx: string | null }, layout: LoadedPart | null, master: LoadedPart | null): Box | null {
  const own = ownBox(ph.sp);
  if (own) return own;
  const match = (list: Placeholder[]) =>
    list.find((l) => ph.idx !== null && l.idx === ph.idx && ph.type !== 'title' && ph.type !== 'ctrTitle') ??
    list.find((l) => l.type === ph.type || (isTitleType(ph.type) && isTitleType(l.type)));
  for (const part of [layout, master]) {
    if (!part) continue;
    const m = match(placeholders(part.root));
    const b = m ? ownBox(m.sp) : null;
    if (b) return b;
  }
  return null;
}

/** The words of a text body, paragraphs joined by a space, whitespace collapsed. */
export function bodyText(xml: string, txBody: XmlNode | undefined): string {
  if (!txBody) return '';
  return findAll(txBody, 't')
    .filter((t) => t.parent?.local === 'r' || t.parent?.local === 'fld')
    .map((t) => textOf(xml, t))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The largest font size (in points) set on a text body's runs, or null when none is set. */
export function largestFont(txBody: XmlNode | undefined): number | null {
  if (!txBody) return null;
  let best: number | null = null;
  for (const r of [...findAll(txBody, 'rPr'), ...findAll(txBody, 'defRPr')]) {
    const sz = Number(attr(r, 'sz'));
    if (Number.isFinite(sz) && sz > 0) best = Math.max(best ?? 0, sz / 100);
  }
  return best;
}

/** One paragraph with one run, in the language given (a BCP 47 tag). */
export function paragraphXml(a: string, text: string, langTag: string | null): string {
  const rPr = `<${q(a, 'rPr')}${langTag ? ` lang="${escapeAttr(langTag)}"` : ''} dirty="0"/>`;
  return `<${q(a, 'p')}><${q(a, 'r')}>${rPr}<${q(a, 't')}>${escapeText(text)}</${q(a, 't')}></${q(a, 'r')}></${q(a, 'p')}>`;
}

/** The largest cNvPr id in a part, so a new shape takes the next one. */
export function maxShapeId(root: XmlNode): number {
  let max = 0;
  for (const c of findAll(root, 'cNvPr')) {
    const n = Number(attr(c, 'id'));
    if (Number.isFinite(n) && n > max) max = n;
  }
  return max;
}

/** The layout's own name (p:cSld name="…") and its type (p:sldLayout type="…"). */
export function layoutName(layout: LoadedPart | null): { name: string | null; type: string | null } {
  if (!layout) return { name: null, type: null };
  const cSld = child(layout.root, 'cSld');
  return { name: (cSld ? attr(cSld, 'name') : undefined)?.trim() || null, type: attr(layout.root, 'type') ?? null };
}

export { child, children, find, findAll };
