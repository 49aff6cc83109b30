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
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Description, ImageDescriber, ImageInput, SlideContext } from './types';

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
const PREFIX = 'Text in image: ';

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

/** `Text in image: "…"`, cut at a word boundary so the whole fits in `max` characters. */
export function ocrAltText(text: string, max = ALT_MAX): string {
  const room = max - PREFIX.length - 2; // the two quotes
  let body = text;
  if (body.length > room) {
    const cut = body.slice(0, room - 1);
    const space = cut.lastIndexOf(' ');
    body = `${(space > room / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.-]+$/, '')}…`;
  }
  return `${PREFIX}"${body}"`;
}

export interface OcrOptions {
  /** Pictures smaller than this (pixels) cannot hold readable text: not read. */
  minWidth?: number;
  minHeight?: number;
  /** Folder holding eng.traineddata.gz; default: the installed @tesseract.js-data/eng. */
  langPath?: string;
  /** Mean word confidence (0–100) below which the reading is thrown away. */
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
  const req = createRequire(__filename);
  const pkgDir = dirname(req.resolve('@tesseract.js-data/eng/package.json'));
  // The same model the CDN would serve for an LSTM-only worker, 3 MB instead of 11.
  const bestInt = join(pkgDir, '4.0.0_best_int');
  if (existsSync(join(bestInt, 'eng.traineddata.gz'))) return bestInt;
  return (req('@tesseract.js-data/eng') as { langPath: string }).langPath;
}

interface TesseractWorker {
  recognize(image: Buffer): Promise<{ data: { text: string; confidence: number } }>;
  terminate(): Promise<unknown>;
  worker?: { on(event: 'error', fn: (err: unknown) => void): void };
}

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

export function createOcrDescriber(options: OcrOptions = {}): ImageDescriber {
  const minWidth = options.minWidth ?? 200;
  const minHeight = options.minHeight ?? 60;
  const minConfidence = options.minConfidence ?? 60;
  const minLetters = options.minLetters ?? 4;
  const maxPixels = options.maxPixels ?? 4_000_000;
  const recognizeTimeoutMs = options.recognizeTimeoutMs ?? 30_000;

  let workerP: Promise<TesseractWorker> | null = null;
  let closed = false;

  const langPath = (): string => options.langPath ?? defaultLangPath();

  async function startWorker(): Promise<TesseractWorker> {
    const dir = langPath();
    if (!existsSync(join(dir, 'eng.traineddata.gz')) && !existsSync(join(dir, 'eng.traineddata'))) {
      throw new Error(`the English text model is missing from ${dir}`);
    }
    // Loaded lazily: the header reader above is used without ever starting OCR.
    const mod = (await import('tesseract.js')) as unknown as { createWorker?: Function; default?: { createWorker: Function } };
    const createWorker = (mod.createWorker ?? mod.default?.createWorker) as (
      langs: string,
      oem: number,
      opts: Record<string, unknown>,
    ) => Promise<TesseractWorker>;
    const w = await createWorker('eng', 1 /* OEM.LSTM_ONLY */, {
      langPath: dir,
      gzip: existsSync(join(dir, 'eng.traineddata.gz')),
      cacheMethod: 'none', // never read or write a model copy in the working folder
      logger: () => {},
      // Without a handler tesseract.js rethrows a failed job inside its message
      // listener, which would take the whole processor down; the job's own promise
      // still rejects and is handled below.
      errorHandler: () => {},
    });
    return w;
  }

  function getWorker(): Promise<TesseractWorker> {
    if (closed) return Promise.reject(new Error('the OCR describer is closed'));
    if (!workerP) {
      const p = startWorker();
      workerP = p;
      p.then(
        (w) =>
          // A crashed worker thread emits 'error'; unheard, node would end the
          // whole processor. Forget it: the next picture starts a new one.
          w.worker?.on('error', () => {
            if (workerP === p) workerP = null;
          }),
        () => {
          if (workerP === p) workerP = null;
        },
      );
    }
    return workerP;
  }

  async function restartWorker(): Promise<void> {
    const p = workerP;
    workerP = null;
    if (p) await p.then((w) => w.terminate()).catch(() => {});
  }

  return {
    name: 'ocr',

    async available() {
      try {
        await getWorker();
        return { ok: true };
      } catch (e) {
        return {
          ok: false,
          message: `Text recognition (OCR) could not start: ${(e as Error)?.message ?? String(e)}. Reinstall AltDeck or turn OCR off in Settings.`,
        };
      }
    },

    async describe(image: ImageInput, _ctx: SlideContext, signal?: AbortSignal): Promise<Description | null> {
      if (signal?.aborted) throw abortError(signal);
      const format = sniffImageFormat(image.bytes);
      if (!format || !OCR_FORMATS.has(format)) return null;
      const size = readImageSize(image.bytes);
      const width = size?.width ?? image.widthPx;
      const height = size?.height ?? image.heightPx;
      if (width === undefined || height === undefined) return null;
      if (width < minWidth || height < minHeight || width * height > maxPixels) return null;

      const worker = await getWorker();
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
      let result: { text: string; confidence: number };
      try {
        const job = worker.recognize(image.bytes);
        job.catch(() => {}); // settled late, after a timeout or abort: nobody listens any more
        result = (await Promise.race([job, stop])).data;
      } catch (e) {
        if (signal?.aborted) {
          await restartWorker();
          throw e;
        }
        if (e instanceof Error && e.message.startsWith('reading the text took longer')) await restartWorker();
        // A picture leptonica cannot decode, or a reading that failed: no OCR text
        // for this picture, the other sources still apply.
        return null;
      } finally {
        clearTimeout(timer);
        if (onAbort) signal?.removeEventListener('abort', onAbort);
      }

      const text = normaliseOcrText(result.text ?? '');
      const letters = (text.match(/\p{L}/gu) ?? []).length;
      if (letters < minLetters || !(result.confidence >= minConfidence)) return null;
      return {
        text: ocrAltText(text),
        source: 'ocr',
        confidence: Math.max(0, Math.min(1, result.confidence / 100)),
        needsReview: true,
        reasons: [
          `Text read from the picture by OCR (confidence ${Math.round(result.confidence)}%): check the spelling, and say what the picture shows beyond its text.`,
        ],
      };
    },

    async close() {
      closed = true;
      await restartWorker();
    },
  };
}
