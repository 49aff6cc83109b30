/**
 * The first step of processDeck: read every slide into work items (one per
 * image-like object, in z-order), note which slides each picture's content is on,
 * and settle the deck's language, then each slide's.
 */
import type { Work } from './find-alt';
import { BadInputError, throwIfAborted } from './errors';
import type { ZipSource } from './zip/reader';
import type { DeckPackage, PartCache } from './deck/package';
import { REL } from './deck/opc';
import { parseXml, type XmlNode } from './xml/tree';
import { scanSlide, type SlideScan } from './deck/slide-objects';
import { notesText } from './deck/notes-read';
import { slideTitle } from './sources/context';
import { coreLang, deckLanguage, presentationLang, slideLanguage, textSignals, type DeckLanguage, type Lang, type LangSignal } from './lang';

export interface SlidesRead {
  /** Each readable slide's parsed XML, by part: the edits are spliced against it. */
  roots: Map<string, XmlNode>;
  work: Work[];
  /** Slide numbers each picture's content is on, by contentKey. */
  mediaSlides: Map<string, Set<number>>;
  contentKey: (part: string) => string;
  slideIndex: { numberOf: (part: string) => number | null; titleOf: (part: string) => string | null };
  deckLang: DeckLanguage;
  slideLangs: Map<string, Lang>;
  /** Each readable slide's objects and text shapes (the checker rules read them too). */
  scans: Map<string, SlideScan>;
}

export async function readSlides(zip: ZipSource, parts: PartCache, pkg: DeckPackage, warnings: string[], signal: AbortSignal | undefined): Promise<SlidesRead> {
  // ---- read every slide ----
  const roots = new Map<string, XmlNode>();
  const scans = new Map<string, SlideScan>();
  const work: Work[] = [];
  // by content (CRC-32 and size from the central directory), not part name: generators and
  // copy-paste give the same logo a new media part on every slide
  const mediaSlides = new Map<string, Set<number>>();
  const contentKey = (part: string) => {
    const e = zip.get(part)?.entry;
    return e ? `${e.crc32}:${e.uncompressedSize}` : part;
  };
  const titles = new Map<string, string | null>();
  const slideIndex = {
    numberOf: (part: string) => pkg.slides.find((x) => x.part === part)?.number ?? null,
    titleOf: (part: string) => titles.get(part) ?? null,
  };
  const langSignals = new Map<string, LangSignal[]>();
  let unreadable = 0;
  for (const s of pkg.slides) {
    throwIfAborted(signal);
    let xml: string | null = null;
    let root: XmlNode;
    try {
      xml = await parts.xml(s.part);
      root = parseXml(xml ?? '');
    } catch (e) {
      unreadable++;
      warnings.push(`Slide ${s.number} (${s.part}) could not be read and was copied unchanged: ${(e as Error).message}`);
      continue;
    }
    s.hidden = root.attrs.some((a) => a.name === 'show' && (a.value === '0' || a.value === 'false'));
    roots.set(s.part, root);
    const scan = scanSlide(xml!, root);
    scans.set(s.part, scan);
    titles.set(s.part, slideTitle(scan.texts));
    const rels = await parts.relsOf(s.part);
    const signals = textSignals(xml!, root);
    // a chart's or diagram's words say which language a slide that holds little else is in
    for (const obj of scan.objects) {
      const rid = obj.chartRid ?? obj.diagramDataRid;
      const target = rid ? rels.get(rid)?.part : undefined;
      if (!target) continue;
      try {
        const x = await parts.xml(target);
        if (x) signals.push(...textSignals(x));
      } catch {
        // an unreadable chart part is reported where its ALT is written
      }
    }
    langSignals.set(s.part, signals);
    let notes: string | null = null;
    const notesRel = [...rels.values()].find((r) => REL.notesSlide.test(r.type) && r.part);
    if (notesRel?.part) notes = await notesText(parts, notesRel.part).catch(() => null);
    for (const obj of scan.objects) {
      const rel = obj.blipRid ? rels.get(obj.blipRid) : undefined;
      const mediaPart = rel && !rel.external && rel.part && zip.has(rel.part) ? rel.part : null;
      if (mediaPart) {
        const key = contentKey(mediaPart);
        if (!mediaSlides.has(key)) mediaSlides.set(key, new Set());
        mediaSlides.get(key)!.add(s.number);
      }
      work.push({ hidden: s.hidden, slide: s.number, siblings: scan.objects.length, part: s.part, obj, texts: scan.texts, notes, mediaPart });
    }
  }
  if (pkg.slides.length > 0 && unreadable === pkg.slides.length) {
    throw new BadInputError('None of the slides in this deck can be read (their XML is damaged). Open it in PowerPoint and save a new copy.');
  }

  // ---- the deck's language, then each slide's: every generated text is written in it ----
  const readDefault = async (part: string, read: (x: string) => string | null) => {
    try {
      const x = await parts.xml(part);
      return x ? read(x) : null;
    } catch {
      return null;
    }
  };
  const deckLang = deckLanguage([...langSignals.values()], {
    presentation: await readDefault(pkg.presentationPart, presentationLang),
    core: await readDefault('docProps/core.xml', coreLang),
  });
  const slideLangs = new Map([...langSignals].map(([part, sig]) => [part, slideLanguage(sig, deckLang)]));
  return { roots, work, mediaSlides, contentKey, slideIndex, deckLang, slideLangs, scans };
}
