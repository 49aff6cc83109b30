/**
 * Every file of the shared corpus, classified and audited, against expectations
 * derived from its INVENTORY.tsv / FEATURES.tsv / README.md (written by other tools:
 * python zipfile + ElementTree).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { preflightFile } from '../../src/core/preflight';
import type { PreflightResult } from '../../src/shared/types';
import { CORPUS_DIR, corpusSkip, readInventory } from '../helpers/corpus';

/**
 * Deliberate differences from INVENTORY's `pictures` column. INVENTORY counts every
 * p:pic in a slide; we count the richest branch of an mc:AlternateContent once. In
 * these decks the Choice holds a graphic frame (a chartex funnel, a 3D model, an
 * Office 2016 chart) and the Fallback a p:pic rendering of the same shape: that is
 * one object, counted as a graphic frame, not also as a picture.
 */
const PICTURE_DIFFERENCES: Record<string, number> = {
  'aspose__Funnel.pptx': 0,
  'oxsdk__3dtestdash.pptx': 0,
  'oxsdk__Of16-01.pptx': 0,
};

function features(): Map<string, Record<string, string>> {
  const [head, ...lines] = readFileSync(join(CORPUS_DIR, 'FEATURES.tsv'), 'utf8').trimEnd().split('\n');
  const cols = head.split('\t');
  return new Map(
    lines.map((l) => {
      const cells = l.split('\t');
      return [cells[0], Object.fromEntries(cols.map((c, i) => [c, cells[i] ?? '']))];
    }),
  );
}

function expectedCode(notes: string): string {
  if (notes.includes('ole2-encrypted-ooxml')) return 'ENCRYPTED';
  if (notes.includes('legacy-binary-ppt')) return 'LEGACY_PPT';
  if (notes.includes('empty-zip-archive')) return 'NOT_PPTX';
  // No end record (Divino_Revelado, one fuzz case) or a damaged central directory (three fuzz cases):
  // "incomplete or damaged", repairable in PowerPoint.
  if (notes.includes('zip-unreadable')) return 'TRUNCATED_ZIP';
  return 'OK';
}

test('every corpus file gets the verdict its inventory implies', { skip: corpusSkip }, async () => {
  const inventory = readInventory();
  const feats = features();
  const onDisk = readdirSync(CORPUS_DIR).filter((f) => !/\.(md|tsv)$/.test(f));
  assert.equal(onDisk.length, inventory.length, 'INVENTORY lists every file');
  assert.equal(inventory.length, 198);

  const results = new Map<string, PreflightResult>();
  for (const row of inventory) results.set(row.file, await preflightFile(join(CORPUS_DIR, row.file)));

  const tally: Record<string, number> = {};
  for (const row of inventory) {
    const r = results.get(row.file)!;
    const f = feats.get(row.file)!;
    tally[r.code] = (tally[r.code] ?? 0) + 1;
    assert.equal(r.code, expectedCode(row.notes), `${row.file}: ${JSON.stringify(r)}`);
    if (!r.ok) {
      assert.equal(r.size, row.bytes, row.file);
      continue;
    }
    const a = r.audit;
    assert.equal(r.size, row.bytes, row.file);
    assert.equal(String(a.slides), row.slides, `${row.file} slides`);
    assert.equal(a.pictures, PICTURE_DIFFERENCES[row.file] ?? Number(row.pictures), `${row.file} pictures`);
    assert.ok(a.picturesMissingAlt <= a.pictures, row.file);
    // No corpus picture carries a decorative flag, so a picture without any descr is always missing.
    const described = Number(row.pictures_with_nonempty_descr);
    assert.ok(a.picturesMissingAlt >= a.pictures - described, `${row.file} missing ALT ${a.picturesMissingAlt} of ${a.pictures}, ${described} described`);
    assert.equal(a.hiddenSlides, Number(f.hidden_slides), `${row.file} hidden`);
    assert.equal(a.signed, row.notes.includes('digital-signature'), `${row.file} signed`);
    assert.equal(a.signed, r.warnings.includes('digitally signed: AltDeck will leave it unchanged'), row.file);
    assert.equal(a.macroEnabled, /macroEnabled|vbaProject/.test(row.notes), `${row.file} macros`);
    assert.equal(f.strict === '1', r.warnings.some((w) => w.startsWith('strict OOXML')), `${row.file} strict`);
    assert.equal(row.notes.includes('EXT/CONTENT-TYPE MISMATCH'), r.warnings.some((w) => w.startsWith('content is a')), `${row.file} mismatch: ${r.warnings}`);
    if (Number(f.charts) > 0 || Number(f.smartart) > 0) assert.ok(a.graphicFrames > 0, `${row.file} frames`);
    assert.ok(a.uncompressedBytes > 0);
    // Odd but sound decks pass without complaint about their XML.
    assert.ok(!r.warnings.some((w) => /not well-formed|could not be read/.test(w)), `${row.file}: ${r.warnings}`);
  }
  assert.deepEqual(tally, { OK: 183, ENCRYPTED: 6, LEGACY_PPT: 3, NOT_PPTX: 1, TRUNCATED_ZIP: 5 });
});

test('named corpus edge cases', { skip: corpusSkip }, async () => {
  const pf = (name: string) => preflightFile(join(CORPUS_DIR, name));
  const keyframes = await pf('poi__keyframes.pptx');
  assert.ok(keyframes.ok && keyframes.warnings.includes('content is a macro-enabled deck (.pptm) but the name says .pptx'));
  const show = await pf('poi__stress022.pptx');
  assert.ok(show.ok && show.warnings.includes('content is a slideshow (.ppsx) but the name says .pptx'));
  const noSlides = await pf('pandoc__reference-no-slides.pptx');
  assert.ok(noSlides.ok && noSlides.audit.slides === 0);
  const hidden = await pf('shapecrawler__031.pptx');
  assert.ok(hidden.ok && hidden.audit.slides === 45 && hidden.audit.hiddenSlides === 45);
  // Three of its pictures carry descr="" (empty): missing, like no descr at all.
  const empty = await pf('poi__ececapstonespring2012.pptx');
  assert.ok(empty.ok && empty.audit.pictures === 3 && empty.audit.picturesMissingAlt === 3);
  const sampleShow = await pf('poi__SampleShow.ppt');
  assert.equal(sampleShow.code, 'LEGACY_PPT', 'an OLE2 .ppt with an embedded ZIP is still a legacy deck');
  const fuzz = await pf('poi__clusterfuzz-testcase-minimized-POIFuzzer-5205835528404992.pptx');
  assert.ok(!fuzz.ok && /central directory damaged at entry 6/.test(fuzz.detail ?? ''));
});
