import type { AltItem } from '../shared/types';
import type { ZipSource } from './zip/reader';
import { REL } from './deck/opc';
import type { DeckPackage, PartCache } from './deck/package';
import { parseXml, type XmlNode } from './xml/tree';
import { scanSlide } from './deck/slide-objects';
import { classifyAlt } from './judge/classify';
import { mediaHashOf } from './media-hash';

/**
 * Pictures on the layouts and masters the slides use: reported so a reviewer
 * sees them, never changed (they repeat on every slide, usually decoration).
 */
export async function layoutAndMasterItems(pkg: DeckPackage, parts: PartCache, zip: ZipSource, warnings: string[], mediaHashes: Map<string, string | null> = new Map()): Promise<AltItem[]> {
  const layouts: string[] = [];
  const masters: string[] = [];
  const add = (list: string[], p: string | null | undefined) => {
    if (p && zip.has(p) && !list.includes(p)) list.push(p);
  };
  for (const s of pkg.slides) for (const r of (await parts.relsOf(s.part)).values()) if (REL.slideLayout.test(r.type)) add(layouts, r.part);
  for (const l of layouts) for (const r of (await parts.relsOf(l)).values()) if (REL.slideMaster.test(r.type)) add(masters, r.part);
  const out: AltItem[] = [];
  for (const part of [...layouts, ...masters]) {
    let xml: string | null;
    let root: XmlNode;
    try {
      xml = await parts.xml(part);
      root = parseXml(xml ?? '');
    } catch {
      warnings.push(`${part} could not be read`);
      continue;
    }
    const rels = await parts.relsOf(part);
    for (const obj of scanSlide(xml!, root).objects) {
      const judged = classifyAlt(obj.descr);
      const rel = obj.blipRid ? rels.get(obj.blipRid) : undefined;
      const mediaPart = rel?.part && zip.has(rel.part) ? rel.part : null;
      out.push({
        slide: 0,
        part,
        shapeId: obj.shapeId,
        shapeName: obj.shapeName,
        kind: obj.kind,
        mediaPart,
        // the same content key as the slides' pictures: a template's logo shares their preview
        mediaHash: await mediaHashOf(zip, mediaPart, mediaHashes),
        oldAlt: obj.descr,
        oldAltVerdict: judged.verdict,
        newAlt: judged.verdict === 'person' ? obj.descr : null,
        source: obj.decorative || judged.verdict === 'person' ? 'person' : 'none',
        trust: obj.decorative || judged.verdict === 'person' ? 'person' : 'none',
        status: obj.decorative ? 'decorative' : judged.verdict === 'person' ? 'kept' : 'decorative-candidate',
        needsReview: false,
        reviewReasons: obj.decorative || judged.verdict === 'person' ? [] : ['on a layout or master: repeated on every slide that uses it, usually decoration; not changed'],
        decorative: obj.decorative,
      });
    }
  }
  return out;
}
