/**
 * Previews for the HTML report, read straight from each deck's ZIP with yauzl, one
 * entry at a time (a 500 MB deck must not be loaded to show twelve small pictures).
 * Only formats every browser shows and none can run code: PNG, JPEG, GIF, checked by
 * their magic bytes, not by the name. Everything else gets a sentence instead.
 */
import { existsSync } from 'node:fs';
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

/** Fills `out` for one deck's wanted media parts (key = part as the processor wrote it). */
function collectFromDeck(jobId: number, deckPath: string, wanted: Map<string, string[]>, budget: Budget, out: Map<string, Thumbnail>): Promise<void> {
  const put = (normalized: string, t: Thumbnail) => {
    for (const original of wanted.get(normalized) ?? []) out.set(thumbnailKey(jobId, original), t);
    wanted.delete(normalized);
  };
  return new Promise((resolve) => {
    yauzl.open(deckPath, { lazyEntries: true, autoClose: true, strictFileNames: false }, (err, zip) => {
      if (err || !zip) {
        for (const k of [...wanted.keys()]) put(k, { placeholder: 'No preview: the deck could not be read.' });
        return resolve();
      }
      const finish = () => {
        for (const k of [...wanted.keys()]) put(k, { placeholder: 'No preview: the picture is not inside the deck (it may be linked from elsewhere).' });
        resolve();
      };
      zip.on('error', () => {
        for (const k of [...wanted.keys()]) put(k, { placeholder: 'No preview: the deck could not be read.' });
        resolve();
      });
      zip.on('end', finish);
      zip.on('entry', (entry: yauzl.Entry) => {
        const name = normalize(entry.fileName);
        if (!wanted.has(name)) return zip.readEntry();
        void (async () => {
          const named = placeholderForName(name);
          if (named) put(name, { placeholder: named });
          else if (entry.uncompressedSize > budget.perImage) {
            put(name, { placeholder: `Picture too large for a preview (${kib(entry.uncompressedSize)}). Open the deck to see it.` });
          } else if (entry.uncompressedSize > budget.left) {
            put(name, { placeholder: 'Preview left out to keep the report small. Open the deck to see it.' });
          } else {
            try {
              const data = await readEntry(zip, entry, Math.min(budget.perImage, budget.left));
              if (data === 'too-large') put(name, { placeholder: 'Picture too large for a preview. Open the deck to see it.' });
              else {
                const mime = sniffImage(data);
                if (!mime) put(name, { placeholder: 'No preview: not a PNG, JPEG or GIF picture. Open the deck to see it.' });
                else {
                  budget.left -= data.length;
                  put(name, { dataUrl: `data:${mime};base64,${data.toString('base64')}` });
                }
              }
            } catch {
              put(name, { placeholder: 'No preview: the picture could not be read from the deck.' });
            }
          }
          zip.readEntry();
        })();
      });
      zip.readEntry();
    });
  });
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
