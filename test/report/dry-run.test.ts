/**
 * issue 14 §1: a dry run's reports say what it found. Real decks (generated, plus a
 * signed and a macro-enabled one, plus a broken file), a real engine and database,
 * the three report files as written; and the shared corpus, where the terminal and
 * the reports must agree (183 decks, 696 pictures, not "Images found 0").
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { makeDeck, makeDeckBuffer } from '../helpers/make-deck';
import { tempDir } from '../helpers/tmp';
import { silentLogger } from '../../src/core/log';
import { Engine } from '../../src/core/engine';
import { parseCsv } from '../../src/core/review/csv';
import { dryRunPlan, DRY_RUN_CSV_COLUMNS } from '../../src/core/report/dry-run';
import { DEFAULT_PER_DECK_MS, DEFAULT_PER_PICTURE_MS, OCR_PER_PICTURE_MS, estimateFromAudit } from '../../src/core/progress/estimate';
import { CORPUS_DIR, corpusSkip } from '../helpers/corpus';
import { runCli } from '../cli/run-cli';

async function withEntries(spec: Parameters<typeof makeDeckBuffer>[0], extra: Record<string, string | Buffer>): Promise<Buffer> {
  const zip = await JSZip.loadAsync(await makeDeckBuffer(spec));
  for (const [name, data] of Object.entries(extra)) zip.file(name, data);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

async function world(t: { after: (fn: () => void) => void }) {
  const root = tempDir(t);
  const inputs = join(root, 'decks');
  // 3 slides × 2 pictures, one with a person's ALT: 6 pictures, 5 missing.
  await makeDeck(join(inputs, 'anatomy', 'heart.pptx'), { slides: 3, picturesPerSlide: 2, alt: (i) => (i === 0 ? 'Cross-section of the heart showing the four chambers' : undefined) });
  await makeDeck(join(inputs, 'liver.pptx'), { slides: 2, picturesPerSlide: 1 });
  writeFileSync(join(inputs, 'signed.pptx'), await withEntries({ slides: 1, picturesPerSlide: 3 }, { '_xmlsignatures/sig1.xml': '<Signature/>' }));
  writeFileSync(join(inputs, 'macros.pptx'), await withEntries({ slides: 1, picturesPerSlide: 1 }, { 'ppt/vbaProject.bin': Buffer.alloc(64) }));
  writeFileSync(join(inputs, 'broken.pptx'), 'this is not a deck');
  const engine = Engine.open({ home: join(root, 'home'), logger: silentLogger });
  t.after(() => engine.close());
  return { root, inputs, engine };
}

test('dry-run reports (HTML, CSV, JSON) list every accepted deck\'s audit, what will be skipped and why, what was not accepted, and the estimate with its rates', async (t) => {
  const w = await world(t);
  const batch = await w.engine.createBatch({ inputs: [w.inputs], settings: { dryRun: true, workers: 2 } });
  const jobs = w.engine.listJobs(batch.id).jobs;
  const plan = dryRunPlan(w.engine.getBatch(batch.id)!, jobs);
  const heart = plan.accepted.find((d) => d.relPath.endsWith('heart.pptx'))!;
  assert.deepEqual([heart.audit.slides, heart.audit.pictures, heart.audit.picturesMissingAlt], [3, 6, 5]);
  assert.deepEqual(
    plan.willSkip.map((d) => [d.relPath, d.willSkip?.code]),
    [['signed.pptx', 'SIGNED_DECK']],
  );
  assert.match(plan.accepted.find((d) => d.relPath === 'macros.pptx')!.notes.join(' '), /Macro-enabled: the macros are copied unchanged/);
  assert.deepEqual(plan.rejected.map((r) => [r.relPath, r.code]), [['broken.pptx', 'NOT_ZIP']]);
  assert.deepEqual(plan.totals, { ...plan.totals, files: 5, accepted: 4, toProcess: 3, willSkip: 1, rejected: 1, slides: 3 + 2 + 1 + 1, pictures: 6 + 2 + 3 + 1, picturesMissingAlt: 5 + 2 + 3 + 1 });
  // The estimate covers the decks that will be processed (not the signed one), with the documented rates.
  assert.deepEqual(
    { ms: plan.estimate!.ms, perDeckMs: plan.estimate!.perDeckMs, perPictureMs: plan.estimate!.perPictureMs, workers: plan.estimate!.workers, decks: plan.estimate!.decks, pictures: plan.estimate!.pictures },
    { ms: estimateFromAudit({ decks: 3, pictures: 9 }, 2), perDeckMs: DEFAULT_PER_DECK_MS, perPictureMs: DEFAULT_PER_PICTURE_MS, workers: 2, decks: 3, pictures: 9 },
  );

  // HTML
  const html = readFileSync(await w.engine.writeReport(batch.id, 'html'), 'utf8');
  assert.doesNotMatch(html, /Images found|No images in this deck/);
  assert.match(html, /<h1>Dry run report<\/h1>/);
  assert.match(html, /<th scope="row">Pictures in accepted decks<\/th><td class="num">12<\/td>/);
  assert.match(html, /<th scope="row">Pictures missing meaningful ALT text<\/th><td class="num">11<\/td>/);
  assert.match(html, /<tr><th scope="row">anatomy\/heart\.pptx<\/th><td class="num">3<\/td><td class="num">6<\/td><td class="num">5<\/td>/);
  assert.match(html, /<th scope="row">signed\.pptx<\/th><td><code>SIGNED_DECK<\/code><\/td><td>The deck is digitally signed; changing it would break the signature, so the run will leave it as it is/);
  assert.match(html, /<th scope="row">broken\.pptx<\/th><td><code>NOT_ZIP<\/code><\/td><td>[^<]+\w/);
  assert.match(html, /400 ms per deck \+ 50 ms per picture, divided by 2 workers/);
  assert.match(html, /How long it will take/);
  assert.match(html, /Content-Security-Policy" content="default-src 'none'; style-src 'sha256-/);
  assert.doesNotMatch(html, /<script|https?:\/\//, 'self-contained, no script, no URL');

  // CSV: one row per file, then a total row with the estimate.
  const rows = parseCsv(readFileSync(await w.engine.writeReport(batch.id, 'csv'), 'utf8').replace(/^\uFEFF/, '')).filter((r) => r.length > 1);
  assert.deepEqual(rows[0], [...DRY_RUN_CSV_COLUMNS]);
  const byName = (n: string) => rows.find((r) => r[0].endsWith(n))!;
  const col = (n: (typeof DRY_RUN_CSV_COLUMNS)[number]) => DRY_RUN_CSV_COLUMNS.indexOf(n);
  assert.deepEqual([byName('heart.pptx')[col('Verdict')], byName('heart.pptx')[col('Slides')], byName('heart.pptx')[col('Pictures')], byName('heart.pptx')[col('Pictures missing ALT')]], ['Will be processed', '3', '6', '5']);
  assert.deepEqual([byName('signed.pptx')[col('Verdict')], byName('signed.pptx')[col('Code')]], ['Will be skipped', 'SIGNED_DECK']);
  assert.deepEqual([byName('broken.pptx')[col('Verdict')], byName('broken.pptx')[col('Code')]], ['Not accepted', 'NOT_ZIP']);
  assert.equal(byName('macros.pptx')[col('Macro-enabled')], 'yes');
  const total = rows[rows.length - 1];
  assert.equal(total[0], 'Total');
  assert.equal(total[col('Pictures')], '12');
  assert.match(total[col('Message')], /Estimated processing time: .* for 3 deck\(s\) and 9 picture\(s\)/);
  assert.equal(rows.length, 1 + 5 + 1);

  // JSON: the report/1 shape, pictures from the audit, plus the dry-run block.
  const json = JSON.parse(readFileSync(await w.engine.writeReport(batch.id, 'json'), 'utf8'));
  assert.equal(json.schema, 'altdeck-report/1');
  assert.equal(json.summary.pictures, 12);
  const jHeart = json.decks.find((d: { relPath: string }) => d.relPath.endsWith('heart.pptx'));
  assert.equal(jHeart.totals.pictures, 6);
  assert.equal(jHeart.audit.picturesMissingAlt, 5);
  assert.equal(json.decks.find((d: { relPath: string }) => d.relPath === 'signed.pptx').willSkip.code, 'SIGNED_DECK');
  assert.equal(json.dryRun.totals.willSkip, 1);
  assert.equal(json.dryRun.estimate.perDeckMs, DEFAULT_PER_DECK_MS);
  assert.equal(json.dryRun.estimate.ms, plan.estimate!.ms);
});

test('dry-run estimate: OCR raises the per-picture rate; a custom processor gets no made-up figure', async (t) => {
  const w = await world(t);
  const ocr = await w.engine.createBatch({ inputs: [w.inputs], settings: { dryRun: true, ocr: true } });
  const e = dryRunPlan(ocr, w.engine.listJobs(ocr.id).jobs).estimate!;
  assert.equal(e.perPictureMs, DEFAULT_PER_PICTURE_MS + OCR_PER_PICTURE_MS);
  assert.match(readFileSync(await w.engine.writeReport(ocr.id, 'html'), 'utf8'), /850 ms per picture \(with OCR\), divided by 1 worker/);
  const custom = await w.engine.createBatch({ inputs: [w.inputs], settings: { dryRun: true, processor: 'my-pipeline --fast' } });
  const plan = dryRunPlan(custom, w.engine.listJobs(custom.id).jobs);
  assert.equal(plan.estimate, null);
  assert.equal(plan.willSkip.length, 0, 'a custom processor decides for itself about signed decks');
  assert.match(readFileSync(await w.engine.writeReport(custom.id, 'html'), 'utf8'), /No estimate: the batch uses a custom processor/);
});

test('CLI dry run: the terminal and the three reports agree on decks, pictures, skips and the estimate', async (t) => {
  const w = await world(t);
  w.engine.close();
  const r = await runCli(['batch', w.inputs, '--dry-run', '--home', join(w.root, 'home'), '--json']);
  assert.equal(r.code, 1, 'a file not accepted makes the dry run exit 1');
  const s = JSON.parse(r.stdout);
  assert.equal(s.estimate.decks, 3);
  assert.equal(s.estimate.pictures, 9);
  const text = await runCli(['batch', w.inputs, '--dry-run', '--home', join(w.root, 'home')]);
  assert.match(text.stdout, /4 deck\(s\) accepted with 12 picture\(s\), 11 without meaningful ALT text\./);
  assert.match(text.stdout, /1 of them are digitally signed and will be left as they are \(SIGNED_DECK\)\./);
  assert.match(text.stdout, /Estimated processing time: .* \(400 ms per deck \+ 50 ms per picture/);
  assert.match(text.stdout, /REJECTED NOT_ZIP/);
  const json = JSON.parse(readFileSync(s.reports.json, 'utf8'));
  assert.equal(json.summary.pictures, 12);
  assert.equal(json.dryRun.estimate.ms, s.estimate.ms);
});

test('corpus dry run: reports count the pictures the audit found, deck by deck', { skip: corpusSkip }, async (t) => {
  const root = tempDir(t);
  const r = await runCli(['batch', CORPUS_DIR, '--dry-run', '--home', join(root, 'home'), '--json']);
  const s = JSON.parse(r.stdout);
  const accepted = s.items.filter((i: { code: string }) => i.code === 'OK');
  const pictures = accepted.reduce((n: number, i: { audit: { pictures: number } }) => n + i.audit.pictures, 0);
  assert.ok(accepted.length > 100 && pictures > 100, `${accepted.length} decks, ${pictures} pictures`);
  const json = JSON.parse(readFileSync(s.reports.json, 'utf8'));
  assert.equal(json.summary.pictures, pictures);
  assert.equal(json.dryRun.totals.accepted, accepted.length);
  const html = readFileSync(s.reports.html, 'utf8');
  assert.doesNotMatch(html, /No images in this deck|Images found/);
  assert.match(html, new RegExp(`<th scope="row">Pictures in accepted decks</th><td class="num">${pictures}</td>`));
  const csvRows = parseCsv(readFileSync(s.reports.csv, 'utf8').replace(/^\uFEFF/, '')).filter((row) => row.length > 1);
  assert.equal(csvRows.length, 1 + s.items.length + 1, 'header, one row per file, total');
  assert.ok(html.length < 1_000_000, `a dry-run page for the corpus stays small (${html.length} bytes)`);
});
