/**
 * Text in a picture (a scanned handout, a labelled diagram, a screenshot), read by
 * tesseract.js entirely on this machine: the wasm core is `require`d from
 * node_modules/tesseract.js-core and the English model is read from the installed
 * @tesseract.js-data/eng package, with the cache off. With no `langPath`,
 * tesseract.js would download the model from a CDN and write a copy into the
 * working folder; neither may happen here.
 *
 * The image-header reader both describers use is in image-header.ts, the language
 * data in ocr-models.ts.
 */
import { copyFileSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Description, ImageDescriber, ImageInput, SlideContext } from './types';
import { keepLines, ocrAltText, type OcrLine } from './ocr-text';
import { readImageSize, sniffImageFormat, type ImageFormat } from './image-header';
import { langDir, modelFile, ocrLanguages } from './ocr-models';

export { ocrAltText } from './ocr-text';
export { readImageSize, sniffImageFormat, type ImageFormat, type ImageSize } from './image-header';
export { defaultLangPath, ocrLanguages } from './ocr-models';

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
      // Loaded lazily: the header reader (image-header.ts) is used without ever starting OCR.
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
