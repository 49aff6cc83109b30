import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createOcrDescriber, normaliseOcrText, ocrAltText } from '../../../src/processor/sources/ocr';
import { readImageSize } from '../../../src/processor/sources/image-header';
import { ocrLanguages } from '../../../src/processor/sources/ocr-models';
import { isGarbageLine, isInterfaceLine, keepLines } from '../../../src/processor/sources/ocr-text';
import type { ImageDescriber, SlideContext } from '../../../src/processor/sources/types';
import { REPO_ROOT } from '../../helpers/corpus';
import { tempDir } from '../../helpers/tmp';
import { encodeBmp, encodePng, renderText, type Gray } from './text-image';

const ctx: SlideContext = { slideNumber: 1, title: null, nearbyText: [], notes: null };
const input = (bytes: Buffer, contentType = 'image/png') => ({ bytes, contentType, mediaPart: 'ppt/media/image1.png' });

// One describer (one tesseract worker) for the tests that read text, as the
// processor does for a whole deck.
let ocr: ImageDescriber;
before(() => {
  ocr = createOcrDescriber();
});
after(() => ocr.close());

test('reads the words of a picture of text', async () => {
  assert.deepEqual(await ocr.available(), { ok: true });
  const png = encodePng(renderText(['KIDNEY NEPHRON', 'BLOOD FLOW']));
  const out = await ocr.describe(input(png), ctx);
  assert.ok(out, 'text was found');
  assert.match(out.text, /^Text in image: “.*”$/);
  for (const word of ['KIDNEY', 'NEPHRON', 'BLOOD', 'FLOW']) assert.ok(out.text.includes(word), `${word} in ${out.text}`);
  assert.equal(out.source, 'ocr');
  assert.equal(out.needsReview, true);
  assert.ok(out.confidence >= 0.6 && out.confidence <= 1, String(out.confidence));
  assert.match(out.reasons[0], /OCR \(eng, confidence \d+%\)/);
});

test('reads a BMP too, and one worker serves many pictures in turn', async () => {
  const pictures = [['RENAL ARTERY'], ['LIVER LOBULE'], ['HEART VALVES']];
  const results = await Promise.all(pictures.map((lines) => ocr.describe(input(encodeBmp(renderText(lines)), 'image/bmp'), ctx)));
  results.forEach((out, i) => {
    for (const word of pictures[i][0].split(' ')) assert.ok(out?.text.includes(word), `${word} in ${out?.text}`);
  });
});

test('long text is cut to 150 characters at a word', async () => {
  const lines = ['GLOMERULAR FILTRATION RATE', 'PROXIMAL TUBULE REABSORPTION', 'LOOP OF HENLE COUNTERCURRENT', 'DISTAL TUBULE SECRETION', 'COLLECTING DUCT WATER', 'RENIN ANGIOTENSIN SYSTEM'];
  const out = await ocr.describe(input(encodePng(renderText(lines, 4))), ctx);
  assert.ok(out);
  assert.ok(out.text.length <= 150, `${out.text.length}: ${out.text}`);
  assert.match(out.text, /^Text in image: “GLOMERULAR .*…”$/);
});

test('pictures too small to hold text, blank pictures and vector pictures give null', async () => {
  const small = encodePng(renderText(['HI'], 3, 5)); // 46×51
  assert.equal(await ocr.describe(input(small), ctx), null);
  const blank: Gray = { width: 400, height: 200, pixels: new Uint8Array(400 * 200).fill(255) };
  assert.equal(await ocr.describe(input(encodePng(blank)), ctx), null);
  const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600"><text>KIDNEY</text></svg>');
  assert.equal(await ocr.describe(input(svg, 'image/svg+xml'), ctx), null);
  // Numbers alone (a chart's axis) are not worth an ALT text.
  assert.equal(await ocr.describe(input(encodePng(renderText(['100 200 300', '150 250']))), ctx), null);
});

test('the size limits are options', async () => {
  const png = encodePng(renderText(['KIDNEY']));
  const { width, height } = readImageSize(png)!;
  for (const opts of [{ minWidth: width + 1 }, { minHeight: height + 1 }, { maxPixels: width * height - 1 }]) {
    const strict = createOcrDescriber(opts);
    try {
      assert.equal(await strict.describe(input(png), ctx), null, JSON.stringify(opts));
    } finally {
      await strict.close();
    }
  }
});

test('a reading over the time limit is abandoned: null, and the describer still answers', async () => {
  const png = encodePng(renderText(['KIDNEY NEPHRON']));
  const hasty = createOcrDescriber({ recognizeTimeoutMs: 1 });
  try {
    assert.deepEqual(await hasty.available(), { ok: true }); // the worker is up: only reading is timed
    assert.equal(await hasty.describe(input(png), ctx), null);
    assert.equal(await hasty.describe(input(png), ctx), null);
  } finally {
    await hasty.close();
  }
});

test('a damaged picture gives null and the worker carries on', async () => {
  const png = encodePng(renderText(['KIDNEY NEPHRON']));
  const broken = Buffer.from(png);
  broken.fill(0x5a, 60, broken.length - 12); // keep the header, ruin the pixels
  assert.equal(await ocr.describe(input(broken), ctx), null);
  const out = await ocr.describe(input(png), ctx);
  assert.ok(out?.text.includes('KIDNEY'), out?.text);
});

test('an abort stops the reading at once; the next picture gets a fresh worker', async () => {
  const d = createOcrDescriber();
  try {
    const png = encodePng(renderText(['KIDNEY NEPHRON']));
    await assert.rejects(d.describe(input(png), ctx, AbortSignal.abort()), { name: 'AbortError' });
    const ac = new AbortController();
    const p = d.describe(input(png), ctx, ac.signal);
    setTimeout(() => ac.abort(), 1);
    await assert.rejects(p, { name: 'AbortError' });
    const out = await d.describe(input(png), ctx);
    assert.ok(out?.text.includes('NEPHRON'), out?.text);
  } finally {
    await d.close();
  }
  await assert.rejects(d.describe(input(encodePng(renderText(['KIDNEY']))), ctx), /closed/);
});

test('a missing language model is reported by available(), in words', async () => {
  const d = createOcrDescriber({ langPath: '/nonexistent/tessdata' });
  const a = await d.available();
  assert.equal(a.ok, false);
  assert.match(!a.ok ? a.message : '', /^Text recognition \(OCR\) could not start: the English text model is missing from \/nonexistent\/tessdata\. .*turn OCR off in Settings\.$/);
  await d.close();
});

function runChild(t: { after: (fn: () => void) => void }, mode: string) {
  const cwd = tempDir(t, 'altdeck-ocr-offline-');
  const log = join(tempDir(t, 'altdeck-ocr-log-'), 'network.log');
  const r = spawnSync(
    process.execPath,
    [
      '--require',
      resolve(__dirname, 'no-network.cjs'),
      '--import',
      pathToFileURL(join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href,
      resolve(__dirname, 'ocr-child.ts'),
      mode,
    ],
    { cwd, env: { ...process.env, NO_NETWORK_LOG: log }, encoding: 'utf8', timeout: 180_000 },
  );
  const attempts = existsSync(log) ? readFileSync(log, 'utf8') : '';
  return { r, cwd, attempts };
}

test('OCR reaches for nothing on the network and writes nothing in the working folder', (t) => {
  const { r, cwd, attempts } = runChild(t, 'describe');
  assert.equal(r.status, 0, r.stderr);
  const { available, out, langs } = JSON.parse(r.stdout.trim().split('\n').pop()!);
  assert.deepEqual(available, { ok: true });
  // twelve more languages' models, each read from its installed package
  assert.deepEqual(langs, { de: 'deu+eng', fr: 'fra+eng', es: 'spa+eng', it: 'ita+eng', pt: 'por+eng', nl: 'nld+eng', pl: 'pol+eng', ja: 'jpn+eng', zh: 'chi_sim+eng', ko: 'kor+eng', ar: 'ara+eng', he: 'heb+eng' });
  assert.ok(out.text.includes('RENAL') && out.text.includes('KIDNEY'), out.text);
  // The guard was in place in the main thread and in tesseract's worker thread...
  assert.match(attempts, /^main guarded$/m);
  assert.match(attempts, /^worker guarded$/m);
  // ...and saw no attempt at all.
  assert.doesNotMatch(attempts, /fetch|connect|request|lookup/);
  // No cached copy of the model (tesseract's default is ./eng.traineddata).
  assert.deepEqual(readdirSync(cwd), []);
});

test('control: the guard does see a download tried inside tesseract\'s worker', (t) => {
  const { r, attempts } = runChild(t, 'control');
  assert.equal(r.status, 0, r.stderr);
  assert.match(attempts, /^worker fetch http:\/\/127\.0\.0\.1:9\/models\/eng\.traineddata/m);
});

test('normaliseOcrText drops speck lines and joins the rest', () => {
  assert.equal(normaliseOcrText('  KIDNEY \n|  —  ~\n\nNEPHRON\tLOOP  \n'), 'KIDNEY NEPHRON LOOP');
  assert.equal(normaliseOcrText('\n=\n'), '');
});

test('ocrAltText quotes the text in the slide’s language and fits 150 characters', () => {
  assert.equal(ocrAltText('Loop of Henle'), 'Text in image: “Loop of Henle”');
  assert.equal(ocrAltText('Henle-Schleife', 150, 'de'), 'Text im Bild: „Henle-Schleife“');
  assert.equal(ocrAltText('File Edit View', 150, 'fr', 'screenshot'), 'Capture d’écran\u00a0: «\u00a0File Edit View\u00a0»');
  assert.equal(ocrAltText('לולאת הנלה', 150, 'he'), 'טקסט בתמונה: "לולאת הנלה"');
  const long = ocrAltText('alpha '.repeat(40).trim());
  assert.ok(long.length <= 150, String(long.length));
  assert.match(long, /^Text in image: “(alpha )+alpha…”$/);
  for (const lang of ['ja', 'ar', 'ru'] as const) assert.ok(ocrAltText('alpha '.repeat(40).trim(), 150, lang).length <= 150, lang);
  const oneWord = ocrAltText('x'.repeat(300));
  assert.ok(oneWord.length <= 150);
});

test('the slide’s language picks the trained data: its own plus English; Russian has none on npm', async () => {
  assert.deepEqual(ocrLanguages('de'), ['deu', 'eng']);
  assert.deepEqual(ocrLanguages('zh'), ['chi_sim', 'eng']);
  assert.deepEqual(ocrLanguages('he'), ['heb', 'eng']);
  assert.deepEqual(ocrLanguages('ru'), ['eng']);
  assert.deepEqual(ocrLanguages(undefined), ['eng']);
  const png = encodePng(renderText(['NIERE UND HARNLEITER']));
  const out = await ocr.describe(input(png), { ...ctx, lang: 'de' });
  assert.ok(out, 'text was found');
  assert.match(out.text, /^Text im Bild: „NIERE UND HARNLEITER“$/);
  assert.match(out.reasons[0], /OCR \(deu\+eng, confidence/);
});

test('lines are gated by confidence; garbage and interface text are dropped; a screenshot says so', () => {
  assert.ok(isGarbageLine('| ~ — ='));
  assert.ok(isGarbageLine('i l I j ; .'));
  assert.ok(isGarbageLine('Tkgrn pfft xzv'));
  assert.ok(!isGarbageLine('Loop of Henle'));
  assert.ok(!isGarbageLine('Zellkern und Mitochondrien'));
  assert.ok(isInterfaceLine('File Edit View Insert Format Tools Help'));
  assert.ok(isInterfaceLine('Datei Bearbeiten Ansicht'));
  assert.ok(isInterfaceLine('10:42 AM'));
  assert.ok(!isInterfaceLine('Insert the catheter slowly'));
  const read = [
    { text: 'File Edit View Insert Format Tools Help', confidence: 90 },
    { text: 'OK Cancel', confidence: 88 },
    { text: 'Patient record: blood pressure 120/80', confidence: 91 },
    { text: 'wWw ~~ ll', confidence: 40 },
    { text: 'Allergies: none known', confidence: 55 },
  ];
  const kept = keepLines(read, 60, { width: 1920, height: 1080 });
  assert.equal(kept.text, 'Patient record: blood pressure 120/80');
  assert.equal(kept.kind, 'screenshot');
  assert.equal(Math.round(kept.confidence), 91);
  assert.equal(keepLines([{ text: 'Loop of Henle', confidence: 95 }], 60).kind, null);
  const page = Array.from({ length: 10 }, (_, i) => ({ text: `Line ${i} of a scanned handout with several words on it`, confidence: 85 }));
  assert.equal(keepLines(page, 60).kind, 'document');
});
