/**
 * Reading what the checker rules look at, once per deck, so every rule is a pure function:
 * the slides the pipeline already parsed (readSlides), each slide's layout, master and
 * theme, the presentation part and the document properties. Parts that cannot be read are
 * left out (null), never fatal: the ALT pipeline has already reported them.
 */
import type { ZipSource } from '../zip/reader';
import type { DeckPackage, PartCache } from '../deck/package';
import { REL } from '../deck/opc';
import { parseXml } from '../xml/tree';
import { scanSlide } from '../deck/slide-objects';
import { textSignals } from '../lang';
import type { SlidesRead } from '../read-slides';
import type { CheckContext, CheckSlide, LoadedPart } from './rule';

const THEME = /\/theme$/;

export async function loadPart(parts: PartCache, part: string | null | undefined): Promise<LoadedPart | null> {
  if (!part) return null;
  try {
    const xml = await parts.xml(part);
    if (xml === null) return null;
    const root = parseXml(xml);
    return { part, xml, root, rels: await parts.relsOf(part), editable: parts.utf8.get(part) !== false };
  } catch {
    return null;
  }
}

export async function buildCheckContext(zip: ZipSource, parts: PartCache, pkg: DeckPackage, read: SlidesRead, draftKeys: Set<string> = new Set()): Promise<CheckContext> {
  const cache = new Map<string, Promise<LoadedPart | null>>();
  const load = (part: string | null | undefined) => {
    if (!part) return Promise.resolve(null);
    if (!cache.has(part)) cache.set(part, loadPart(parts, part));
    return cache.get(part)!;
  };
  const related = (p: LoadedPart | null, type: RegExp) => (p ? [...p.rels.values()].find((r) => type.test(r.type) && r.part && zip.has(r.part))?.part : null);
  const slides: CheckSlide[] = [];
  const langTags = new Map<string, number>();
  for (const s of pkg.slides) {
    const root = read.roots.get(s.part);
    const xml = parts.text.get(s.part);
    if (!root || xml === undefined) continue;
    const rels = await parts.relsOf(s.part);
    const self: LoadedPart = { part: s.part, xml, root, rels, editable: parts.utf8.get(s.part) !== false };
    const layout = await load(related(self, REL.slideLayout));
    const master = await load(related(layout, REL.slideMaster));
    const theme = await load(related(master, THEME));
    for (const sig of textSignals(xml, root)) if (sig.lang) langTags.set(sig.lang, (langTags.get(sig.lang) ?? 0) + sig.text.length);
    slides.push({
      ...self,
      number: s.number,
      hidden: s.hidden,
      scan: read.scans.get(s.part) ?? scanSlide(xml, root),
      layout,
      master,
      theme,
      lang: read.slideLangs.get(s.part) ?? read.deckLang.lang,
    });
  }
  const presentation = (await load(pkg.presentationPart))!;
  const rootRels = await parts.relsOf('');
  const prop = (type: RegExp, fallback: string) => {
    const p = [...rootRels.values()].find((r) => type.test(r.type) && !r.external)?.part ?? fallback;
    return zip.has(p) ? p : null;
  };
  return {
    slides,
    slideSize: pkg.slideSize,
    presentation,
    core: await load(prop(/\/core-properties$/, 'docProps/core.xml')),
    app: await load(prop(/\/extended-properties$/, 'docProps/app.xml')),
    custom: await load(prop(/\/custom-properties$/, 'docProps/custom.xml')),
    contentTypes: pkg.contentTypes,
    names: zip.names(),
    deckLang: read.deckLang.lang,
    deckLangBy: read.deckLang.by,
    langTags,
    draftKeys,
  };
}
