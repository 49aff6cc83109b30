/** Where a slide's notes page is, and its body text (context for describers and captions). */
import { REL } from './opc';
import type { DeckPackage, PartCache } from './package';
import { child, find, parseXml, type XmlNode } from '../xml/tree';
import { paragraphsText } from './slide-objects';

export function notesPartOf(pkg: DeckPackage, slidePart: string): string | null {
  const rels = pkg.rels.get(slidePart);
  const r = rels ? [...rels.values()].find((x) => REL.notesSlide.test(x.type) && x.part) : undefined;
  return r?.part ?? null;
}

export function bodyTxBody(root: XmlNode): XmlNode | null {
  const cSld = child(root, 'cSld');
  const tree = cSld ? child(cSld, 'spTree') : undefined;
  for (const sp of tree?.children ?? []) {
    if (sp.local !== 'sp') continue;
    const ph = find(sp, 'ph');
    if (ph && (ph.attrs.find((a) => a.name === 'type')?.value ?? 'body') === 'body') {
      const tx = child(sp, 'txBody');
      if (tx) return tx;
    }
  }
  return null;
}

export async function notesText(parts: PartCache, part: string): Promise<string | null> {
  const xml = await parts.xml(part);
  if (!xml) return null;
  const root = parseXml(xml);
  const body = bodyTxBody(root);
  const t = body ? paragraphsText(xml, body) : '';
  return t || null;
}
