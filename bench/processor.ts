/**
 * The built-in ALT-text processor: decks per second and MB/s over the shared
 * corpus (OCR off, and on when the OCR describer exists, within a time budget);
 * a generated 60-slide, 60-picture, ~50 MB deck against copying the file; and
 * peak memory (RSS) on a generated ~500 MB deck, streaming (ours) against JSZip.
 * Generated decks live in os.tmpdir()/altdeck-bench-processor and are reused.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, createReadStream, createWriteStream, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { deflateSync } from 'node:zlib';
import PptxGenJS from 'pptxgenjs';
import { processDeck } from '../src/processor/process-deck';
import { ZipSource } from '../src/processor/zip/reader';
import { ZipWriter } from '../src/processor/zip/writer';
import { metaOf } from '../src/processor/write-deck';
import { crc32 } from '../src/processor/zip/crc32';
import { CORPUS_DIR, corpusAvailable } from '../test/helpers/corpus';
import { makePng, pngChunk } from '../test/helpers/make-deck';
import { table, timeAsync } from './_table';

const DIR = join(tmpdir(), 'altdeck-bench-processor');
const MB = 1024 * 1024;

/** A valid PNG of random pixels: incompressible, like a photo, and fast to make (stored deflate blocks). */
function noisePng(side: number): Buffer {
  const row = side * 3 + 1;
  const raw = randomBytes(row * side);
  for (let y = 0; y < side; y++) raw[y * row] = 0;
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(side, 0);
  ihdr.writeUInt32BE(side, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk('IHDR', ihdr), pngChunk('IDAT', deflateSync(raw, { level: 0 })), pngChunk('IEND', Buffer.alloc(0))]);
}

/** 60 slides with a title and one picture each; media swapped for big noise PNGs, stored like PowerPoint stores pictures. */
async function generateDeck(path: string, totalMb: number): Promise<string> {
  if (existsSync(path)) return path;
  mkdirSync(DIR, { recursive: true });
  const pptx = new PptxGenJS();
  for (let s = 0; s < 60; s++) {
    const slide = pptx.addSlide();
    slide.addText(`Lecture ${s + 1}: histology of organ ${s + 1}`, { x: 0.5, y: 0.2, w: 9, h: 0.8, fontSize: 24, placeholder: 'title' } as PptxGenJS.TextPropsOptions);
    slide.addImage({ data: `image/png;base64,${makePng(16, 16, s + 1).toString('base64')}`, x: 1, y: 1.3, w: 6, h: 4 });
  }
  const small = join(DIR, 'small.pptx');
  writeFileSync(small, (await pptx.write({ outputType: 'nodebuffer', compression: true })) as Buffer);
  const side = Math.round(Math.sqrt((totalMb * MB) / 60 / 3));
  const zip = await ZipSource.open(small);
  const tmp = `${path}.part`;
  rmSync(tmp, { force: true });
  const w = new ZipWriter(tmp);
  for (const info of zip.entries) {
    const meta = metaOf(info.entry, info.rawName);
    if (/^ppt\/media\/.+\.png$/.test(info.name)) {
      const png = noisePng(side);
      await w.addRaw({ ...meta, method: 0, crc: crc32(png), compressedSize: png.length, uncompressedSize: png.length }, Readable.from([png]));
    } else await w.addRaw(meta, await zip.openRaw(info));
  }
  await w.finish();
  zip.close();
  const { renameSync } = await import('node:fs');
  renameSync(tmp, path);
  return path;
}

/** Peak RSS of a fresh process running one job (MB), and its wall time. */
function inChild(kind: 'stream' | 'jszip', input: string, output: string): { rssMb: number; ms: number } {
  const code =
    kind === 'stream'
      ? `const { processDeck } = require(${JSON.stringify(join(__dirname, '..', 'src', 'processor', 'process-deck'))});
         const t0 = Date.now();
         processDeck({ input: ${JSON.stringify(input)}, output: ${JSON.stringify(output)} }).then(() => {
           console.log(JSON.stringify({ rss: process.resourceUsage().maxRSS / 1024, ms: Date.now() - t0 }));
         });`
      : `const JSZip = require('jszip'); const fs = require('fs');
         const t0 = Date.now();
         JSZip.loadAsync(fs.readFileSync(${JSON.stringify(input)})).then((zip) =>
           new Promise((resolve, reject) => zip.generateNodeStream({ compression: 'DEFLATE', streamFiles: true })
             .pipe(fs.createWriteStream(${JSON.stringify(output)})).on('finish', resolve).on('error', reject)))
         .then(() => console.log(JSON.stringify({ rss: process.resourceUsage().maxRSS / 1024, ms: Date.now() - t0 })));`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', code], { cwd: join(__dirname, '..'), encoding: 'utf8', maxBuffer: 1 << 20 });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  try {
    const j = JSON.parse(line) as { rss: number; ms: number };
    return { rssMb: j.rss, ms: j.ms };
  } catch {
    throw new Error(`${kind} child failed: ${r.stderr.slice(-2000)}`);
  }
}

async function copyStream(a: string, b: string): Promise<void> {
  await pipeline(createReadStream(a), createWriteStream(b));
}

async function corpus(ocr: boolean, budgetMs: number): Promise<Record<string, string | number>> {
  const files = readdirSync(CORPUS_DIR)
    .filter((f) => !/\.(md|tsv)$/.test(f))
    .sort();
  const out = join(DIR, 'corpus-out');
  mkdirSync(out, { recursive: true });
  let decks = 0;
  // OCR starts a tesseract worker per deck: a time budget keeps the run short
  let bytes = 0;
  let refused = 0;
  let pictures = 0;
  const t0 = Date.now();
  for (const f of files) {
    if (Date.now() - t0 > budgetMs) break;
    const input = join(CORPUS_DIR, f);
    try {
      const r = await processDeck({ input, output: join(out, 'out.pptx'), ocr });
      pictures += r.objects;
    } catch {
      refused++;
    }
    rmSync(join(out, 'out.pptx'), { force: true });
    decks++;
    bytes += statSync(input).size;
  }
  const s = (Date.now() - t0) / 1000;
  return { run: `corpus, OCR ${ocr ? 'on' : 'off'}`, decks: `${decks}/${files.length}`, objects: pictures, refused, seconds: s, 'decks/s': decks / s, 'MB/s': bytes / MB / s };
}

async function main(): Promise<void> {
  mkdirSync(DIR, { recursive: true });
  const rows: Array<Record<string, string | number>> = [];
  if (corpusAvailable) {
    rows.push(await corpus(false, 60_000));
    if (existsSync(join(__dirname, '..', 'src', 'processor', 'sources', 'ocr.ts'))) rows.push(await corpus(true, 30_000));
  } else console.log('(shared corpus not found: corpus rows skipped)');
  table(rows);

  console.log('');
  const rows2: Array<Record<string, string | number>> = [];
  for (const [label, mb] of [
    ['60 slides, 60 pictures', 50],
    ['60 slides, 60 pictures', 500],
  ] as const) {
    const deck = await generateDeck(join(DIR, `deck-${mb}mb.pptx`), mb);
    const size = statSync(deck).size / MB;
    const out = join(DIR, `out-${mb}.pptx`);
    const copy = join(DIR, `copy-${mb}.pptx`);
    // warm the page cache so neither side pays for the first read
    await copyStream(deck, copy);
    const cp = await timeAsync(async () => copyFileSync(deck, copy));
    const sc = await timeAsync(() => copyStream(deck, copy));
    rmSync(out, { force: true });
    const proc = await timeAsync(() => processDeck({ input: deck, output: out }));
    rows2.push({
      deck: `${label}, ${size.toFixed(0)} MB`,
      'copyFile ms': cp.ms,
      'stream copy ms': sc.ms,
      'processor ms': proc.ms,
      'processor/stream copy': proc.ms / sc.ms,
      'MB/s': size / (proc.ms / 1000),
      written: proc.value.written,
    });
    rmSync(out, { force: true });
    rmSync(copy, { force: true });
  }
  table(rows2);

  console.log('');
  // JSZip on 500 MB takes over a minute (measured: ~620 MB RSS, ~68 s); opt in with ALTDECK_BENCH_JSZIP_500=1
  const rows3: Array<Record<string, string | number>> = [];
  const runs: Array<['stream' | 'jszip', number]> = [
    ['stream', 50],
    ['jszip', 50],
    ['stream', 500],
  ];
  if (process.env.ALTDECK_BENCH_JSZIP_500 === '1') runs.push(['jszip', 500]);
  for (const [kind, mb] of runs) {
    const deck = join(DIR, `deck-${mb}mb.pptx`);
    const out = join(DIR, `mem-${kind}.pptx`);
    rmSync(out, { force: true });
    const r = inChild(kind, deck, out);
    rows3.push({
      deck: `${(statSync(deck).size / MB).toFixed(0)} MB`,
      how: kind === 'stream' ? 'processor (raw copy of untouched entries)' : 'JSZip load + generate (DEFLATE)',
      'peak RSS MB': r.rssMb,
      seconds: r.ms / 1000,
      'output MB': statSync(out).size / MB,
    });
    rmSync(out, { force: true });
  }
  table(rows3);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
