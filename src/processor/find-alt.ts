/**
 * The best offline source for one object's ALT text, in order: the author's own
 * words (an "image of" remainder, the alt-text title), where its link goes (a
 * functional picture), the deck's data (chart, SmartArt, table), the vision model,
 * then evidence in the deck (a real caption, the body of an Office auto-caption,
 * the words of the original file name) and OCR. Nothing else: where nothing says
 * what an image shows, there is no candidate and a person must write it.
 */
import type { AltSource } from '../shared/types';
import type { ZipSource } from './zip/reader';
import { contentTypeOf } from './deck/opc';
import type { DeckPackage, PartCache } from './deck/package';
import type { SlideObject, TextShape } from './deck/slide-objects';
import { classifyAlt } from './judge/classify';
import { finaliseAlt } from './judge/alt-rules';
import { captionAlt, findCaption } from './sources/context';
import { fileNameWords } from './sources/file-name';
import { chartAlt, chartFacts } from './sources/chart';
import { smartArtAlt, smartArtDiagram } from './sources/smartart';
import { tableAlt, tableFacts } from './sources/table';
import { contentTypeForImage, imageSize } from './sources/image-size';
import { DescriberSkip, type ImageDescriber, type SlideContext } from './sources/types';
import { AbortedError, TempFailError, throwIfAborted } from './errors';
import { frame, type Lang } from './lang';

export const MAX_IMAGE_FOR_DESCRIBERS = 40 * 1024 * 1024;

export interface Work {
  slide: number;
  hidden: boolean;
  /** How many image-like objects share the slide. */
  siblings: number;
  part: string;
  obj: SlideObject;
  texts: TextShape[];
  notes: string | null;
  mediaPart: string | null;
  /** Why a describer could not use the picture (e.g. an EMF with no renderer): for the report. */
  describerNotes?: string[];
}

/** What the deck itself says about the object, found before findAlt (process-deck.ts). */
export interface DeckEvidence {
  /** The author's words inside an "image of …" wrapper. */
  salvage?: string | null;
  /** An Office auto-caption's description, markers removed. */
  autoCaption?: string | null;
  /** Where the object's hyperlink goes, already framed ("Link to the slide “Anatomy”"). */
  link?: string | null;
}

export interface Candidate {
  text: string;
  source: AltSource;
  reasons: string[];
  warnings: string[];
  long?: string | null;
  /** The vision model judged the picture decorative: a proposal for the flag, no ALT. */
  decorative?: boolean;
}

/** A description of a video's poster frame says it is a video (the description itself is left as written). */
function videoAlt(text: string, lang: Lang | undefined): string {
  const t = frame(lang ?? 'en', 'video.described', { text });
  return t.length > 150 ? `${t.slice(0, 149).replace(/\s+\S*$/, '')}…` : t;
}

export async function findAlt(
  w: Work,
  ctx: SlideContext,
  evidence: DeckEvidence,
  parts: PartCache,
  zip: ZipSource,
  pkg: DeckPackage,
  describers: ImageDescriber[],
  cache: Map<string, Candidate | null>,
  signal: AbortSignal | undefined,
  log: (l: 'info' | 'warn' | 'error', m: string) => void,
): Promise<Candidate | null> {
  const { obj } = w;
  const title = ctx.title;
  const accept = (text: string | null | undefined, source: AltSource, reasons: string[], long?: string | null): Candidate | null => {
    const f = finaliseAlt(text, title);
    if (!f) return null;
    return { text: f.text, source, reasons, warnings: f.warnings, long: long ?? f.full ?? null };
  };

  // The author's own words inside an "image of …" wrapper beat any generator.
  if (evidence.salvage) {
    const c = accept(evidence.salvage, 'person', ['kept the author’s words, removed the “image of” wording']);
    if (c) return c;
  }
  // Older PowerPoint had a Title and a Description box; screen readers read the
  // description. An author's title where the description is empty is their ALT.
  if (obj.title && classifyAlt(obj.title).verdict === 'person') {
    const c = accept(obj.title, 'person', ['copied from the shape’s alt-text title (screen readers read the description)']);
    if (c) return c;
  }
  // a functional picture: what a reader needs is where the link goes (WCAG H30)
  if (evidence.link) {
    const c = accept(evidence.link, 'link', ['the picture is a link: the text says where it goes']);
    if (c) return c;
  }
  const rels = await parts.relsOf(w.part);

  if (obj.kind === 'chart' && obj.chartRid) {
    const part = rels.get(obj.chartRid)?.part;
    const xml = part ? await parts.xml(part).catch(() => null) : null;
    if (xml) {
      try {
        const { alt, long } = chartAlt(chartFacts(xml), ctx.lang);
        const c = accept(alt, 'chart', ['written from the chart’s data'], long);
        if (c) return c;
      } catch (e) {
        log('warn', `chart ${part} unreadable: ${(e as Error).message}`);
      }
    }
  }
  if (obj.kind === 'smartart' && obj.diagramDataRid) {
    const part = rels.get(obj.diagramDataRid)?.part;
    const xml = part ? await parts.xml(part).catch(() => null) : null;
    if (xml) {
      try {
        const { alt, long } = smartArtAlt(smartArtDiagram(xml), ctx.lang);
        const c = accept(alt, 'smartart', ['written from the diagram’s text'], long);
        if (c) return c;
      } catch (e) {
        log('warn', `diagram ${part} unreadable: ${(e as Error).message}`);
      }
    }
  }
  if (obj.kind === 'table' && obj.table) {
    const xml = parts.text.get(w.part)!;
    const t = tableAlt(tableFacts(xml, obj.table), ctx.lang);
    const c = accept(t.alt, 'table', ['written from the table’s size, header row and first rows'], t.long);
    if (c) return c;
  }
  const describable = !!w.mediaPart && (obj.kind === 'picture' || obj.kind === 'picture-fill' || obj.kind === 'video');
  const model = describable ? await describe('model') : null;
  if (model) return model;

  // evidence in the deck, best first
  const caption = findCaption(obj, w.texts, w.siblings === 1);
  if (caption) {
    const c = accept(captionAlt(obj.kind, caption, ctx.lang), 'caption', ['taken from the caption next to it']);
    if (c) return c;
  }
  if (evidence.autoCaption && obj.kind !== 'ole') {
    const c = accept(evidence.autoCaption, 'auto-caption', ['the description of Office’s automatic caption (its “generated” note removed): check it']);
    if (c) return c;
  }
  const named = fileNameWords(obj.descr, obj.title, obj.shapeName);
  if (named && obj.kind !== 'chart' && obj.kind !== 'table' && obj.kind !== 'smartart') {
    const c = accept(named, 'file-name', ['words from the picture’s original file name: check they say what it shows']);
    if (c) return c;
  }
  const ocr = describable ? await describe('ocr') : null;
  if (ocr) return ocr;
  return null;

  /** One description per picture per deck and describer: a model takes up to a minute per picture on a CPU,
   *  and the same logo or diagram repeated on many slides should read the same everywhere. */
  async function describe(kind: 'model' | 'ocr'): Promise<Candidate | null> {
    const ds = describers.filter((d) => d.name === kind);
    if (!ds.length || !w.mediaPart) return null;
    const key = `${kind}|${w.mediaPart}`;
    let found: Candidate | null = null;
    if (cache.has(key)) {
      const hit = cache.get(key);
      found = hit ? { ...hit, warnings: [...hit.warnings] } : null;
    } else {
      const entry = zip.get(w.mediaPart)!;
      if (entry.entry.uncompressedSize <= MAX_IMAGE_FOR_DESCRIBERS) {
        const bytes = await zip.read(w.mediaPart, MAX_IMAGE_FOR_DESCRIBERS);
        const size = imageSize(bytes);
        const image = {
          bytes,
          contentType: contentTypeForImage(w.mediaPart, contentTypeOf(pkg.contentTypes, w.mediaPart)),
          mediaPart: w.mediaPart,
          ...(size ? { widthPx: size.w, heightPx: size.h } : {}),
        };
        // the deck's evidence is a hint for the model, never its answer
        const hints = [findCaption(obj, w.texts, w.siblings === 1), evidence.autoCaption, fileNameWords(obj.descr, obj.title, obj.shapeName)].filter((x): x is string => !!x);
        const hinted: SlideContext = hints.length ? { ...ctx, evidence: [...(ctx.evidence ?? []), ...hints] } : ctx;
        for (const d of ds) {
          throwIfAborted(signal);
          let desc;
          try {
            desc = await d.describe(image, hinted, signal);
          } catch (e) {
            if (signal?.aborted) throw new AbortedError();
            if (e instanceof DescriberSkip) {
              (w.describerNotes ??= []).push(`${d.name === 'model' ? 'vision model' : 'OCR'}: ${e.reason}`);
              continue;
            }
            const err = e as { temporary?: boolean; message?: string };
            if (err.temporary) throw new TempFailError(`The vision model server did not answer: ${err.message}`);
            log('warn', `${d.name} could not describe ${w.mediaPart}: ${err.message ?? String(e)}`);
            continue;
          }
          if (!desc) continue;
          if (desc.decorative) {
            // a video is never decorative; for a picture this is a proposal a person confirms
            if (obj.kind === 'video') continue;
            found = { text: '', source: desc.source, reasons: desc.reasons, warnings: [], decorative: true };
            break;
          }
          const reasons = [d.name === 'model' ? 'described by the vision model' : 'text read from the image (OCR)', ...desc.reasons];
          const c = accept(desc.text, desc.source, reasons, desc.long);
          if (c) {
            found = c;
            break;
          }
        }
      }
      cache.set(key, found);
    }
    return found && obj.kind === 'video' ? { ...found, text: videoAlt(found.text, ctx.lang) } : found;
  }
}
