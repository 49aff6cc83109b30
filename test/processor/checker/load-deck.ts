/**
 * Test helper: a deck read the way the processor reads it (package, slides in order, parsed
 * XML, scanned objects), for the checker rules; and an output written through the
 * processor's own edit path (splices → writeDeck), never over the input.
 */
import { ZipSource } from '../../../src/processor/zip/reader';
import { PartCache, readPackage, type DeckPackage } from '../../../src/processor/deck/package';
import { parseXml, type XmlNode } from '../../../src/processor/xml/tree';
import { scanSlide, type SlideScan } from '../../../src/processor/deck/slide-objects';
import { applySplices, type Splice } from '../../../src/processor/xml/splice';
import { writeDeck } from '../../../src/processor/write-deck';
import type { Relationship } from '../../../src/processor/deck/opc';

export interface LoadedSlide {
  number: number;
  part: string;
  xml: string;
  root: XmlNode;
  rels: Map<string, Relationship>;
  objects: SlideScan['objects'];
  texts: SlideScan['texts'];
}

export interface LoadedDeck {
  zip: ZipSource;
  parts: PartCache;
  pkg: DeckPackage;
  slides: LoadedSlide[];
  close(): void;
}

export async function loadDeck(path: string): Promise<LoadedDeck> {
  const zip = await ZipSource.open(path);
  const parts = new PartCache(zip);
  const pkg = await readPackage(zip, parts);
  const slides: LoadedSlide[] = [];
  for (const s of pkg.slides) {
    const xml = (await parts.xml(s.part))!;
    let root: XmlNode;
    try {
      root = parseXml(xml);
    } catch {
      continue;
    }
    const scan = scanSlide(xml, root);
    slides.push({ number: s.number, part: s.part, xml, root, rels: await parts.relsOf(s.part), objects: scan.objects, texts: scan.texts });
  }
  return { zip, parts, pkg, slides, close: () => zip.close() };
}

/** Writes `output` from the deck with the splices applied to their parts. */
export async function writeWithSplices(deck: LoadedDeck, output: string, splices: { part: string; splice: Splice }[]): Promise<void> {
  const byPart = new Map<string, Splice[]>();
  for (const { part, splice } of splices) byPart.set(part, [...(byPart.get(part) ?? []), splice]);
  const changed = new Map<string, Buffer>();
  for (const [part, list] of byPart) changed.set(part, Buffer.from(applySplices(deck.parts.text.get(part)!, list), 'utf8'));
  await writeDeck(deck.zip, output, changed, undefined, false, []);
}
