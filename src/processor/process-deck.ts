/**
 * processDeck: read a deck, judge every image-like object's ALT text, find the
 * best offline source for what is missing, and write a copy in which only the
 * changed XML parts differ (every other entry is copied with its compressed
 * bytes). The output appears atomically: temp file beside it, fsync, rename.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { AltItem, AltPolicy, AltSource, ProcessorResult } from '../shared/types';
import type { ApplyInstructions } from '../shared/review';
import { ERROR_MESSAGES } from '../shared/errors';
import { ZipReadError, ZipSource } from './zip/reader';
import { stripZip64, ZipWriter, type EntryMeta } from './zip/writer';
import { DeckFormatError, PartCache, readPackage, type DeckPackage } from './deck/package';
import { contentTypeOf, REL } from './deck/opc';
import { parseXml, child, find, type XmlNode } from './xml/tree';
import { applySplices, type Splice } from './xml/splice';
import { scanSlide, paragraphsText, type SlideObject, type TextShape } from './deck/slide-objects';
import { appendNotesParagraphs, setDecorative, setDescr } from './deck/edit-alt';
import { createNotesPages } from './deck/notes-create';
import { classifyAlt } from './judge/classify';
import { finaliseAlt } from './judge/alt-rules';
import { decorativeReason } from './judge/decorative';
import { buildContext, contextAlt, findCaption, oleAlt } from './sources/context';
import { chartAlt, chartFacts } from './sources/chart';
import { smartArtAlt, smartArtNodes } from './sources/smartart';
import { tableAlt, tableFacts } from './sources/table';
import { contentTypeForImage, imageSize } from './sources/image-size';
import type { ImageDescriber, SlideContext } from './sources/types';
import { createDescribers, DescriberUnavailableError } from './describers';

export interface ProcessOptions {
  input: string;
  /** Output path; not needed in audit mode. */
  output?: string | null;
  policy?: AltPolicy;
  modelServer?: string | null;
  model?: string | null;
  ocr?: boolean;
  notesLongDescriptions?: boolean;
  markDecorative?: boolean;
  includeSigned?: boolean;
  /**
   * Apply mode: write exactly these reviewed decisions (ALT text or decorative
   * flag per part#shapeId) into a copy of the original deck, nothing else.
   */
  apply?: ApplyInstructions | null;
  /** fsync the output before the rename (default true). Only bulk tests and benchmarks turn it off. */
  durable?: boolean;
  /** Describers to use instead of creating them from modelServer/ocr (tests, long-lived callers). */
  describers?: ImageDescriber[];
}

export interface ProcessHooks {
  onProgress?(done: number, total: number, stage?: string): void;
  onLog?(level: 'info' | 'warn' | 'error', message: string): void;
  signal?: AbortSignal;
}

/** Exit 65: the input is bad, retrying cannot help. */
export class BadInputError extends Error {
  readonly exitCode = 65;
  constructor(message: string) {
    super(message);
  }
}

/** Exit 75: try again later (model server busy, disk full). */
export class TempFailError extends Error {
  readonly exitCode = 75;
  constructor(message: string) {
    super(message);
  }
}

export class AbortedError extends Error {
  constructor() {
    super('processing was stopped');
  }
}

const MAX_IMAGE_FOR_DESCRIBERS = 40 * 1024 * 1024;

export function tempPathFor(output: string): string {
  return join(dirname(output), `.${basename(output)}.altdeck-tmp-${process.pid}`);
}

function checkMagic(path: string): void {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new BadInputError(ERROR_MESSAGES.NOT_FOUND);
    if (code === 'EISDIR') throw new BadInputError(ERROR_MESSAGES.NOT_A_FILE);
    if (code === 'EACCES' || code === 'EPERM') throw new BadInputError(ERROR_MESSAGES.NOT_READABLE);
    throw e;
  }
  try {
    const head = Buffer.alloc(8);
    const n = readSync(fd, head, 0, 8, 0);
    if (n === 0) throw new BadInputError(ERROR_MESSAGES.EMPTY_FILE);
    if (head.equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))) {
      throw new BadInputError(/\.(ppt|pps|pot)$/i.test(path) ? ERROR_MESSAGES.LEGACY_PPT : ERROR_MESSAGES.ENCRYPTED);
    }
    if (n < 4 || head.readUInt32LE(0) !== 0x04034b50) {
      if (head.readUInt32LE(0) === 0x06054b50) throw new BadInputError('The file is an empty ZIP archive, not a PowerPoint deck. Check that it is the right file.');
      throw new BadInputError(ERROR_MESSAGES.NOT_ZIP);
    }
  } finally {
    closeSync(fd);
  }
}

interface Work {
  slide: number;
  /** How many image-like objects share the slide. */
  siblings: number;
  part: string;
  obj: SlideObject;
  texts: TextShape[];
  notes: string | null;
  mediaPart: string | null;
}

interface Candidate {
  text: string;
  source: AltSource;
  reasons: string[];
  warnings: string[];
  long?: string | null;
}

function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new AbortedError();
}

export async function processDeck(opts: ProcessOptions, hooks: ProcessHooks = {}): Promise<ProcessorResult> {
  const policy: AltPolicy = opts.policy ?? 'preserve';
  const signal = hooks.signal;
  const log = (level: 'info' | 'warn' | 'error', m: string) => hooks.onLog?.(level, m);
  if (policy !== 'audit' && !opts.output) throw new Error('processDeck: output path required');
  if (opts.output && resolve(opts.output) === resolve(opts.input)) {
    throw new BadInputError('The output would replace the original deck, which AltDeck never changes. Choose another output folder.');
  }
  throwIfAborted(signal);
  checkMagic(opts.input);

  let zip: ZipSource;
  try {
    zip = await ZipSource.open(opts.input);
  } catch (e) {
    if (e instanceof ZipReadError) throw new BadInputError(e.kind === 'not-zip' ? ERROR_MESSAGES.NOT_ZIP : ERROR_MESSAGES.TRUNCATED_ZIP);
    throw e;
  }
  const ownDescribers = !opts.describers;
  let describers: ImageDescriber[] = opts.describers ?? [];
  try {
    if (zip.entries.length === 0) throw new BadInputError('The file is an empty ZIP archive, not a PowerPoint deck. Check that it is the right file.');
    const parts = new PartCache(zip);
    let pkg: DeckPackage;
    try {
      pkg = await readPackage(zip, parts);
    } catch (e) {
      if (e instanceof DeckFormatError) throw new BadInputError(e.sentence);
      if (e instanceof ZipReadError) throw new BadInputError(`The deck is damaged: ${e.message}. Open it in PowerPoint and save a new copy.`);
      throw e;
    }
    const baseResult = { slides: pkg.slides.length };
    if (pkg.signed && !opts.includeSigned) {
      log('info', 'digitally signed deck: left as it is');
      return {
        ...baseResult,
        objects: 0,
        written: 0,
        kept: 0,
        needsReview: 0,
        unresolved: 0,
        skipped: true,
        skipCode: 'SIGNED_DECK',
        skipReason: ERROR_MESSAGES.SIGNED_DECK,
        wroteOutput: false,
        items: [],
      };
    }
    const warnings: string[] = [...pkg.warnings];
    if (pkg.signed) warnings.push('The deck was digitally signed; the signature is no longer valid in the output.');

    // ---- read every slide ----
    const roots = new Map<string, XmlNode>();
    const work: Work[] = [];
    const mediaSlides = new Map<string, Set<number>>();
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
      const rels = await parts.relsOf(s.part);
      let notes: string | null = null;
      const notesRel = [...rels.values()].find((r) => REL.notesSlide.test(r.type) && r.part);
      if (notesRel?.part) notes = await notesText(parts, notesRel.part).catch(() => null);
      for (const obj of scan.objects) {
        const rel = obj.blipRid ? rels.get(obj.blipRid) : undefined;
        const mediaPart = rel && !rel.external && rel.part && zip.has(rel.part) ? rel.part : null;
        if (mediaPart) {
          if (!mediaSlides.has(mediaPart)) mediaSlides.set(mediaPart, new Set());
          mediaSlides.get(mediaPart)!.add(s.number);
        }
        work.push({ slide: s.number, siblings: scan.objects.length, part: s.part, obj, texts: scan.texts, notes, mediaPart });
      }
    }
    if (pkg.slides.length > 0 && unreadable === pkg.slides.length) {
      throw new BadInputError('None of the slides in this deck can be read (their XML is damaged). Open it in PowerPoint and save a new copy.');
    }

    const applyMap = new Map<string, { action: 'set' | 'decorative'; text?: string }>();
    for (const a of opts.apply?.items ?? []) applyMap.set(`${a.part}#${a.shapeId}`, { action: a.action, text: a.text });
    const applied = new Set<string>();
    if (!opts.apply && ownDescribers && (opts.modelServer || opts.ocr) && work.some((w) => w.mediaPart)) {
      try {
        describers = await createDescribers({ modelServer: opts.modelServer, model: opts.model, ocr: opts.ocr });
      } catch (e) {
        if (e instanceof DescriberUnavailableError) {
          if (e.temporary) throw new TempFailError(e.message);
          throw new BadInputError(e.message);
        }
        throw e;
      }
    }

    // ---- decide, object by object ----
    const splices = new Map<string, Splice[]>();
    const addSplice = (part: string, s: Splice) => {
      if (!splices.has(part)) splices.set(part, []);
      splices.get(part)!.push(s);
    };
    const notesAppend = new Map<string, string[]>();
    const notesCreate = new Map<string, string[]>();
    const items: AltItem[] = [];
    const describedMedia = new Map<string, Candidate | null>();
    const total = work.length;
    let done = 0;
    hooks.onProgress?.(0, total, 'describing');

    for (const w of work) {
      throwIfAborted(signal);
      const { obj } = w;
      const judged = classifyAlt(obj.descr);
      const ctx = buildContext(w.slide, obj, w.texts, w.notes);
      const item: AltItem = {
        slide: w.slide,
        part: w.part,
        shapeId: obj.shapeId,
        shapeName: obj.shapeName,
        kind: obj.kind,
        mediaPart: w.mediaPart,
        oldAlt: obj.descr,
        oldAltVerdict: judged.verdict,
        newAlt: null,
        source: 'none',
        status: 'unresolved',
        needsReview: false,
        reviewReasons: [],
        decorative: obj.decorative,
      };
      const itemWarnings: string[] = [];
      if (judged.verdict === 'junk' && judged.reason) item.reviewReasons.push(`old ALT was junk (${judged.reason})`);
      if (obj.blipLinked) itemWarnings.push('the picture is linked from outside the deck, not embedded');

      const decision = opts.apply ? applyMap.get(`${w.part}#${obj.shapeId}`) : undefined;
      if (opts.apply) {
        // apply mode: a person decided; nothing else is judged or generated
        const root = roots.get(w.part)!;
        if (decision) applied.add(`${w.part}#${obj.shapeId}`);
        if (decision?.action === 'set' && decision.text && decision.text.trim()) {
          item.newAlt = decision.text;
          item.source = 'person';
          item.status = policy === 'audit' ? 'proposed' : 'written';
          if (policy !== 'audit' && decision.text !== obj.descr) for (const c of [obj.cNvPr, ...obj.aliases]) addSplice(w.part, setDescr(c, decision.text));
        } else if (decision?.action === 'decorative') {
          item.status = 'decorative';
          item.source = 'decorative';
          item.decorative = true;
          if (policy !== 'audit' && !obj.decorative) for (const c of [obj.cNvPr, ...obj.aliases]) addSplice(w.part, setDecorative(root, c));
        } else {
          item.status = obj.decorative ? 'decorative' : judged.verdict === 'person' ? 'kept' : 'unresolved';
          item.source = obj.decorative ? 'decorative' : judged.verdict === 'person' ? 'person' : 'none';
          item.newAlt = judged.verdict === 'person' ? obj.descr : null;
          item.needsReview = !obj.decorative && judged.verdict !== 'person';
          if (item.needsReview) item.reviewReasons.push('no approved ALT text for this object');
        }
      } else if (obj.decorative) {
        item.status = 'decorative';
        item.source = 'decorative';
      } else if (judged.verdict === 'person' && policy !== 'overwrite') {
        item.status = 'kept';
        item.source = 'person';
        item.newAlt = obj.descr;
        if ((obj.descr ?? '').trim().length > 150) itemWarnings.push('ALT text is longer than 150 characters');
      } else {
        const root = roots.get(w.part)!;
        const deco =
          obj.kind === 'picture' || obj.kind === 'picture-fill'
            ? decorativeReason({
                box: obj.box,
                mediaPart: w.mediaPart,
                mediaSlideCount: w.mediaPart ? mediaSlides.get(w.mediaPart)!.size : 0,
                slideCount: pkg.slides.length,
                slideSize: pkg.slideSize,
                textAbove: w.texts.filter((t) => t.z > obj.z).map((t) => t.box),
              })
            : null;
        if (deco && opts.markDecorative) {
          item.status = 'decorative';
          item.source = 'decorative';
          item.decorative = true;
          item.needsReview = true;
          item.reviewReasons.push(`marked decorative: ${deco}`);
          if (policy !== 'audit') for (const c of [obj.cNvPr, ...obj.aliases]) addSplice(w.part, setDecorative(root, c));
        } else {
          const cand = await findAlt(w, ctx, judged.salvage ?? null, parts, zip, pkg, describers, describedMedia, signal, log);
          const personKept = judged.verdict === 'person' && (!cand || cand.source === 'context');
          if (personKept) {
            // overwrite policy, but nothing better than the slide's own words: a person's ALT stays
            item.status = 'kept';
            item.source = 'person';
            item.newAlt = obj.descr;
          } else if (cand) {
            item.newAlt = cand.text;
            item.source = cand.source;
            item.longDescription = cand.long ?? null;
            item.needsReview = cand.source !== 'person';
            item.reviewReasons.push(...cand.reasons);
            itemWarnings.push(...cand.warnings);
            item.status = policy === 'audit' ? 'proposed' : 'written';
            if (deco) {
              item.needsReview = true;
              item.reviewReasons.push(`may be decorative (${deco}): consider marking it decorative`);
            }
            if (policy !== 'audit') {
              for (const c of [obj.cNvPr, ...obj.aliases]) addSplice(w.part, setDescr(c, cand.text));
              if (cand.long && opts.notesLongDescriptions) {
                const np = notesPartOf(pkg, w.part);
                const target = np ? notesAppend : notesCreate;
                const key = np ?? w.part;
                if (!target.has(key)) target.set(key, []);
                target.get(key)!.push(`Description of ${obj.kind === 'chart' ? 'the chart' : obj.kind === 'smartart' ? 'the diagram' : 'the object'} “${cand.text.slice(0, 60)}”: ${cand.long.replace(/\n/g, ' ')}`);
              }
            }
          } else {
            item.status = deco ? 'decorative-candidate' : 'unresolved';
            item.needsReview = true;
            item.reviewReasons.push(deco ? `probably decorative (${deco}); no source could describe it` : 'no source could describe it: a person must write the ALT text');
          }
        }
      }
      if (itemWarnings.length) item.warnings = itemWarnings;
      items.push(item);
      done++;
      hooks.onProgress?.(done, total);
    }

    // ---- notes long descriptions (optional) ----
    for (const [np, lines] of notesAppend) {
      const xml = await parts.xml(np).catch(() => null);
      if (!xml) continue;
      try {
        const root = parseXml(xml);
        const body = bodyTxBody(root);
        const fresh = lines.filter((l) => !xml.includes(l.slice(0, 80).replace(/&/g, '&amp;').replace(/</g, '&lt;')));
        if (!body || !fresh.length) continue;
        const sp = appendNotesParagraphs(root, body, fresh);
        if (sp) addSplice(np, sp);
      } catch {
        warnings.push(`notes page ${np} could not be read; long descriptions are only in the report`);
      }
    }

    const created = await createNotesPages(notesCreate, pkg.presentationPart, zip.entries.map((e) => e.name), parts);
    for (const { part, splice } of created.splices) addSplice(part, splice);
    warnings.push(...created.warnings);

    for (const key of applyMap.keys()) if (!applied.has(key)) warnings.push(`approved decision for ${key} matches no object in this deck: not applied`);
    const layoutItems = await layoutAndMasterItems(pkg, parts, zip, warnings);

    const result: ProcessorResult = {
      ...baseResult,
      objects: items.length,
      written: items.filter((i) => i.status === 'written').length,
      kept: items.filter((i) => i.status === 'kept').length,
      needsReview: items.filter((i) => i.needsReview).length,
      unresolved: items.filter((i) => i.status === 'unresolved').length,
      decorative: items.filter((i) => i.status === 'decorative').length,
      decorativeCandidates: items.filter((i) => i.status === 'decorative-candidate' || i.reviewReasons.some((r) => r.startsWith('may be decorative'))).length,
      hiddenSlides: pkg.slides.filter((s) => s.hidden).length,
      wroteOutput: false,
      items,
      layoutItems,
      warnings,
    };
    if (policy === 'audit') return result;

    // ---- write ----
    const changed = new Map<string, Buffer>();
    for (const [part, list] of splices) {
      if (parts.utf8.get(part) === false) {
        warnings.push(`${part} is not UTF-8 and was left unchanged`);
        continue;
      }
      changed.set(part, Buffer.from(applySplices(parts.text.get(part)!, list), 'utf8'));
    }
    throwIfAborted(signal);
    hooks.onProgress?.(total, total, 'writing');
    await writeDeck(zip, opts.output!, changed, signal, opts.durable ?? true, created.added);
    result.wroteOutput = true;
    result.changedParts = [...changed.keys()];
    if (created.added.length) result.addedParts = created.added.map((a) => a.name);
    return result;
  } finally {
    if (ownDescribers) for (const d of describers) await d.close().catch(() => undefined);
    zip.close();
  }
}

/**
 * Pictures on the layouts and masters the slides use: reported so a reviewer
 * sees them, never changed (they repeat on every slide, usually decoration).
 */
async function layoutAndMasterItems(pkg: DeckPackage, parts: PartCache, zip: ZipSource, warnings: string[]): Promise<AltItem[]> {
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
      out.push({
        slide: 0,
        part,
        shapeId: obj.shapeId,
        shapeName: obj.shapeName,
        kind: obj.kind,
        mediaPart: rel?.part && zip.has(rel.part) ? rel.part : null,
        oldAlt: obj.descr,
        oldAltVerdict: judged.verdict,
        newAlt: judged.verdict === 'person' ? obj.descr : null,
        source: obj.decorative ? 'decorative' : judged.verdict === 'person' ? 'person' : 'none',
        status: obj.decorative ? 'decorative' : judged.verdict === 'person' ? 'kept' : 'decorative-candidate',
        needsReview: false,
        reviewReasons: obj.decorative || judged.verdict === 'person' ? [] : ['on a layout or master: repeated on every slide that uses it, usually decoration; not changed'],
        decorative: obj.decorative,
      });
    }
  }
  return out;
}

function notesPartOf(pkg: DeckPackage, slidePart: string): string | null {
  const rels = pkg.rels.get(slidePart);
  const r = rels ? [...rels.values()].find((x) => REL.notesSlide.test(x.type) && x.part) : undefined;
  return r?.part ?? null;
}

function bodyTxBody(root: XmlNode): XmlNode | null {
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

async function notesText(parts: PartCache, part: string): Promise<string | null> {
  const xml = await parts.xml(part);
  if (!xml) return null;
  const root = parseXml(xml);
  const body = bodyTxBody(root);
  const t = body ? paragraphsText(xml, body) : '';
  return t || null;
}

async function findAlt(
  w: Work,
  ctx: SlideContext,
  salvage: string | null,
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
  if (salvage) {
    const c = accept(salvage, 'person', ['kept the author’s words, removed the “image of” wording']);
    if (c) return c;
  }
  // Older PowerPoint had a Title and a Description box; screen readers read the
  // description. An author's title where the description is empty is their ALT.
  if (obj.title && classifyAlt(obj.title).verdict === 'person') {
    const c = accept(obj.title, 'person', ['copied from the shape’s alt-text title (screen readers read the description)']);
    if (c) return c;
  }
  const rels = await parts.relsOf(w.part);

  if (obj.kind === 'chart' && obj.chartRid) {
    const part = rels.get(obj.chartRid)?.part;
    const xml = part ? await parts.xml(part).catch(() => null) : null;
    if (xml) {
      try {
        const { alt, long } = chartAlt(chartFacts(xml));
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
        const { alt, long } = smartArtAlt(smartArtNodes(xml));
        const c = accept(alt, 'smartart', ['written from the diagram’s text'], long);
        if (c) return c;
      } catch (e) {
        log('warn', `diagram ${part} unreadable: ${(e as Error).message}`);
      }
    }
  }
  if (obj.kind === 'table' && obj.table) {
    const xml = parts.text.get(w.part)!;
    const c = accept(tableAlt(tableFacts(xml, obj.table)), 'table', ['written from the table’s header row']);
    if (c) return c;
  }
  if (obj.kind === 'ole') {
    const c = accept(oleAlt(obj.oleProgId, ctx), 'context', ['names the embedded object and the slide title: describe its content']);
    if (c) return c;
  }

  if (w.mediaPart && describers.length && (obj.kind === 'picture' || obj.kind === 'picture-fill' || obj.kind === 'video')) {
    // one description per picture per deck: a model takes up to a minute per picture on a CPU,
    // and the same logo or diagram repeated on many slides should read the same everywhere
    const key = w.mediaPart;
    if (cache.has(key)) {
      const hit = cache.get(key);
      if (hit) return { ...hit, warnings: [...hit.warnings] };
    } else {
      const entry = zip.get(w.mediaPart)!;
      let found: Candidate | null = null;
      if (entry.entry.uncompressedSize <= MAX_IMAGE_FOR_DESCRIBERS) {
        const bytes = await zip.read(w.mediaPart, MAX_IMAGE_FOR_DESCRIBERS);
        const size = imageSize(bytes);
        const image = {
          bytes,
          contentType: contentTypeForImage(w.mediaPart, contentTypeOf(pkg.contentTypes, w.mediaPart)),
          mediaPart: w.mediaPart,
          ...(size ? { widthPx: size.w, heightPx: size.h } : {}),
        };
        for (const d of describers) {
          throwIfAborted(signal);
          let desc;
          try {
            desc = await d.describe(image, ctx, signal);
          } catch (e) {
            if (signal?.aborted) throw new AbortedError();
            const err = e as { temporary?: boolean; message?: string };
            if (err.temporary) throw new TempFailError(`The vision model server did not answer: ${err.message}`);
            log('warn', `${d.name} could not describe ${w.mediaPart}: ${err.message ?? String(e)}`);
            continue;
          }
          if (!desc) continue;
          const reasons = [d.name === 'model' ? 'described by the vision model' : 'text read from the image (OCR)', ...desc.reasons];
          const c = accept(desc.text, desc.source, reasons);
          if (c) {
            found = c;
            break;
          }
        }
      }
      cache.set(key, found);
      if (found) return found;
    }
  }

  const caption = findCaption(obj, w.texts, w.siblings === 1);
  const c = contextAlt(obj.kind, ctx, caption);
  if (c) {
    const a = accept(c.text, 'context', c.reasons);
    if (a) return a;
    // a caption that fails the rules (e.g. it is the title again): fall back to the title wording
    if (caption) {
      const t = contextAlt(obj.kind, ctx, null);
      if (t) return accept(t.text, 'context', t.reasons);
    }
  }
  return null;
}

function metaOf(e: ZipSource['entries'][number]['entry'], rawName: Buffer): EntryMeta {
  const extra = Buffer.concat(
    (e.extraFields ?? []).filter((f) => f.id !== 0x0001).map((f) => {
      const h = Buffer.alloc(4);
      h.writeUInt16LE(f.id, 0);
      h.writeUInt16LE(f.data.length, 2);
      return Buffer.concat([h, f.data]);
    }),
  );
  const comment = (e as unknown as { fileComment?: Buffer | string }).fileComment;
  return {
    rawName,
    versionMadeBy: e.versionMadeBy,
    versionNeeded: e.versionNeededToExtract,
    flags: e.generalPurposeBitFlag,
    method: e.compressionMethod,
    time: e.lastModFileTime,
    date: e.lastModFileDate,
    crc: e.crc32,
    compressedSize: e.compressedSize,
    uncompressedSize: e.uncompressedSize,
    extra: stripZip64(extra),
    comment: Buffer.isBuffer(comment) ? comment : Buffer.from(comment ?? '', 'latin1'),
    internalAttrs: e.internalFileAttributes,
    externalAttrs: e.externalFileAttributes,
  };
}

/** Copy the archive with `changed` parts replaced, to a temp file renamed into place only when complete. */
export async function writeDeck(
  zip: ZipSource,
  output: string,
  changed: Map<string, Buffer>,
  signal?: AbortSignal,
  durable = true,
  added: Array<{ name: string; data: Buffer }> = [],
): Promise<void> {
  const tmp = tempPathFor(output);
  mkdirSync(dirname(output), { recursive: true });
  rmSync(tmp, { force: true });
  const writer = new ZipWriter(tmp);
  const onAbort = () => undefined;
  signal?.addEventListener('abort', onAbort);
  try {
    const order = [...zip.entries];
    const ct = order.findIndex((e) => e.name === '[Content_Types].xml');
    if (ct > 0) order.unshift(order.splice(ct, 1)[0]);
    for (const info of order) {
      throwIfAborted(signal);
      const meta = metaOf(info.entry, info.rawName);
      const first = zip.get(info.name) === info;
      const replacement = first ? changed.get(info.name) : undefined;
      if (replacement) await writer.addDeflated(meta, replacement);
      else await writer.addRaw(meta, await zip.openRaw(info), signal);
    }
    if (added.length) {
      // new parts take their time stamp and attributes from the presentation part
      const model = zip.get('ppt/presentation.xml') ?? zip.entries[0];
      const base = metaOf(model.entry, model.rawName);
      for (const a of added) {
        await writer.addDeflated({ ...base, rawName: Buffer.from(a.name, 'utf8'), flags: 0, extra: Buffer.alloc(0), comment: Buffer.alloc(0) }, a.data);
      }
    }
    await writer.finish();
    await holdForTests(signal);
    throwIfAborted(signal);
    if (durable) {
      const fd = openSync(tmp, 'r+');
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    }
    renameSync(tmp, output);
  } catch (e) {
    await writer.abort().catch(() => undefined);
    rmSync(tmp, { force: true });
    if (signal?.aborted) throw new AbortedError();
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC' || code === 'EDQUOT') throw new TempFailError('The output drive is full. Free some space and try again.');
    if (e instanceof ZipReadError) throw new BadInputError(`The deck is damaged (${e.message}). Open it in PowerPoint and save a new copy.`);
    throw e;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

/**
 * Test seam: with ALTDECK_TEST_HOLD_BEFORE_RENAME=1 the complete temp file waits
 * for a stop signal, so tests can prove a stop at the last moment leaves nothing.
 */
async function holdForTests(signal?: AbortSignal): Promise<void> {
  if (process.env.ALTDECK_TEST_HOLD_BEFORE_RENAME !== '1' || !signal) return;
  process.stdout.write(JSON.stringify({ type: 'log', level: 'info', message: 'holding before rename' }) + '\n');
  if (signal.aborted) return;
  await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

/** Size of a file, for benchmarks and reports. */
export function fileSize(path: string): number {
  return statSync(path).size;
}
