/**
 * The first pass over one object (processDeck): judge its ALT, keep a person's,
 * see whether it looks decorative, and find the best candidate text. What is
 * written is settled later, slide by slide (decide.ts).
 */
import type { AltItem, AltPolicy } from '../shared/types';
import { findAlt, type Candidate, type Work } from './find-alt';
import type { ZipSource } from './zip/reader';
import type { DeckPackage, PartCache } from './deck/package';
import { draftKey, type DraftRecord } from './deck/own-record';
import { classifyAlt } from './judge/classify';
import { decorativeReason, isNoContent } from './judge/decorative';
import { buildContext, oleKind } from './sources/context';
import { isNavigation, linkAlt } from './sources/link';
import { evidenceOf, type Pending } from './decide';
import type { ImageDescriber } from './sources/types';
import { imageSize } from './sources/image-size';
import type { SlidesRead } from './read-slides';
import { attr } from './xml/tree';
import { mediaHashOf } from './media-hash';
import { slideOutline } from './outline';

/** Pixel size of a small picture (a 16-pixel spacer or bullet is a few hundred bytes); big ones are not read for this. */
async function smallImageSize(zip: ZipSource, part: string | null, cache: Map<string, { w: number; h: number } | undefined>) {
  if (!part) return undefined;
  if (cache.has(part)) return cache.get(part);
  const info = zip.get(part);
  let size: { w: number; h: number } | undefined;
  if (info && info.entry.uncompressedSize <= 64 * 1024) {
    try {
      size = imageSize(await zip.read(part, 64 * 1024)) ?? undefined;
    } catch {
      size = undefined;
    }
  }
  cache.set(part, size);
  return size;
}

export interface ObjectEnv {
  policy: AltPolicy;
  markDecorative?: boolean;
  record: DraftRecord;
  slides: SlidesRead;
  zip: ZipSource;
  parts: PartCache;
  pkg: DeckPackage;
  describers: ImageDescriber[];
  /** A picture used on several slides is described once. */
  describedMedia: Map<string, Candidate | null>;
  pixelCache: Map<string, { w: number; h: number } | undefined>;
  /** SHA-256 of each media part, hashed once per deck. */
  mediaHashes?: Map<string, string | null>;
  signal: AbortSignal | undefined;
  log: (level: 'info' | 'warn' | 'error', m: string) => void;
}

export async function decideObject(w: Work, env: ObjectEnv): Promise<Pending> {
  const { policy, record, zip, parts, pkg, describers, describedMedia, pixelCache, signal, log } = env;
  const { slideLangs, deckLang, slideIndex, mediaSlides, contentKey } = env.slides;
  const { obj } = w;
  let judged = classifyAlt(obj.descr);
  if (judged.verdict === 'person' && obj.descr && record.keys.has(draftKey(w.part, obj.shapeId, obj.descr)))
    judged = { verdict: 'altdeck', reason: 'AltDeck’s own earlier draft (recorded in the deck)', own: 'draft' };
  const lang = slideLangs.get(w.part) ?? deckLang.lang;
  const base = buildContext(w.slide, obj, w.texts, w.notes);
  // the title the slide will have in the output (a checker proposal, issue 13), so a re-run judges alike
  const ctx = { ...base, title: slideIndex.titleOf(w.part) ?? base.title, lang };
  const item: AltItem = {
    slide: w.slide,
    part: w.part,
    shapeId: obj.shapeId,
    shapeName: obj.shapeName,
    kind: obj.kind,
    mediaPart: w.mediaPart,
    mediaHash: await mediaHashOf(zip, w.mediaPart, env.mediaHashes ?? new Map()),
    oldAlt: obj.descr,
    oldAltVerdict: judged.verdict,
    newAlt: null,
    source: 'none',
    status: 'unresolved',
    needsReview: false,
    reviewReasons: [],
    decorative: obj.decorative,
    lang: ctx.lang,
    outline: slideOutline(obj.box, w.texts, pkg.slideSize),
  };
  const p: Pending = { w, item, judged, lang, deco: null, final: false, cand: null, edit: null, warnings: [] };
  if (judged.verdict === 'junk' && judged.reason) item.reviewReasons.push(`old ALT was junk (${judged.reason})`);
  if (judged.verdict === 'altdeck' && judged.reason) item.reviewReasons.push(`old ALT is ${judged.reason}`);
  if (obj.blipLinked) p.warnings.push('the picture is linked from outside the deck, not embedded');
  if (w.hidden) p.warnings.push('on a hidden slide');

  if (obj.decorative) {
    // a flag already in the deck is a person's decision (AltDeck's own flags are source 'decorative')
    item.status = 'decorative';
    item.source = 'person';
    p.final = true;
  } else if (judged.verdict === 'person' && policy !== 'overwrite') {
    item.status = 'kept';
    item.source = 'person';
    item.newAlt = obj.descr;
    if ((obj.descr ?? '').trim().length > 150) p.warnings.push('ALT text is longer than 150 characters');
    // a person's ALT in one mc:AlternateContent branch only (ink, equations: often the fallback) goes into every branch
    if (policy !== 'audit' && obj.descr && [obj.cNvPr, ...obj.aliases].some((c) => attr(c, 'descr') !== obj.descr)) {
      p.edit = { kind: 'descr', text: obj.descr };
    }
    p.final = true;
  } else {
    // a picture that is a link is functional: never decorative, its ALT says where it goes
    const functional = isNavigation(obj.link);
    const link = functional ? linkAlt(obj.link!, await parts.relsOf(w.part), slideIndex, lang) : null;
    if (functional) item.reviewReasons.push('the picture is a link (functional): never decorative');
    p.deco =
      !functional && (obj.kind === 'picture' || obj.kind === 'picture-fill')
        ? decorativeReason({
            box: obj.box,
            mediaPart: w.mediaPart,
            mediaSlideCount: w.mediaPart ? mediaSlides.get(contentKey(w.mediaPart))!.size : 0,
            slideCount: pkg.slides.length,
            slideSize: pkg.slideSize,
            textAbove: w.texts.filter((t) => t.z > obj.z).map((t) => t.box),
            pixels: await smallImageSize(zip, w.mediaPart, pixelCache),
            ink: obj.ink,
          })
        : null;
    if (p.deco && env.markDecorative) {
      item.status = 'decorative';
      item.source = 'decorative';
      item.decorative = true;
      item.needsReview = true;
      item.reviewReasons.push(`marked decorative: ${p.deco}`);
      p.edit = { kind: 'decorative' };
      p.final = true;
    } else if (!isNoContent(p.deco)) {
      // ink, lines, tiny fragments and backgrounds carry no content: no text is proposed for them
      p.cand = await findAlt(w, ctx, evidenceOf(judged, link), parts, zip, pkg, describers, describedMedia, signal, log);
      if (w.describerNotes) item.reviewReasons.push(...w.describerNotes);
    }
    if (obj.kind === 'ole' && !p.cand && !p.final) item.reviewReasons.push(`${oleKind(obj.oleProgId)}: say what it shows`);
  }
  return p;
}
