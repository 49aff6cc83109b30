/**
 * Previews for the HTML report, read straight from each deck's ZIP with yauzl, one
 * entry at a time (a 500 MB deck must not be loaded to show twelve small pictures),
 * and downscaled by src/core/thumbnail.ts (at most 256 px, JPEG or PNG; EMF, WMF, SVG…
 * get a stand-in), so the page stays a few MB however large the pictures are.
 *
 * The central directories first (cheap: sizes only), then the bytes. The total budget
 * (bytes of preview in the page) is shared out round-robin, every deck's first picture
 * before any deck's second, so in a 2,000-deck batch the last decks still get previews
 * instead of the first hundred taking the whole budget; it is spent in rounds (an expected
 * cost chooses, the real size counts) until it or the pictures run out.
 *
 * With the home's preview cache (src/core/thumbnail-cache.ts, `cacheDir`), a picture whose
 * item carries its content hash and whose preview the processor already made is not read
 * at all, and a deck whose pictures are all there is not even opened.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import JSZip from 'jszip';
import yauzl from 'yauzl';
import type { JobInfo } from '../../shared/types';
import { standInForName, THUMBNAIL_MAX_PX } from '../thumbnail';
import { cachedThumbnail, isMediaHash, mediaHashOfBytes, readCachedPreview } from '../thumbnail-cache';

export type Thumbnail = { dataUrl: string } | { placeholder: string };

export interface ThumbnailOptions {
  /** The largest picture read to make a preview from (bigger ones get a sentence). */
  maxBytesPerImage?: number;
  /** Bytes of preview (data: URLs) in the whole page. */
  maxTotalBytes?: number;
  /** Longest side of a preview, in pixels (src/core/thumbnail.ts). */
  maxPx?: number;
  /** The home's preview cache (<home>/thumbnails): previews are looked up there first and kept there. */
  cacheDir?: string | null;
  /** Filled in: how many previews came from the cache and how many pictures were read from decks. */
  stats?: { cached: number; read: number };
}

export const DEFAULT_MAX_BYTES_PER_IMAGE = 25 * 1024 * 1024;
export const DEFAULT_MAX_TOTAL_BYTES = 3 * 1024 * 1024;
/** What a 256 px preview costs in the page, on average (JPEG q70 in base64), for the first share-out. */
const EXPECTED_PREVIEW_BYTES = 8 * 1024;

export const thumbnailKey = (jobId: number, mediaPart: string): string => `${jobId}:${mediaPart}`;

/**
 * How many of each deck's pictures (in item order, the share-out's order) a batch of
 * `decks` decks can show within the default page budget: the built-in processor makes
 * that many previews ahead (src/processor/previews.ts), not all (a 2,000-deck batch shows
 * about one picture a deck; making the other fourteen would be work nobody sees).
 */
export function previewsPerDeck(decks: number): number {
  // twice the average share: a deck with many pictures takes the share of decks with few
  return Math.max(1, 2 * Math.ceil(PREVIEW_SLOTS / 2 / Math.max(1, decks)));
}

/** Twice the previews the default page budget holds at the expected size: the report's choice among them depends on their real sizes. */
const PREVIEW_SLOTS = 2 * Math.ceil(DEFAULT_MAX_TOTAL_BYTES / EXPECTED_PREVIEW_BYTES);

/**
 * The same, knowing how many pictures each deck of the batch has (the dry run's count): the
 * share-out gives a deck with few pictures' share to the decks with many, so every deck gets
 * the same ceiling L, the largest with Σ min(pictures, L) ≤ the slots. When the whole batch
 * fits, every picture is made ahead (the 238-file coordinator trial: 696 pictures, all of
 * them, where a flat share of 4 a deck left 180 for the report to read from the decks at
 * the end, 1.7 s).
 */
export function previewsPerDeckFor(pictures: number[]): number {
  const sorted = pictures.filter((p) => p > 0).sort((a, b) => a - b);
  let left = PREVIEW_SLOTS;
  for (let i = 0; i < sorted.length; i++) {
    const decks = sorted.length - i;
    if (sorted[i] * decks > left) return Math.max(1, Math.floor(left / decks));
    left -= sorted[i];
  }
  return Math.max(1, sorted[sorted.length - 1] ?? 1);
}

/** The image type from its first bytes; null for anything we will not inline. */
export function sniffImage(head: Buffer): 'image/png' | 'image/jpeg' | 'image/gif' | null {
  if (head.length >= 8 && head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if (head.length >= 6 && /^GIF8[79]a$/.test(head.subarray(0, 6).toString('latin1'))) return 'image/gif';
  return null;
}

/** Why there is no preview, in words; null when the name alone does not rule one out. */
export function placeholderForName(mediaPart: string): string | null {
  return standInForName(mediaPart)?.placeholder ?? null;
}

const kib = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`);

function normalize(part: string): string {
  return part.replace(/\\/g, '/').replace(/^\/+/, '');
}

/** Placeholders, worded for the coordinator reading the report. */
const UNREADABLE = 'No preview: the deck could not be read.';
const NOT_INSIDE = 'No preview: the picture is not inside the deck (it may be linked from elsewhere).';
const LEFT_OUT = 'Preview left out to keep the report small.';
const READ_ERROR = 'No preview: the picture could not be read from the deck.';
const tooLarge = (size?: number) => `Picture too large for a preview${size ? ` (${kib(size)})` : ''}. Open the deck to see it.`;

/** Declared (central directory) sizes of the deck's entries, by normalized name. */
type Listing = Map<string, number>;
type ReadResult = Buffer | 'too-large' | 'error';

/** A ZIP we can list and read from; yauzl streams, JSZip is the fallback for decks yauzl refuses. */
interface ZipSource {
  list(): Promise<Listing>;
  /** Reads the named entries, each up to its limit. */
  read(limits: Map<string, number>): Promise<Map<string, ReadResult>>;
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

function openYauzl(path: string): Promise<yauzl.ZipFile | null> {
  return new Promise((resolve) =>
    yauzl.open(path, { lazyEntries: true, autoClose: true, strictFileNames: false }, (err, zip) => resolve(err || !zip ? null : zip)),
  );
}

/** Walks every entry once; `onEntry` may read the entry before the walk goes on. */
function walk(zip: yauzl.ZipFile, onEntry: (entry: yauzl.Entry, name: string) => Promise<void>): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = (e: unknown) => {
      // autoClose only closes at the end of a walk; a failed one must let go of the file itself.
      try {
        zip.close();
      } catch {
        /* already closed */
      }
      reject(e);
    };
    zip.on('error', fail);
    zip.on('end', () => resolve());
    zip.on('entry', (entry: yauzl.Entry) => {
      onEntry(entry, normalize(entry.fileName)).then(() => zip.readEntry(), fail);
    });
    zip.readEntry();
  });
}

function yauzlSource(path: string, first: yauzl.ZipFile): ZipSource {
  return {
    async list() {
      const sizes: Listing = new Map();
      await walk(first, async (entry, name) => void sizes.set(name, entry.uncompressedSize));
      return sizes;
    },
    async read(limits) {
      const out = new Map<string, ReadResult>();
      const zip = await openYauzl(path);
      if (!zip) return out;
      // A walk that fails half-way keeps what it read; the rest become "could not be read".
      await walk(zip, async (entry, name) => {
        const limit = limits.get(name);
        if (limit === undefined || out.has(name)) return;
        out.set(name, await readEntry(zip, entry, limit).catch((): ReadResult => 'error'));
      }).catch(() => undefined);
      return out;
    },
  };
}

/**
 * Real decks exist that PowerPoint and JSZip open but yauzl's stricter reading of the
 * end record refuses (e.g. a stray newline after the end record, seen in the corpus).
 * Such a deck is read whole with JSZip, up to a size that fits in memory.
 */
const JSZIP_FALLBACK_MAX_BYTES = 256 * 1024 * 1024;

async function loadJszip(path: string): Promise<JSZip> {
  if (statSync(path).size > JSZIP_FALLBACK_MAX_BYTES) throw new Error('too large to read whole');
  return JSZip.loadAsync(readFileSync(path));
}

function jszipSource(path: string, first: JSZip): ZipSource {
  return {
    async list() {
      const sizes: Listing = new Map();
      for (const f of Object.values(first.files)) {
        if (f.dir) continue;
        // JSZip keeps the central directory's size only in a private field; 0 = unknown.
        sizes.set(normalize(f.name), (f as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize ?? 0);
      }
      return sizes;
    },
    async read(limits) {
      const out = new Map<string, ReadResult>();
      // Loaded again rather than kept from list(): between the passes thousands of decks are listed.
      const zip = await loadJszip(path).catch(() => null);
      if (!zip) return out;
      for (const f of Object.values(zip.files)) {
        const name = normalize(f.name);
        const limit = limits.get(name);
        if (f.dir || limit === undefined || out.has(name)) continue;
        const data = await f.async('nodebuffer').catch(() => null);
        out.set(name, data === null ? 'error' : data.length > limit ? 'too-large' : data);
      }
      return out;
    },
  };
}

async function openSource(path: string): Promise<ZipSource | null> {
  const zip = await openYauzl(path);
  if (zip) return yauzlSource(path, zip);
  const js = await loadJszip(path).catch(() => null);
  return js ? jszipSource(path, js) : null;
}

/** The deck the reviewer will open: the output if it exists, else the original. */
function deckFor(job: JobInfo): string {
  if (job.outputPath && existsSync(job.outputPath)) return job.outputPath;
  return job.inputPath;
}

interface DeckPlan {
  jobId: number;
  /** Opened only when a picture must be read (not every preview was in the cache). */
  source: ZipSource | null;
  /** Normalized name → the spellings the items used (the map key keeps each spelling). */
  spellings: Map<string, string[]>;
  /** Pictures that may be inlined, in the deck's item order, with their declared size (or their cached preview). */
  candidates: Candidate[];
}
type Candidate = { name: string; size: number; cached?: Thumbnail };

/**
 * Previews for every media part the jobs' items point at, keyed `${jobId}:${mediaPart}`.
 * Decks are read one after another: this runs beside a batch on a 2-core machine.
 */
export async function collectThumbnails(jobs: JobInfo[], opts: ThumbnailOptions = {}): Promise<Map<string, Thumbnail>> {
  const perImage = opts.maxBytesPerImage ?? DEFAULT_MAX_BYTES_PER_IMAGE;
  let left = opts.maxTotalBytes ?? DEFAULT_MAX_TOTAL_BYTES;
  const out = new Map<string, Thumbnail>();
  const put = (plan: DeckPlan, name: string, t: Thumbnail) => {
    for (const original of plan.spellings.get(name) ?? []) out.set(thumbnailKey(plan.jobId, original), t);
  };

  const px = opts.maxPx ?? THUMBNAIL_MAX_PX;
  const cacheDir = opts.cacheDir ?? null;
  const stats = opts.stats ?? { cached: 0, read: 0 };
  // a template's logo is the same cache file on every deck: read once
  const cacheReads = new Map<string, Thumbnail | null>();
  const fromCache = (hash: string): Thumbnail | null => {
    if (!cacheReads.has(hash)) cacheReads.set(hash, readCachedPreview(cacheDir!, hash, px));
    return cacheReads.get(hash)!;
  };
  // Pass 1: what each deck holds, and what can never be previewed.
  const plans: DeckPlan[] = [];
  for (const job of jobs) {
    const spellings = new Map<string, string[]>();
    const hashes = new Map<string, string>();
    for (const item of [...(job.result?.items ?? []), ...(job.result?.layoutItems ?? [])]) {
      if (!item.mediaPart) continue;
      const n = normalize(item.mediaPart);
      const list = spellings.get(n) ?? [];
      if (!list.includes(item.mediaPart)) list.push(item.mediaPart);
      spellings.set(n, list);
      if (isMediaHash(item.mediaHash)) hashes.set(n, item.mediaHash);
    }
    if (!spellings.size) continue;
    const plan: DeckPlan = { jobId: job.id, source: null, spellings, candidates: [] };
    plans.push(plan);
    // In the item order, as the share-out expects; what the cache holds needs no deck.
    const slots: Array<Candidate | string> = [];
    for (const name of spellings.keys()) {
      const named = placeholderForName(name);
      const hash = hashes.get(name);
      const hit = named || !cacheDir || !hash ? null : fromCache(hash);
      if (named) put(plan, name, { placeholder: named });
      else if (hit) slots.push({ name, size: 0, cached: hit });
      else slots.push(name);
    }
    let listing: Listing | null | undefined;
    if (slots.some((x) => typeof x === 'string')) {
      plan.source = await openSource(deckFor(job));
      listing = plan.source ? await plan.source.list().catch(() => null) : null;
    }
    for (const x of slots) {
      if (typeof x !== 'string') {
        stats.cached++;
        plan.candidates.push(x);
        continue;
      }
      const size = listing?.get(x);
      if (!listing) put(plan, x, { placeholder: UNREADABLE });
      else if (size === undefined) put(plan, x, { placeholder: NOT_INSIDE });
      else if (size > perImage) put(plan, x, { placeholder: tooLarge(size) });
      else plan.candidates.push({ name: x, size });
    }
  }

  // Every candidate in round-robin order: each deck's first picture before any deck's second.
  const order: Array<{ plan: DeckPlan } & Candidate> = [];
  for (let r = 0; plans.some((p) => r < p.candidates.length); r++) {
    for (const plan of plans) {
      const c = plan.candidates[r];
      if (c) order.push({ plan, ...c });
    }
  }
  // Decks made from one template share their logos and backgrounds: the same bytes are downscaled once.
  const byContent = new Map<string, Thumbnail>();
  // In rounds: choose what the expected cost lets through, make those previews, keep them in
  // order while their real size fits; what a round leaves of the budget goes to the next.
  let at = 0;
  while (at < order.length) {
    let expected = left;
    const round: typeof order = [];
    for (; at < order.length; at++) {
      const c = order[at];
      // a cached preview costs what it is; a small picture is inlined as it is (base64 of
      // its bytes); a larger one becomes a ~256 px preview
      const cost = c.cached && 'dataUrl' in c.cached ? c.cached.dataUrl.length : Math.min(EXPECTED_PREVIEW_BYTES, c.size > 0 ? Math.ceil(c.size / 3) * 4 + 22 : EXPECTED_PREVIEW_BYTES);
      if (cost > expected) break;
      expected -= cost;
      round.push(c);
    }
    if (!round.length) break;
    const made = await makeRound(round, perImage, byContent, px, cacheDir, stats);
    for (const c of round) {
      const t = made.get(c) ?? { placeholder: READ_ERROR };
      if ('dataUrl' in t && t.dataUrl.length > left) put(c.plan, c.name, { placeholder: LEFT_OUT });
      else {
        if ('dataUrl' in t) left -= t.dataUrl.length;
        put(c.plan, c.name, t);
      }
    }
  }
  for (; at < order.length; at++) put(order[at].plan, order[at].name, { placeholder: LEFT_OUT });
  return out;
}

/** Reads one round's pictures, deck by deck (one walk of each ZIP), and makes their previews. */
async function makeRound<C extends { plan: DeckPlan } & Candidate>(
  round: C[],
  perImage: number,
  byContent: Map<string, Thumbnail>,
  px: number,
  cacheDir: string | null,
  stats: { cached: number; read: number },
): Promise<Map<C, Thumbnail>> {
  const out = new Map<C, Thumbnail>();
  const byPlan = new Map<DeckPlan, C[]>();
  for (const c of round) {
    if (c.cached) out.set(c, c.cached);
    else byPlan.set(c.plan, [...(byPlan.get(c.plan) ?? []), c]);
  }
  for (const [plan, cs] of byPlan) {
    if (!plan.source) continue;
    const limits = new Map(cs.map((c) => [c.name, c.size > 0 ? Math.min(c.size, perImage) : perImage]));
    const data = await plan.source.read(limits).catch(() => new Map<string, ReadResult>());
    for (const c of cs) {
      const d = data.get(c.name);
      if (d === undefined || d === 'error') out.set(c, { placeholder: READ_ERROR });
      else if (d === 'too-large') out.set(c, { placeholder: tooLarge() });
      else {
        stats.read++;
        const hash = mediaHashOfBytes(d);
        let t = byContent.get(hash);
        if (!t) {
          const small = await cachedThumbnail(cacheDir, d, c.name, px, hash);
          t = 'dataUrl' in small ? { dataUrl: small.dataUrl } : { placeholder: small.placeholder };
          byContent.set(hash, t);
        }
        out.set(c, t);
      }
    }
  }
  return out;
}
