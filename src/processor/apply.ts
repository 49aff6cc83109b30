/**
 * Apply mode ("Apply approved", issue #5): a person approved, edited or marked
 * decorative some objects; write exactly those decisions into a copy of the
 * ORIGINAL deck. Nothing is judged or generated, no other ALT text is touched,
 * and every ZIP entry but the edited slides is copied as its raw bytes.
 */
import { resolve } from 'node:path';
import type { AltItem, ProcessorResult } from '../shared/types';
import type { ApplyInstructions } from '../shared/review';
import { ERROR_MESSAGES } from '../shared/errors';
import { BadInputError, signedDeckResult, throwIfAborted } from './errors';
import { checkMagic } from './check-input';
import { writeDeck } from './write-deck';
import { ZipReadError, ZipSource } from './zip/reader';
import { DeckFormatError, PartCache, readPackage, type DeckPackage } from './deck/package';
import type { Relationship } from './deck/opc';
import { parseXml, type XmlNode } from './xml/tree';
import { applySplices, type Splice } from './xml/splice';
import { stripXmlForbidden } from './xml/escape';
import { scanSlide } from './deck/slide-objects';
import { objectEdits, type ApplyAction } from './deck/apply-edits';
import { classifyAlt } from './judge/classify';
import { draftKey, readRecord, recordEdits } from './deck/own-record';
import type { ProcessHooks } from './process-deck';
import { readSlides } from './read-slides';
import { buildCheckContext, runChecks, type ChecksRun } from './checker';
import { undecidedItems } from './apply-undecided';

export const NONE_FOUND =
  'The deck changed since it was reviewed: none of the reviewed images were found. Process and review it again.';

export interface ApplyOptions {
  input: string;
  output?: string | null;
  apply: ApplyInstructions;
  includeSigned?: boolean;
  /** fsync the output before the rename (default true). */
  durable?: boolean;
}

/** A listed decision that was not written, and why (also in `warnings`). */
export interface NotApplied {
  part: string;
  shapeId: string;
  reason: string;
}

async function openDeck(input: string): Promise<{ zip: ZipSource; parts: PartCache; pkg: DeckPackage }> {
  checkMagic(input);
  let zip: ZipSource;
  try {
    zip = await ZipSource.open(input);
  } catch (e) {
    if (e instanceof ZipReadError) throw new BadInputError(e.kind === 'not-zip' ? ERROR_MESSAGES.NOT_ZIP : ERROR_MESSAGES.TRUNCATED_ZIP);
    throw e;
  }
  try {
    if (zip.entries.length === 0) throw new BadInputError('The file is an empty ZIP archive, not a PowerPoint deck. Check that it is the right file.');
    const parts = new PartCache(zip);
    try {
      return { zip, parts, pkg: await readPackage(zip, parts) };
    } catch (e) {
      if (e instanceof DeckFormatError) throw new BadInputError(e.sentence);
      if (e instanceof ZipReadError) throw new BadInputError(`The deck is damaged: ${e.message}. Open it in PowerPoint and save a new copy.`);
      throw e;
    }
  } catch (e) {
    zip.close();
    throw e;
  }
}

/** Decisions by part, then by shape id; a shape listed twice takes its last decision. */
function groupDecisions(apply: ApplyInstructions): Map<string, Map<string, ApplyAction | null>> {
  const byPart = new Map<string, Map<string, ApplyAction | null>>();
  for (const it of apply.items) {
    // OPC part names are written with a leading slash in [Content_Types].xml; ZIP names have none
    const part = it.part.replace(/^\/+/, '');
    if (!byPart.has(part)) byPart.set(part, new Map());
    const text = it.text ?? '';
    // a `set` without words is no decision: writing it would erase the ALT text
    const action: ApplyAction | null = it.action === 'decorative' ? { action: 'decorative' } : stripXmlForbidden(text).trim() ? { action: 'set', text } : null;
    const shapes = byPart.get(part)!;
    shapes.delete(it.shapeId);
    shapes.set(it.shapeId, action);
  }
  return byPart;
}

export async function applyDecisions(opts: ApplyOptions, hooks: ProcessHooks = {}): Promise<ProcessorResult> {
  const signal = hooks.signal;
  const log = (level: 'info' | 'warn' | 'error', m: string) => hooks.onLog?.(level, m);
  if (!opts.output) throw new Error('applyDecisions: output path required');
  if (resolve(opts.output) === resolve(opts.input)) {
    throw new BadInputError('The output would replace the original deck, which AltDeck never changes. Choose another output folder.');
  }
  throwIfAborted(signal);
  const { zip, parts, pkg } = await openDeck(opts.input);
  try {
    if (pkg.signed && !opts.includeSigned) {
      log('info', 'digitally signed deck: left as it is');
      return signedDeckResult(pkg.slides.length);
    }
    const warnings: string[] = [...pkg.warnings];
    if (pkg.signed) warnings.push('The deck was digitally signed; the signature is no longer valid in the output.');

    const decisions = groupDecisions(opts.apply);
    const total = [...decisions.values()].reduce((n, m) => n + m.size, 0);
    const slideNumber = new Map(pkg.slides.map((s) => [s.part, s.number]));
    const items: AltItem[] = [];
    const notApplied: NotApplied[] = [];
    const splices = new Map<string, Splice[]>();
    let found = 0;
    let done = 0;
    hooks.onProgress?.(0, total, 'applying');
    const skip = (part: string, shapeId: string, reason: string) => {
      notApplied.push({ part, shapeId, reason });
      const w = `approved decision for ${part}#${shapeId} ${reason}: not applied`;
      warnings.push(w);
      log('warn', w);
    };

    for (const [part, shapes] of decisions) {
      throwIfAborted(signal);
      // Review lists the objects of the deck's slides only (layouts and masters are never changed)
      const slide = slideNumber.get(part);
      let root: XmlNode | null = null;
      let xml: string | null = null;
      let unreadable: string | null = null;
      if (slide !== undefined) {
        try {
          xml = await parts.xml(part);
          root = parseXml(xml ?? '');
        } catch (e) {
          unreadable = (e as Error).message;
        }
      }
      const objects = root && xml !== null ? scanSlide(xml, root).objects : [];
      const rels = root ? await parts.relsOf(part) : new Map<string, Relationship>();
      const editable = parts.utf8.get(part) !== false;
      for (const [shapeId, decision] of shapes) {
        const matches = objects.filter((o) => o.shapeId === shapeId);
        if (slide === undefined) skip(part, shapeId, 'matches no object in this deck (no such slide)');
        else if (unreadable !== null) skip(part, shapeId, `matches no object in this deck (the slide cannot be read: ${unreadable})`);
        else if (!matches.length) skip(part, shapeId, 'matches no object in this deck');
        else {
          found++;
          if (!decision) skip(part, shapeId, 'has no text');
          else if (!editable) skip(part, shapeId, 'is on a slide that is not UTF-8 (left unchanged)');
          else {
            for (const obj of matches) {
              const edits = objectEdits(root!, obj, decision);
              if (edits.length) splices.set(part, [...(splices.get(part) ?? []), ...edits]);
              const judged = classifyAlt(obj.descr);
              const rel = obj.blipRid ? rels.get(obj.blipRid) : undefined;
              const item: AltItem = {
                slide: slide!,
                part,
                shapeId,
                shapeName: obj.shapeName,
                kind: obj.kind,
                mediaPart: rel && !rel.external && rel.part && zip.has(rel.part) ? rel.part : null,
                oldAlt: obj.descr,
                oldAltVerdict: judged.verdict,
                newAlt: decision.action === 'set' ? stripXmlForbidden(decision.text) : null,
                source: 'person',
                trust: 'person',
                status: decision.action === 'set' ? 'written' : 'decorative',
                needsReview: false,
                reviewReasons: [],
                decorative: decision.action === 'decorative',
              };
              if (matches.length > 1) item.warnings = [`${matches.length} objects on this slide share the id ${shapeId}: the decision was written to each`];
              items.push(item);
            }
          }
        }
        done++;
        hooks.onProgress?.(done, total);
      }
    }
    if (total > 0 && found === 0) throw new BadInputError(NONE_FOUND);
    if (total === 0 && !opts.apply.checks) warnings.push('no approved decisions were given: the output is a copy of the original');

    // a deck that was itself AltDeck's output records its drafts: the decided ones are a person's now
    const record = await readRecord(parts);
    // the images nobody decided, as the final deck holds them (it is the original plus the decisions)
    // (a decision that could not be applied leaves its image as the original holds it, too)
    // The checker (below) reads every slide anyway: the undecided images come from its scans.
    const read = opts.apply.checks ? await readSlides(zip, parts, pkg, warnings, signal) : null;
    const untouched = await undecidedItems(zip, parts, pkg, new Set(items.map((i) => `${i.part}#${i.shapeId}`)), record, read?.scans);
    if (record.keys.size) {
      const keep = new Set(record.keys);
      for (const i of items) if (i.oldAlt) keep.delete(draftKey(i.part, i.shapeId, i.oldAlt));
      const edits = await recordEdits(parts, record, keep, zip.entries.map((e) => e.name));
      for (const { part, splice } of edits?.splices ?? []) {
        if (!splices.has(part)) splices.set(part, []);
        splices.get(part)!.push(splice);
      }
    }
    // The checker (issue 13), when the file carries its decisions (the engine's always do; a file
    // without "checks" is written exactly as listed): safe fixes as in any run, proposals only
    // where a person approved them.
    let checks: ChecksRun | null = null;
    if (opts.apply.checks && read) {
      const decided = new Map(opts.apply.checks.map((c) => [c.key, { action: c.action, text: c.text ?? null }] as const));
      checks = runChecks(await buildCheckContext(zip, parts, pkg, read), { fix: true, decisions: decided }, splices);
      for (const [part, list] of checks.splices) splices.set(part, [...(splices.get(part) ?? []), ...list]);
      warnings.push(...checks.warnings);
    }

    const changed = new Map<string, Buffer>();
    for (const [part, list] of splices) changed.set(part, Buffer.from(applySplices(parts.text.get(part)!, list), 'utf8'));
    throwIfAborted(signal);
    hooks.onProgress?.(total, total, 'writing');
    await writeDeck(zip, opts.output, changed, signal, opts.durable ?? true);
    const all = [...items, ...untouched].sort((a, b) => a.slide - b.slide);
    return {
      slides: pkg.slides.length,
      objects: all.length,
      written: items.filter((i) => i.status === 'written').length,
      kept: untouched.filter((i) => i.status === 'kept').length,
      needsReview: untouched.filter((i) => i.needsReview).length,
      unresolved: untouched.filter((i) => i.status === 'unresolved').length,
      decorative: all.filter((i) => i.status === 'decorative').length,
      wroteOutput: true,
      items: all,
      warnings,
      notApplied,
      changedParts: [...changed.keys()],
      ...(checks ? { checks: checks.findings, checkedCounts: checks.checked } : {}),
    };
  } finally {
    zip.close();
  }
}
