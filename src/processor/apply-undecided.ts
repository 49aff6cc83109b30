/**
 * What "Apply approved" leaves as it was (issue 14 §2). The final deck is the ORIGINAL plus
 * the decisions, so every image nobody decided stands in it exactly as in the original: a
 * person's ALT or decorative flag (done), AltDeck's own earlier draft (draft), or nothing
 * (missing). The apply result lists those too, so the apply batch's reports and the CLI's
 * summary state the whole final deck, not only the decided images. (Before, a deck with one
 * approved image out of six reported "1 image, 1 done".)
 */
import type { AltItem } from '../shared/types';
import type { DeckPackage, PartCache } from './deck/package';
import { draftKey, type DraftRecord } from './deck/own-record';
import { scanSlide, type SlideObject, type SlideScan } from './deck/slide-objects';
import { classifyAlt } from './judge/classify';
import { parseXml } from './xml/tree';
import type { ZipSource } from './zip/reader';

/** Items for the slide objects without a decision (`decided`: "part#shapeId"), as the original holds them. */
export async function undecidedItems(zip: ZipSource, parts: PartCache, pkg: DeckPackage, decided: Set<string>, record: DraftRecord, scans?: Map<string, SlideScan>): Promise<AltItem[]> {
  const items: AltItem[] = [];
  for (const s of pkg.slides) {
    // readSlides' scans hold every readable slide; without them each slide is scanned here
    let objects: SlideObject[];
    if (scans) objects = scans.get(s.part)?.objects ?? [];
    else {
      try {
        const xml = await parts.xml(s.part);
        objects = xml === null ? [] : scanSlide(xml, parseXml(xml)).objects;
      } catch {
        continue; // an unreadable slide is copied unchanged; its decisions are reported as not applied
      }
    }
    const rels = await parts.relsOf(s.part);
    for (const obj of objects) {
      if (decided.has(`${s.part}#${obj.shapeId}`)) continue;
      let judged = classifyAlt(obj.descr);
      if (judged.verdict === 'person' && obj.descr && record.keys.has(draftKey(s.part, obj.shapeId, obj.descr))) judged = { ...judged, verdict: 'altdeck' };
      const rel = obj.blipRid ? rels.get(obj.blipRid) : undefined;
      const hasAlt = judged.verdict === 'person' || judged.verdict === 'altdeck';
      items.push({
        slide: s.number,
        part: s.part,
        shapeId: obj.shapeId,
        shapeName: obj.shapeName,
        kind: obj.kind,
        mediaPart: rel && !rel.external && rel.part && zip.has(rel.part) ? rel.part : null,
        oldAlt: obj.descr,
        oldAltVerdict: judged.verdict,
        newAlt: hasAlt ? obj.descr : null,
        // a flag or ALT already in the original is a person's (or AltDeck's recorded draft); nothing is "needs a person"
        source: obj.decorative || judged.verdict === 'person' ? 'person' : 'none',
        status: obj.decorative ? 'decorative' : hasAlt ? 'kept' : 'unresolved',
        needsReview: !obj.decorative && !hasAlt,
        reviewReasons: !obj.decorative && !hasAlt ? ['not decided in review: the final deck has no ALT text for it'] : [],
        decorative: obj.decorative,
      });
    }
  }
  return items;
}
