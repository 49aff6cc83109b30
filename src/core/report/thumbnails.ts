/**
 * Previews for the HTML report, read straight from each deck's ZIP with yauzl, one
 * entry at a time (a 500 MB deck must not be loaded to show twelve small pictures).
 * Only formats every browser shows and none can run code: PNG, JPEG, GIF, checked by
 * their magic bytes, not by the name. Everything else gets a sentence instead.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import JSZip from 'jszip';
import yauzl from 'yauzl';
import type { JobInfo } from '../../shared/types';

export type Thumbnail = { dataUrl: string } | { placeholder: string };

export interface ThumbnailOptions {
  maxBytesPerImage?: number;
  maxTotalBytes?: number;
}

export const DEFAULT_MAX_BYTES_PER_IMAGE = 200 * 1024;
export const DEFAULT_MAX_TOTAL_BYTES = 20 * 1024 * 1024;

export const thumbnailKey = (jobId: number, mediaPart: string): string => `${jobId}:${mediaPart}`;

/** The image type from its first bytes; null for anything we will not inline. */
export function sniffImage(head: Buffer): 'image/png' | 'image/jpeg' | 'image/gif' | null {
  if (head.length >= 8 && head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if (head.length >= 6 && /^GIF8[79]a$/.test(head.subarray(0, 6).toString('latin1'))) return 'image/gif';
  return null;
}

const NAMED_FORMATS: Record<string, string> = {
  emf: 'EMF drawing',
  wmf: 'WMF drawing',
  tif: 'TIFF picture',
  tiff: 'TIFF picture',
  bmp: 'BMP picture',
  wdp: 'HD Photo picture',
  jxr: 'HD Photo picture',
  heic: 'HEIC picture',
  webp: 'WebP picture',
};

/** Why there is no preview, in words; null when the name alone does not rule one out. */
export function placeholderForName(mediaPart: string): string | null {
  const ext = /\.([a-z0-9]+)$/i.exec(mediaPart)?.[1]?.toLowerCase() ?? '';
  if (ext === 'svg') return 'SVG drawing: no preview (SVG files can contain scripts). Open the deck to see it.';
  const named = NAMED_FORMATS[ext];
  if (named) return `${named}: no preview in the report. Open the deck to see it.`;
  return null;
}

const kib = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`);

function normalize(part: string): string {
  return part.replace(/\\/g, '/').replace(/^\/+/, '');
}

interface Budget {
  left: number;
  perImage: number;
}

/** The deck the reviewer will open: the output if it exists, else the original. */
function deckFor(job: JobInfo): string {
  if (job.outputPath && existsSync(job.outputPath)) return job.outputPath;
  return job.inputPath;
}

function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, limit: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) return reject(err ?? new Error('no stream'));
      const chunks: Buffer[] = [];
      let size = 0;
      let done = false;
      stream.on('data', (c: Buffer) => {
        size += c.length;
        // The central directory can lie about sizes; stop reading at the limit regardless.
        if (size > limit) {
          done = true;
          stream.destroy();
          resolve('too-large');
          return;
        }
        chunks.push(c);
      });
      stream.on('error', (e) => (done ? undefined : reject(e)));
      stream.on('end', () => (done ? undefined : resolve(Buffer.concat(chunks))));
    });
  });
}

type Reader = (limit: number) => Promise<Buffer | 'too-large'>;

/** The one place that decides what a media part becomes; both ZIP readers feed it. */
async function thumbnailFor(name: string, declaredSize: number, read: Reader, budget: Budget): Promise<Thumbnail> {
  const named = placeholderForName(name);
  if (named) return { placeholder: named };
  if (declaredSize > budget.perImage) return { placeholder: `Picture too large for a preview (${kib(declaredSize)}). Open the deck to see it.` };
  if (declaredSize > budget.left) return { placeholder: 'Preview left out to keep the report small. Open the deck to see it.' };
  let data: Buffer | 'too-large';
  try {
    data = await read(Math.min(budget.perImage, budget.left));
  } catch {
    return { placeholder: 'No preview: the picture could not be read from the deck.' };
  }
  if (data === 'too-large') return { placeholder: 'Picture too large for a preview. Open the deck to see it.' };
  const mime = sniffImage(data);
  if (!mime) return { placeholder: 'No preview: not a PNG, JPEG or GIF picture. Open the deck to see it.' };
  budget.left -= data.length;
  return { dataUrl: `data:${mime};base64,${data.toString('base64')}` };
}

const UNREADABLE: Thumbnail = { placeholder: 'No preview: the deck could not be read.' };
const NOT_INSIDE: Thumbnail = { placeholder: 'No preview: the picture is not inside the deck (it may be linked from elsewhere).' };

class Sink {
  constructor(
    private readonly jobId: number,
    readonly wanted: Map<string, string[]>,
    private readonly out: Map<string, Thumbnail>,
  ) {}
  put(normalized: string, t: Thumbnail): void {
    for (const original of this.wanted.get(normalized) ?? []) this.out.set(thumbnailKey(this.jobId, original), t);
    this.wanted.delete(normalized);
  }
  rest(t: Thumbnail): void {
    for (const k of [...this.wanted.keys()]) this.put(k, t);
  }
}

/** Streams the deck with yauzl; false when yauzl refuses the file (the caller may try another reader). */
function collectWithYauzl(deckPath: string, sink: Sink, budget: Budget): Promise<boolean> {
  return new Promise((resolve) => {
    yauzl.open(deckPath, { lazyEntries: true, autoClose: true, strictFileNames: false }, (err, zip) => {
      if (err || !zip) return resolve(false);
      let settled = false;
      const settle = (ok: boolean) => {
        if (settled) return;
        settled = true;
        if (ok) sink.rest(NOT_INSIDE);
        else sink.rest(UNREADABLE);
        resolve(true);
      };
      zip.on('error', () => settle(false));
      zip.on('end', () => settle(true));
      zip.on('entry', (entry: yauzl.Entry) => {
        const name = normalize(entry.fileName);
        if (!sink.wanted.has(name)) return zip.readEntry();
        void thumbnailFor(name, entry.uncompressedSize, (limit) => readEntry(zip, entry, limit), budget).then((t) => {
          sink.put(name, t);
          zip.readEntry();
        });
      });
      zip.readEntry();
    });
  });
}

/**
 * Real decks exist that PowerPoint and JSZip open but yauzl's stricter reading of the
 * end record refuses (e.g. a stray newline after the end record, seen in the corpus). Such a deck is read whole with JSZip, up to a size that fits in memory.
 */
const JSZIP_FALLBACK_MAX_BYTES = 256 * 1024 * 1024;

async function collectWithJszip(deckPath: string, sink: Sink, budget: Budget): Promise<void> {
  try {
    const { size } = statSync(deckPath);
    if (size > JSZIP_FALLBACK_MAX_BYTES) return sink.rest(UNREADABLE);
    const zip = await JSZip.loadAsync(readFileSync(deckPath));
    for (const file of Object.values(zip.files)) {
      const name = normalize(file.name);
      if (file.dir || !sink.wanted.has(name)) continue;
      // JSZip keeps the central directory's size only in a private field; use it when there
      // so a large entry is refused before it is inflated, and check again after reading.
      const declared = (file as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize ?? 0;
      const t = await thumbnailFor(name, declared, async (limit) => {
        const data = await file.async('nodebuffer');
        return data.length > limit ? 'too-large' : data;
      }, budget);
      sink.put(name, t);
    }
    sink.rest(NOT_INSIDE);
  } catch {
    sink.rest(UNREADABLE);
  }
}

async function collectFromDeck(jobId: number, deckPath: string, wanted: Map<string, string[]>, budget: Budget, out: Map<string, Thumbnail>): Promise<void> {
  const sink = new Sink(jobId, wanted, out);
  if (!(await collectWithYauzl(deckPath, sink, budget))) await collectWithJszip(deckPath, sink, budget);
}

/**
 * Previews for every media part the jobs' items point at, keyed `${jobId}:${mediaPart}`.
 * Decks are read one after another: this runs beside a batch on a 2-core machine.
 */
export async function collectThumbnails(jobs: JobInfo[], opts: ThumbnailOptions = {}): Promise<Map<string, Thumbnail>> {
  const budget: Budget = {
    perImage: opts.maxBytesPerImage ?? DEFAULT_MAX_BYTES_PER_IMAGE,
    left: opts.maxTotalBytes ?? DEFAULT_MAX_TOTAL_BYTES,
  };
  const out = new Map<string, Thumbnail>();
  for (const job of jobs) {
    const items = [...(job.result?.items ?? []), ...(job.result?.layoutItems ?? [])];
    const wanted = new Map<string, string[]>();
    for (const item of items) {
      if (!item.mediaPart) continue;
      const n = normalize(item.mediaPart);
      const list = wanted.get(n) ?? [];
      if (!list.includes(item.mediaPart)) list.push(item.mediaPart);
      wanted.set(n, list);
    }
    if (wanted.size) await collectFromDeck(job.id, deckFor(job), wanted, budget, out);
  }
  return out;
}
