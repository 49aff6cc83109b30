/**
 * Text in a picture (a scanned handout, a labelled diagram, a screenshot), read by
 * tesseract.js entirely on this machine: the wasm core is `require`d from
 * node_modules/tesseract.js-core and the English model is read from the installed
 * @tesseract.js-data/eng package, with the cache off. With no `langPath`,
 * tesseract.js would download the model from a CDN and write a copy into the
 * working folder; neither may happen here.
 *
 * Also home of the tiny image-header reader (format sniffing, pixel size) that
 * both describers use to decide what a picture can be given to.
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Description, ImageDescriber, ImageInput, SlideContext } from './types';
import { keepLines, ocrAltText, TESSERACT_CODES, type OcrLine } from './ocr-text';
import type { Lang } from '../lang';

export { ocrAltText } from './ocr-text';

/* ---------- image headers (pure) ---------- */

export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'bmp' | 'tiff' | 'webp' | 'emf' | 'wmf' | 'svg';

/** The format from the file's first bytes (content types in decks are often wrong). */
export function sniffImageFormat(bytes: Uint8Array): ImageFormat | null {
  const b = bytes;
  const at = (i: number, ...v: number[]): boolean => v.every((x, k) => b[i + k] === x);
  const ascii = (i: number, s: string): boolean => at(i, ...[...s].map((c) => c.charCodeAt(0)));
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'png';
  if (at(0, 0xff, 0xd8, 0xff)) return 'jpeg';
  if (ascii(0, 'GIF87a') || ascii(0, 'GIF89a')) return 'gif';
  if (ascii(0, 'BM') && b.length >= 26) return 'bmp';
  if (at(0, 0x49, 0x49, 0x2a, 0x00) || at(0, 0x4d, 0x4d, 0x00, 0x2a)) return 'tiff';
  if (ascii(0, 'RIFF') && ascii(8, 'WEBP')) return 'webp';
  if (at(0, 0x01, 0x00, 0x00, 0x00) && ascii(40, ' EMF')) return 'emf';
  if (at(0, 0xd7, 0xcd, 0xc6, 0x9a) || at(0, 0x01, 0x00, 0x09, 0x00) || at(0, 0x02, 0x00, 0x09, 0x00)) return 'wmf';
  const head = Buffer.from(b.subarray(0, 1024)).toString('utf8').replace(/^\uFEFF/, '').trimStart();
  if ((head.startsWith('<?xml') || head.startsWith('<svg') || head.startsWith('<!--')) && head.includes('<svg')) return 'svg';
  return null;
}

export interface ImageSize {
  format: 'png' | 'jpeg' | 'gif' | 'bmp';
  width: number;
  height: number;
}

// JPEG frame headers: SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC).
const JPEG_SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

function jpegSize(b: Uint8Array): { width: number; height: number } | null {
  let i = 2;
  while (i + 3 < b.length) {
    if (b[i] !== 0xff) return null; // lost sync: not a marker where one must be
    let marker = b[i + 1];
    // Any number of 0xFF fill bytes may precede a marker.
    while (marker === 0xff && i + 2 < b.length) {
      i++;
      marker = b[i + 1];
    }
    i += 2;
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) continue; // no length
    if (marker === 0xd9 || marker === 0xda) return null; // end, or scan data before any frame header
    if (i + 1 >= b.length) return null;
    const len = (b[i] << 8) | b[i + 1];
    if (len < 2) return null;
    if (JPEG_SOF.has(marker)) {
      if (i + 6 >= b.length) return null;
      const height = (b[i + 3] << 8) | b[i + 4];
      const width = (b[i + 5] << 8) | b[i + 6];
      return width > 0 && height > 0 ? { width, height } : null;
    }
    // Segment-by-segment, never a byte scan: EXIF thumbnails inside APP1 carry
    // their own SOF markers with the thumbnail's size.
    i += len;
  }
  return null;
}

/**
 * Pixel size from the image header, or null when the header is not a PNG, JPEG,
 * GIF or BMP, or is truncated. JPEG EXIF rotation is not applied (OCR only needs
 * to know that the picture is big enough, either way round).
 */
export function readImageSize(bytes: Uint8Array): ImageSize | null {
  const b = bytes;
  const fmt = sniffImageFormat(b);
  const u16le = (i: number) => b[i] | (b[i + 1] << 8);
  const u32be = (i: number) => ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0;
  const i32le = (i: number) => b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24);
  let width = 0;
  let height = 0;
  switch (fmt) {
    case 'png':
      // IHDR must be the first chunk: 8-byte signature, length, "IHDR", width, height.
      if (b.length < 24 || String.fromCharCode(b[12], b[13], b[14], b[15]) !== 'IHDR') return null;
      width = u32be(16);
      height = u32be(20);
      break;
    case 'gif':
      if (b.length < 10) return null;
      width = u16le(6);
      height = u16le(8);
      break;
    case 'bmp': {
      const headerSize = i32le(14);
      if (headerSize === 12) {
        width = u16le(18);
        height = u16le(20);
      } else {
        width = i32le(18);
        height = Math.abs(i32le(22)); // negative height = rows stored top-down
      }
      break;
    }
    case 'jpeg': {
      const s = jpegSize(b);
      if (!s) return null;
      ({ width, height } = s);
      break;
    }
    default:
      return null;
  }
  if (!(width > 0 && height > 0)) return null;
  return { format: fmt, width, height };
}

/* ---------- the OCR describer ---------- */

export const ALT_MAX = 150;

/** Collapse OCR output to one line of words and drop lines that are only specks. */
export function normaliseOcrText(raw: string): string {
  return raw
    .split(/\r?\n/)
    .map((line) => line.replace(/\s+/g, ' ').trim())
    // A line with no letter or digit is noise from borders and bullets ("| — ~").
    .filter((line) => /[\p{L}\p{N}]/u.test(line))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export interface OcrOptions {
  /** Pictures smaller than this (pixels) cannot hold readable text: not read. */
  minWidth?: number;
  minHeight?: number;
  /**
   * One folder holding <code>.traineddata.gz for every language (tests); default: each
   * language's installed @tesseract.js-data/<code> package, its small integer model.
   */
  langPath?: string;
  /** Mean word confidence (0–100) of a line below which the line is thrown away. */
  minConfidence?: number;
  /** Fewer letters than this is not worth an ALT text (axis numbers alone say little). */
  minLetters?: number;
  /**
   * Skip pictures above this many pixels. Reading costs grow with the pixels and
   * with texture: a 1920×1080 photograph took 16 s of CPU here and held no text.
   * 4 MP keeps full-HD and 2560×1440 screenshots and leaves out camera photos.
   */
  maxPixels?: number;
  /** A reading that takes longer is abandoned (null) and the worker restarted. */
  recognizeTimeoutMs?: number;
}

// Formats the wasm build of leptonica decodes (PNG, BMP checked in the tests; JPEG
// and GIF on pictures from the corpus). TIFF is left out: no size from the header.
const OCR_FORMATS: ReadonlySet<ImageFormat> = new Set(['png', 'jpeg', 'gif', 'bmp']);

/** The folder of the installed English model: the small integer LSTM model when present. */
export function defaultLangPath(): string {
  return langDir('eng') ?? '';
}

/** The folder of an installed language model (the small integer LSTM model when present), or null. */
function langDir(code: string): string | null {
  const req = createRequire(__filename);
  let pkgDir: string;
  try {
    pkgDir = dirname(req.resolve(`@tesseract.js-data/${code}/package.json`));
  } catch {
    return null;
  }
  // The same model the CDN would serve for an LSTM-only worker, a quarter of the full one.
  const bestInt = join(pkgDir, '4.0.0_best_int');
  if (existsSync(join(bestInt, `${code}.traineddata.gz`))) return bestInt;
  const full = join(pkgDir, '4.0.0');
  return existsSync(join(full, `${code}.traineddata.gz`)) ? full : null;
}

/** The model file of a language in `dir`, or null. */
function modelFile(dir: string | null, code: string): string | null {
  if (!dir) return null;
  for (const f of [`${code}.traineddata.gz`, `${code}.traineddata`]) if (existsSync(join(dir, f))) return join(dir, f);
  return null;
}

/**
 * The models to read a slide in `lang` with: its own (where published) plus English,
 * which lecture slides mix in everywhere. Russian has no model on npm: English only.
 */
export function ocrLanguages(lang: Lang | undefined): string[] {
  const code = lang ? TESSERACT_CODES[lang] : 'eng';
  return code && code !== 'eng' ? [code, 'eng'] : ['eng'];
}

interface TesseractLine {
  text: string;
  confidence: number;
}
interface TesseractPage {
  text: string;
  confidence: number;
  blocks?: Array<{ paragraphs?: Array<{ lines?: TesseractLine[] }> }> | null;
}
interface TesseractWorker {
  recognize(image: Buffer, options?: Record<string, unknown>, output?: Record<string, boolean>): Promise<{ data: TesseractPage }>;
  terminate(): Promise<unknown>;
  worker?: { on(event: 'error', fn: (err: unknown) => void): void };
}

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

/** The page's lines with their confidence (falls back to the page's text when no layout came back). */
export function pageLines(page: TesseractPage): OcrLine[] {
  const lines = (page.blocks ?? []).flatMap((b) => (b.paragraphs ?? []).flatMap((p) => p.lines ?? []));
  if (lines.length) return lines.map((l) => ({ text: l.text ?? '', confidence: l.confidence }));
  return (page.text ?? '').split(/\r?\n/).map((text) => ({ text, confidence: page.confidence }));
}

// A deck is mostly in one language; two readers cover a bilingual one without
// starting a worker per picture.
const MAX_WORKERS = 2;

export function createOcrDescriber(options: OcrOptions = {}): ImageDescriber {
  const minWidth = options.minWidth ?? 200;
  const minHeight = options.minHeight ?? 60;
  const minConfidence = options.minConfidence ?? 60;
  const minLetters = options.minLetters ?? 4;
  const maxPixels = options.maxPixels ?? 4_000_000;
  const recognizeTimeoutMs = options.recognizeTimeoutMs ?? 30_000;

  /** Workers by their languages ("deu+eng"), least recently used first. */
  const workers = new Map<string, Promise<TesseractWorker>>();
  let closed = false;

  const dirOf = (code: string): string | null => (options.langPath !== undefined ? options.langPath : langDir(code));

  async function startWorker(codes: string[]): Promise<TesseractWorker> {
    // tesseract.js reads every model from one folder: each language's model is in
    // its own package, so a private folder of links to them is made for the start
    // and removed once the models are loaded. Nothing is fetched, no cache is read
    // or written, nothing lands in the working folder.
    const files: Array<[string, string]> = [];
    for (const code of codes) {
      const file = modelFile(dirOf(code), code);
      if (file) files.push([code, file]);
      else if (code === 'eng') throw new Error(`the English text model is missing from ${dirOf(code) ?? 'node_modules/@tesseract.js-data/eng'}`);
    }
    const dir = mkdtempSync(join(tmpdir(), 'altdeck-ocr-'));
    try {
      for (const [code, file] of files) {
        // tesseract.js tells gzip by its magic bytes; the name only has to match
        const target = join(dir, `${code}.traineddata.gz`);
        try {
          symlinkSync(file, target);
        } catch {
          copyFileSync(file, target); // Windows without the right to make links
        }
      }
      // Loaded lazily: the header reader above is used without ever starting OCR.
      const mod = (await import('tesseract.js')) as unknown as { createWorker?: Function; default?: { createWorker: Function } };
      const createWorker = (mod.createWorker ?? mod.default?.createWorker) as (
        langs: string,
        oem: number,
        opts: Record<string, unknown>,
      ) => Promise<TesseractWorker>;
      return await createWorker(files.map(([c]) => c).join('+'), 1 /* OEM.LSTM_ONLY */, {
        langPath: dir,
        gzip: true,
        cacheMethod: 'none', // never read or write a model copy in the working folder
        logger: () => {},
        // Without a handler tesseract.js rethrows a failed job inside its message
        // listener, which would take the whole processor down; the job's own promise
        // still rejects and is handled below.
        errorHandler: () => {},
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  function getWorker(codes: string[]): Promise<TesseractWorker> {
    if (closed) return Promise.reject(new Error('the OCR describer is closed'));
    const key = codes.join('+');
    const have = workers.get(key);
    if (have) {
      workers.delete(key);
      workers.set(key, have); // most recently used last
      return have;
    }
    while (workers.size >= MAX_WORKERS) {
      const [oldKey] = workers.keys();
      void stopWorker(oldKey);
    }
    const p = startWorker(codes);
    workers.set(key, p);
    p.then(
      (w) =>
        // A crashed worker thread emits 'error'; unheard, node would end the
        // whole processor. Forget it: the next picture starts a new one.
        w.worker?.on('error', () => {
          if (workers.get(key) === p) workers.delete(key);
        }),
      () => {
        if (workers.get(key) === p) workers.delete(key);
      },
    );
    return p;
  }

  async function stopWorker(key: string): Promise<void> {
    const p = workers.get(key);
    workers.delete(key);
    if (p) await p.then((w) => w.terminate()).catch(() => {});
  }

  return {
    name: 'ocr',

    async available() {
      try {
        await getWorker(['eng']);
        return { ok: true };
      } catch (e) {
        return {
          ok: false,
          message: `Text recognition (OCR) could not start: ${(e as Error)?.message ?? String(e)}. Reinstall AltDeck or turn OCR off in Settings.`,
        };
      }
    },

    async describe(image: ImageInput, ctx: SlideContext, signal?: AbortSignal): Promise<Description | null> {
      if (signal?.aborted) throw abortError(signal);
      const format = sniffImageFormat(image.bytes);
      if (!format || !OCR_FORMATS.has(format)) return null;
      const size = readImageSize(image.bytes);
      const width = size?.width ?? image.widthPx;
      const height = size?.height ?? image.heightPx;
      if (width === undefined || height === undefined) return null;
      if (width < minWidth || height < minHeight || width * height > maxPixels) return null;

      const codes = ocrLanguages(ctx.lang);
      const key = codes.join('+');
      const worker = await getWorker(codes);
      // Starting the worker takes a while: the caller may have given up meanwhile.
      if (signal?.aborted) throw abortError(signal);
      let timer: NodeJS.Timeout | undefined;
      let onAbort: (() => void) | undefined;
      // tesseract cannot cancel one reading: on abort or timeout the worker is
      // terminated (and started afresh for the next picture).
      const stop = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`reading the text took longer than ${recognizeTimeoutMs} ms`)), recognizeTimeoutMs);
        if (signal) {
          onAbort = () => reject(abortError(signal));
          signal.addEventListener('abort', onAbort, { once: true });
        }
      });
      let page: TesseractPage;
      try {
        const job = worker.recognize(image.bytes, {}, { text: true, blocks: true });
        job.catch(() => {}); // settled late, after a timeout or abort: nobody listens any more
        page = (await Promise.race([job, stop])).data;
      } catch (e) {
        if (signal?.aborted) {
          await stopWorker(key);
          throw e;
        }
        if (e instanceof Error && e.message.startsWith('reading the text took longer')) await stopWorker(key);
        // A picture leptonica cannot decode, or a reading that failed: no OCR text
        // for this picture, the other sources still apply.
        return null;
      } finally {
        clearTimeout(timer);
        if (onAbort) signal?.removeEventListener('abort', onAbort);
      }

      const kept = keepLines(pageLines(page), minConfidence, { width, height });
      const letters = (kept.text.match(/\p{L}/gu) ?? []).length;
      if (letters < minLetters) return null;
      const lang = ctx.lang ?? 'en';
      return {
        text: ocrAltText(kept.text, ALT_MAX, lang, kept.kind),
        source: 'ocr',
        confidence: Math.max(0, Math.min(1, kept.confidence / 100)),
        needsReview: true,
        reasons: [
          `Text read from the picture by OCR (${codes.join('+')}, confidence ${Math.round(kept.confidence)}%)${kept.kind ? `, looks like a ${kept.kind === 'screenshot' ? 'screenshot' : 'scanned page'}` : ''}: check the spelling, and say what the picture shows beyond its text.`,
        ],
      };
    },

    async close() {
      closed = true;
      await Promise.all([...workers.keys()].map((k) => stopWorker(k)));
    },
  };
}
