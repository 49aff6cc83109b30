/**
 * The one place a deck's picture becomes a small preview (issue 14 §3), for the HTML
 * report and the review screen alike. Pure: bytes + the media part's name in, a small
 * image (data: URL) or a stand-in sentence out; no file or network access.
 *
 * - At most THUMBNAIL_MAX_PX on the longest side, never enlarged.
 * - JPEG (quality 70) for pictures without transparency, PNG where an alpha channel is
 *   actually used (a logo would otherwise get a black box), unless that PNG passes 48 KB
 *   (a photo cut-out): then JPEG on white, which is how the report shows it anyway.
 * - A picture already that small, PNG or JPEG and under SMALL_AS_IS_BYTES, is kept as is.
 * - EMF, WMF, SVG, WebP, HD Photo… get a stand-in: nothing is converted here (EMF needs
 *   LibreOffice, SVG can carry scripts), and a stand-in says what the picture is.
 * - A picture whose header says more than MAX_PIXELS is not decoded (memory), and one that
 *   cannot be decoded gets a stand-in too: a preview is never worth an error.
 *
 * Decoding is libvips through `sharp` (prebuilt N-API binaries from the npm registry, so
 * the same file loads under Node and Electron): a JPEG is shrunk while it is decoded
 * (libjpeg's 1/2, 1/4, 1/8 scaling), so a 12-megapixel clinical photo costs a few ms
 * instead of the ~0.5 s jimp (pure JavaScript) took to decode and resample it whole. jimp
 * stays for what libvips does not read (BMP) and for a machine where sharp's binary could
 * not be installed: slower, same result.
 */
import { readImageSize, sniffImageFormat, type ImageFormat } from '../processor/sources/image-header';

export const THUMBNAIL_MAX_PX = 256;
const JPEG_QUALITY = 70;
const SMALL_AS_IS_BYTES = 16 * 1024;
/** A transparent preview larger than this as PNG (a photo cut-out) is flattened on white as JPEG. */
const MAX_PNG_BYTES = 48 * 1024;
/** 40 megapixels decode to 160 MB of RGBA: the most one preview may cost. */
const MAX_PIXELS = 40_000_000;

export type SmallImage = { dataUrl: string; mime: 'image/png' | 'image/jpeg' | 'image/gif'; width: number; height: number; bytes: number };
export type StandIn = { placeholder: string };
export type ThumbnailResult = SmallImage | StandIn;

const FORMAT_NAMES: Record<string, string> = {
  emf: 'EMF drawing',
  wmf: 'WMF drawing',
  svg: 'SVG drawing',
  tif: 'TIFF picture',
  tiff: 'TIFF picture',
  bmp: 'BMP picture',
  wdp: 'HD Photo picture',
  jxr: 'HD Photo picture',
  heic: 'HEIC picture',
  webp: 'WebP picture',
};

const extOf = (name: string) => /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? '';

/** Formats that always get a stand-in, by name: no need to read their bytes at all. */
export function standInForName(name: string): StandIn | null {
  const ext = extOf(name);
  if (ext === 'svg') return { placeholder: 'SVG drawing: no preview (SVG files can contain scripts). Open the deck to see it.' };
  if (ext === 'emf' || ext === 'wmf' || ext === 'wdp' || ext === 'jxr' || ext === 'heic' || ext === 'webp') return { placeholder: `${FORMAT_NAMES[ext]}: no preview in the report. Open the deck to see it.` };
  return null;
}

/** Formats a preview is made from (sharp, or jimp for BMP and as the fallback). */
const DECODABLE = new Set<ImageFormat>(['png', 'jpeg', 'gif', 'bmp', 'tiff']);
/** What libvips reads here; BMP is jimp's alone. */
const SHARP_READS = new Set<ImageFormat>(['png', 'jpeg', 'gif', 'tiff']);

const MIME: Partial<Record<ImageFormat, SmallImage['mime']>> = { png: 'image/png', jpeg: 'image/jpeg', gif: 'image/gif' };

function standIn(fmt: ImageFormat | null, name: string): StandIn {
  const label = FORMAT_NAMES[fmt ?? ''] ?? FORMAT_NAMES[extOf(name)];
  if (fmt === 'svg') return { placeholder: 'SVG drawing: no preview (SVG files can contain scripts). Open the deck to see it.' };
  if (label) return { placeholder: `${label}: no preview in the report. Open the deck to see it.` };
  return { placeholder: 'No preview: not a picture format the report can show. Open the deck to see it.' };
}

function dataUrl(mime: SmallImage['mime'], bytes: Buffer, width: number, height: number): SmallImage {
  return { dataUrl: `data:${mime};base64,${bytes.toString('base64')}`, mime, width, height, bytes: bytes.length };
}

/**
 * A preview of at most `maxPx` (default 256) on its longest side, or a stand-in. The
 * format is sniffed from the bytes: a deck's file names and content types are often wrong.
 */
export async function makeThumbnail(bytes: Buffer, name: string, opts: { maxPx?: number; decoder?: 'auto' | 'jimp' } = {}): Promise<ThumbnailResult> {
  const maxPx = opts.maxPx ?? THUMBNAIL_MAX_PX;
  const fmt = sniffImageFormat(bytes);
  if (!fmt || !DECODABLE.has(fmt)) return standIn(fmt, name);
  const size = readImageSize(bytes);
  if (size && size.width * size.height > MAX_PIXELS) {
    return { placeholder: `Picture too large for a preview (${size.width}×${size.height} pixels). Open the deck to see it.` };
  }
  const mime = MIME[fmt];
  if (mime && mime !== 'image/gif' && size && Math.max(size.width, size.height) <= maxPx && bytes.length <= SMALL_AS_IS_BYTES) {
    return dataUrl(mime, bytes, size.width, size.height);
  }
  try {
    const made = SHARP_READS.has(fmt) && opts.decoder !== 'jimp' ? await viaSharp(bytes, maxPx) : null;
    return made ?? (await viaJimp(bytes, maxPx));
  } catch {
    return { placeholder: 'No preview: the picture could not be decoded. Open the deck to see it.' };
  }
}

type SharpFn = typeof import('sharp').default;
let sharpLoad: Promise<SharpFn | null> | null = null;
/** sharp, or null where its native binary is missing (then jimp makes the preview). Loaded once. */
function loadSharp(): Promise<SharpFn | null> {
  sharpLoad ??= import('sharp').then(
    (m) => {
      // CommonJS `export =` through esbuild's interop: the function is the default export, or the module itself
      const sharp = ((m as { default?: SharpFn }).default ?? (m as unknown as SharpFn));
      // Previews are made once each: libvips' operation cache would only hold memory in a
      // long-lived worker (its resident size is what recycling watches).
      sharp.cache(false);
      // One libvips thread a picture: a 256 px preview gains nothing from more (measured on
      // 64 corpus pictures: same wall time, less CPU), and two workers must not bring four.
      sharp.concurrency(1);
      return sharp;
    },
    () => null,
  );
  return sharpLoad;
}

/** Load the decoder ahead of the first preview (a worker does it while it waits for its first deck). */
export async function warmThumbnailDecoder(): Promise<void> {
  await loadSharp();
}

async function viaSharp(bytes: Buffer, maxPx: number): Promise<ThumbnailResult | null> {
  const sharp = await loadSharp();
  if (!sharp) return null;
  // failOn 'error': a truncated picture is shown as far as it goes, like PowerPoint does;
  // limitInputPixels is the same ceiling the header check applies, for headers it cannot read.
  const scaled = sharp(bytes, { failOn: 'error', limitInputPixels: MAX_PIXELS, animated: false })
    .autoOrient()
    .resize({ width: maxPx, height: maxPx, fit: 'inside', withoutEnlargement: true });
  const { hasAlpha } = await scaled.metadata();
  if (!hasAlpha) {
    const { data, info } = await scaled.jpeg({ quality: JPEG_QUALITY }).toBuffer({ resolveWithObject: true });
    return dataUrl('image/jpeg', data, info.width, info.height);
  }
  // An alpha channel is often declared and never used: look at the small image's pixels.
  const { data: rgba, info } = await scaled.ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const raw = { raw: { width: info.width, height: info.height, channels: 4 as const } };
  if (hasTransparency(rgba)) {
    const png = await sharp(rgba, raw).png({ compressionLevel: 9 }).toBuffer();
    if (png.length <= MAX_PNG_BYTES) return dataUrl('image/png', png, info.width, info.height);
  }
  // Opaque, or a photo cut-out that would cost ten previews as PNG: on white, as the report shows it.
  const jpeg = await sharp(rgba, raw).flatten({ background: '#ffffff' }).jpeg({ quality: JPEG_QUALITY }).toBuffer();
  return dataUrl('image/jpeg', jpeg, info.width, info.height);
}

async function viaJimp(bytes: Buffer, maxPx: number): Promise<ThumbnailResult> {
  const { Jimp } = await import('jimp');
  const img = await Jimp.read(bytes);
  const { width, height } = img.bitmap;
  if (width * height > MAX_PIXELS) return { placeholder: `Picture too large for a preview (${width}×${height} pixels). Open the deck to see it.` };
  if (Math.max(width, height) > maxPx) img.scaleToFit({ w: maxPx, h: maxPx });
  if (hasTransparency(img.bitmap.data)) {
    const png = Buffer.from(await img.getBuffer('image/png'));
    if (png.length <= MAX_PNG_BYTES) return dataUrl('image/png', png, img.bitmap.width, img.bitmap.height);
    // A photo cut-out: as PNG it would cost ten previews; on white it looks the same in a report.
    const white = new Jimp({ width: img.bitmap.width, height: img.bitmap.height, color: 0xffffffff });
    white.composite(img, 0, 0);
    return dataUrl('image/jpeg', Buffer.from(await white.getBuffer('image/jpeg', { quality: JPEG_QUALITY })), img.bitmap.width, img.bitmap.height);
  }
  const jpeg = Buffer.from(await img.getBuffer('image/jpeg', { quality: JPEG_QUALITY }));
  return dataUrl('image/jpeg', jpeg, img.bitmap.width, img.bitmap.height);
}

/** Any pixel not fully opaque (RGBA bytes; the thumbnail is small, so the scan is cheap). */
function hasTransparency(rgba: Buffer | Uint8Array): boolean {
  for (let i = 3; i < rgba.length; i += 4) if (rgba[i] !== 255) return true;
  return false;
}
