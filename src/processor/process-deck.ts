/**
 * processDeck: read a deck, judge every image-like object's ALT text, find the
 * best offline source for what is missing, and write a copy in which only the
 * changed XML parts differ (every other entry is copied with its compressed
 * bytes). The output appears atomically: temp file beside it, fsync, rename.
 */
import { resolve } from 'node:path';
import type { AltItem, AltPolicy, ProcessorResult } from '../shared/types';
import type { ApplyInstructions } from '../shared/review';
import { ERROR_MESSAGES } from '../shared/errors';
import { AbortedError, BadInputError, TempFailError, signedDeckResult, throwIfAborted } from './errors';
import { checkMagic } from './check-input';
import { tempPathFor, writeDeck } from './write-deck';
import type { Candidate } from './find-alt';
import { layoutAndMasterItems } from './layout-items';
import { cachePreviews, type PreviewBacklog } from './previews';
import { notesPartOf, bodyTxBody } from './deck/notes-read';
import { ZipReadError, ZipSource } from './zip/reader';
import { DeckFormatError, PartCache, readPackage, type DeckPackage } from './deck/package';
import { parseXml } from './xml/tree';
import { applySplices, type Splice } from './xml/splice';
import { appendNotesParagraphs, setDecorative, setDescr } from './deck/edit-alt';
import { createNotesPages } from './deck/notes-create';
import { draftKey, readRecord, recordEdits } from './deck/own-record';
import { dedupeSlide, settle, type Pending } from './decide';
import type { ImageDescriber } from './sources/types';
import { createDescribers, DescriberUnavailableError } from './describers';
import { applyDecisions } from './apply';
import { frame } from './lang';
import { readSlides } from './read-slides';
import { decideObject } from './decide-object';
import { buildCheckContext, mergeCheckSplices, runChecks } from './checker';
import { isTitleRule, TITLE_DRAFT } from './checker/titles';
import type { ModelApiKind } from './model/api';

export { AbortedError, BadInputError, TempFailError, tempPathFor, writeDeck };

export interface ProcessOptions {
  input: string;
  /** Output path; not needed in audit mode. */
  output?: string | null;
  policy?: AltPolicy;
  modelServer?: string | null;
  model?: string | null;
  /** auto (default) | ollama | openai: the model server's API. */
  modelApi?: ModelApiKind | null;
  /** The queue database (model cache and server slots); the engine passes <home>/altdeck.db. */
  modelCache?: string | null;
  /** Output language for generated text when a slide's is not known (BCP 47). */
  language?: string | null;
  /** Context line for the model, e.g. "medical school lecture"; none by default. */
  modelDomain?: string | null;
  /** Requests in flight at once to the model server, across processors (default 1). */
  modelConcurrency?: number | null;
  ocr?: boolean;
  notesLongDescriptions?: boolean;
  markDecorative?: boolean;
  /** Write a placeholder where nothing says what an image shows (it still counts as missing). */
  writePlaceholders?: boolean;
  includeSigned?: boolean;
  /**
   * Apply mode: write exactly these reviewed decisions (ALT text or decorative
   * flag per part#shapeId) into a copy of the original deck, nothing else (apply.ts).
   */
  apply?: ApplyInstructions | null;
  /** fsync the output before the rename (default true). Only bulk tests and benchmarks turn it off. */
  durable?: boolean;
  /** Describers to use instead of creating them from modelServer/ocr (tests, long-lived callers). */
  describers?: ImageDescriber[];
  /**
   * The home's preview cache (<home>/thumbnails): make each picture's report preview there
   * while the deck is open (previews.ts). The engine passes it to the built-in processor.
   */
  previews?: string | null;
  /** Only the first N pictures (in item order: what a large batch's report shows); all by default. */
  previewsPerDeck?: number | null;
  /** A persistent worker's: the previews are made after the deck is answered for (previews.ts). */
  previewBacklog?: PreviewBacklog;
}

export interface ProcessHooks {
  onProgress?(done: number, total: number, stage?: string): void;
  onLog?(level: 'info' | 'warn' | 'error', message: string): void;
  signal?: AbortSignal;
}

export async function processDeck(opts: ProcessOptions, hooks: ProcessHooks = {}): Promise<ProcessorResult> {
  // reviewed decisions are written by their own pipeline: nothing is judged or generated there
  if (opts.apply) return applyDecisions({ ...opts, apply: opts.apply }, hooks);
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
    // AltDeck's unreviewed drafts from an earlier run, as the deck records them (deck/own-record.ts)
    const record = await readRecord(parts);
    if (pkg.signed && !opts.includeSigned) {
      log('info', 'digitally signed deck: left as it is');
      return signedDeckResult(pkg.slides.length);
    }
    const warnings: string[] = [...pkg.warnings];
    if (pkg.signed) warnings.push('The deck was digitally signed; the signature is no longer valid in the output.');

    const slides = await readSlides(zip, parts, pkg, warnings, signal);
    const { roots, work, deckLang } = slides;

    // ---- the checker rules beyond ALT (issue 13), first: a link to a slide names the title it will have ----
    const checks = runChecks(await buildCheckContext(zip, parts, pkg, slides, record.keys), { fix: policy !== 'audit' });
    const newTitles = new Map(checks.findings.filter((f) => f.written && f.proposal && isTitleRule(f.rule)).map((f) => [f.part, f.proposal!] as const));
    const titleOf = slides.slideIndex.titleOf;
    slides.slideIndex.titleOf = (part: string) => newTitles.get(part) ?? titleOf(part);

    if (ownDescribers && (opts.modelServer || opts.ocr) && work.some((w) => w.mediaPart)) {
      try {
        describers = await createDescribers({
          modelServer: opts.modelServer,
          model: opts.model,
          modelApi: opts.modelApi,
          modelCache: opts.modelCache,
          language: opts.language,
          modelDomain: opts.modelDomain,
          modelConcurrency: opts.modelConcurrency,
          ocr: opts.ocr,
          onLog: (level, m) => log(level, m),
        });
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
    const pixelCache = new Map<string, { w: number; h: number } | undefined>();
    const mediaHashes = new Map<string, string | null>();
    const total = work.length;
    let done = 0;
    hooks.onProgress?.(0, total, 'describing');

    const pendings: Pending[] = [];
    for (const w of work) {
      throwIfAborted(signal);
      pendings.push(
        await decideObject(w, {
          policy,
          markDecorative: opts.markDecorative,
          record,
          slides,
          zip,
          parts,
          pkg,
          describers,
          describedMedia,
          pixelCache,
          mediaHashes,
          signal,
          log,
        }),
      );
      done++;
      hooks.onProgress?.(done, total);
    }

    // ---- one slide at a time: no shared texts, then the edits ----
    const bySlide = new Map<string, Pending[]>();
    for (const p of pendings) {
      if (!bySlide.has(p.w.part)) bySlide.set(p.w.part, []);
      bySlide.get(p.w.part)!.push(p);
    }
    for (const list of bySlide.values()) dedupeSlide(list);
    for (const p of pendings) {
      settle(p, { policy, writePlaceholders: !!opts.writePlaceholders, markDecorative: !!opts.markDecorative });
      items.push(p.item);
      const { w, item, edit } = p;
      if (!edit || policy === 'audit') continue;
      const root = roots.get(w.part)!;
      for (const c of [w.obj.cNvPr, ...w.obj.aliases]) addSplice(w.part, edit.kind === 'decorative' ? setDecorative(root, c) : setDescr(c, edit.text));
      if (edit.kind === 'descr' && item.longDescription && item.newAlt && opts.notesLongDescriptions) {
        const np = notesPartOf(pkg, w.part);
        const target = np ? notesAppend : notesCreate;
        const key = np ?? w.part;
        if (!target.has(key)) target.set(key, []);
        const kind = w.obj.kind;
        const noteKey = kind === 'chart' ? 'notes.long.chart' : kind === 'smartart' ? 'notes.long.diagram' : kind === 'table' ? 'notes.long.table' : 'notes.long.object';
        target.get(key)!.push(frame(p.lang, noteKey, { alt: item.newAlt.slice(0, 60), long: item.longDescription.replace(/\n/g, ' ') }));
      }
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
    // ---- the checker's fixes, spliced with the ALT edits (an overlapping one is dropped and says so) ----
    mergeCheckSplices(checks, splices);
    for (const [part, list] of checks.splices) for (const s of list) addSplice(part, s);
    warnings.push(...checks.warnings);

    // the record of the drafts this output holds: a re-run must not take them for a person's words
    if (policy !== 'audit') {
      const drafts = new Set<string>();
      for (const i of items) {
        const inDeck = i.status === 'written' ? i.newAlt : i.status === 'kept' && i.oldAltVerdict === 'altdeck' ? i.oldAlt : null;
        if (inDeck && (i.trust ?? 'none') !== 'person') drafts.add(draftKey(i.part, i.shapeId, inDeck));
      }
      // slide titles the checker wrote (or found from an earlier run) await review just the same
      for (const f of checks.findings) if (f.written && f.outcome === 'proposed' && f.proposal && isTitleRule(f.rule)) drafts.add(draftKey(f.part, TITLE_DRAFT, f.proposal));
      const edits = await recordEdits(parts, record, drafts, zip.entries.map((e) => e.name));
      if (edits) {
        for (const { part, splice } of edits.splices) addSplice(part, splice);
        created.added.push(...edits.added);
      }
    }
    for (const { part, splice } of created.splices) addSplice(part, splice);
    warnings.push(...created.warnings);


    const layoutItems = await layoutAndMasterItems(pkg, parts, zip, warnings, mediaHashes);

    const result: ProcessorResult = {
      ...baseResult,
      language: deckLang.lang,
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
      checks: checks.findings,
      checkedCounts: checks.checked,
    };
    if (opts.previews) {
      hooks.onProgress?.(total, total, 'previews');
      await cachePreviews(zip, [...items, ...layoutItems], opts.previews, mediaHashes, signal, opts.previewsPerDeck ?? Infinity, opts.previewBacklog);
    }
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
