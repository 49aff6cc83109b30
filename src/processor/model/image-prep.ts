/**
 * The picture as a model server takes it: PNG/JPEG/GIF/WebP, at most 1,024 px on
 * its longest side (vision models tile or shrink larger pictures anyway; sending
 * a 6,000 px photograph costs seconds of upload and decoding for nothing).
 *
 * Raster formats are decoded and scaled by jimp (pure JavaScript: installs from
 * npm, runs offline on Windows, macOS and Linux, nothing to compile). SVG is
 * rendered by resvg (WebAssembly, offline). EMF and WMF need LibreOffice, when it
 * is installed; without it they are left for a person, with the reason.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readImageSize as imageSize, sniffImageFormat, type ImageFormat } from '../sources/image-header';
import { DescriberSkip } from '../sources/types';

export const MAX_SIDE = 1024;
/** Beyond this the decode alone would need gigabytes (RGBA); such a picture is left for a person. */
const MAX_PIXELS = 100_000_000;

export interface PreparedImage {
  bytes: Buffer;
  mime: string;
  width: number | null;
  height: number | null;
  /** What was done to it, for the log: "as is", "scaled from 4000×3000", "rendered from SVG". */
  how: string;
}

const SENDABLE: Partial<Record<ImageFormat, string>> = { png: 'image/png', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp' };

export interface PrepOptions {
  maxSide?: number;
  /** LibreOffice's soffice for EMF/WMF; undefined = look for it, null = none. */
  soffice?: string | null;
  signal?: AbortSignal;
}

async function scaleWithJimp(bytes: Buffer, fmt: ImageFormat, maxSide: number, how: string, crop = false): Promise<PreparedImage> {
  const { Jimp } = await import('jimp');
  const img = await Jimp.read(bytes);
  // LibreOffice draws a vector picture on a whole page: keep the picture, not the white page around it
  if (crop) img.autocrop({ tolerance: 0.002, cropOnlyFrames: false });
  const w0 = img.bitmap.width;
  const h0 = img.bitmap.height;
  if (w0 * h0 > MAX_PIXELS) throw new DescriberSkip(`the picture is too large to prepare (${w0}×${h0} pixels): a person must describe it`);
  let scaled = how.replace(/,\s*$/, '');
  if (Math.max(w0, h0) > maxSide) {
    img.scaleToFit({ w: maxSide, h: maxSide });
    scaled = `${how}scaled from ${w0}×${h0}`;
  }
  // Photographs stay JPEG (a PNG of a photo is several times larger); the rest PNG.
  const out = fmt === 'jpeg' ? await img.getBuffer('image/jpeg', { quality: 85 }) : await img.getBuffer('image/png');
  return { bytes: Buffer.from(out), mime: fmt === 'jpeg' ? 'image/jpeg' : 'image/png', width: img.bitmap.width, height: img.bitmap.height, how: scaled || 'converted to PNG' };
}

let resvgReady: Promise<typeof import('@resvg/resvg-wasm')> | null = null;
function resvg(): Promise<typeof import('@resvg/resvg-wasm')> {
  resvgReady ??= (async () => {
    const mod = await import('@resvg/resvg-wasm');
    await mod.initWasm(readFileSync(require.resolve('@resvg/resvg-wasm/index_bg.wasm')));
    return mod;
  })();
  return resvgReady;
}

async function renderSvg(bytes: Buffer, maxSide: number): Promise<PreparedImage> {
  const { Resvg } = await resvg();
  const probe = new Resvg(bytes, { fitTo: { mode: 'original' } });
  const w = probe.width;
  const h = probe.height;
  probe.free();
  // small icons are drawn larger: a model sees little in 32 pixels
  const target = Math.min(maxSide, Math.max(512, Math.max(w, h)));
  const r = new Resvg(bytes, { background: 'white', fitTo: w >= h ? { mode: 'width', value: target } : { mode: 'height', value: target } });
  const img = r.render();
  const png = Buffer.from(img.asPng());
  const out = { bytes: png, mime: 'image/png', width: img.width, height: img.height, how: 'rendered from SVG' };
  img.free();
  r.free();
  return out;
}

/** soffice on this computer: ALTDECK_SOFFICE, PATH, or where the installers put it. */
export function findSoffice(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.ALTDECK_SOFFICE !== undefined) return env.ALTDECK_SOFFICE && existsSync(env.ALTDECK_SOFFICE) ? env.ALTDECK_SOFFICE : null;
  const names = process.platform === 'win32' ? ['soffice.exe', 'soffice.com'] : ['soffice', 'libreoffice'];
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const n of names) if (existsSync(join(dir, n))) return join(dir, n);
  }
  const known =
    process.platform === 'win32'
      ? [join(env.ProgramFiles ?? 'C:\\Program Files', 'LibreOffice', 'program', 'soffice.exe')]
      : process.platform === 'darwin'
        ? ['/Applications/LibreOffice.app/Contents/MacOS/soffice']
        : ['/usr/lib/libreoffice/program/soffice', '/opt/libreoffice/program/soffice'];
  return known.find((p) => existsSync(p)) ?? null;
}

/** EMF/WMF → PNG with LibreOffice, in a private profile (a running LibreOffice is not disturbed). */
async function renderWithSoffice(soffice: string, bytes: Buffer, ext: 'emf' | 'wmf', signal?: AbortSignal): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), 'altdeck-vector-'));
  try {
    const src = join(dir, `picture.${ext}`);
    writeFileSync(src, bytes);
    const profile = pathToFileURL(join(dir, 'profile')).href;
    await new Promise<void>((resolve, reject) => {
      execFile(
        soffice,
        [`-env:UserInstallation=${profile}`, '--headless', '--norestore', '--convert-to', 'png', '--outdir', join(dir, 'out'), src],
        { timeout: 120_000, windowsHide: true, ...(signal ? { signal } : {}) },
        (err) => (err ? reject(err) : resolve()),
      );
    });
    const outDir = join(dir, 'out');
    const png = existsSync(outDir) ? readdirSync(outDir).find((f) => f.endsWith('.png')) : undefined;
    if (!png) throw new Error('LibreOffice wrote no picture');
    return readFileSync(join(outDir, png));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Ready to send, or a DescriberSkip saying why this picture cannot go to a model.
 * Small pictures in a format the server decodes go as they are, byte for byte.
 */
export async function prepareImage(bytes: Buffer, o: PrepOptions = {}): Promise<PreparedImage> {
  const maxSide = o.maxSide ?? MAX_SIDE;
  const fmt = sniffImageFormat(bytes);
  if (fmt === 'svg') {
    try {
      return await renderSvg(bytes, maxSide);
    } catch (e) {
      if (e instanceof DescriberSkip) throw e;
      throw new DescriberSkip(`the SVG picture could not be rendered (${(e as Error).message}): a person must describe it`);
    }
  }
  if (fmt === 'emf' || fmt === 'wmf') {
    const soffice = o.soffice === undefined ? findSoffice() : o.soffice;
    const name = fmt.toUpperCase();
    if (!soffice) {
      throw new DescriberSkip(`${name} vector picture: no renderer for ${name} on this computer (install LibreOffice to let the model see it), so a person must describe it`);
    }
    let png: Buffer;
    try {
      png = await renderWithSoffice(soffice, bytes, fmt, o.signal);
    } catch (e) {
      if (o.signal?.aborted) throw o.signal.reason;
      throw new DescriberSkip(`${name} vector picture: LibreOffice could not render it (${(e as Error).message.split('\n')[0]}), so a person must describe it`);
    }
    return scaleWithJimp(png, 'png', maxSide, `rendered from ${name} by LibreOffice, `, true);
  }
  if (!fmt) throw new DescriberSkip('the picture is in a format AltDeck cannot read: a person must describe it');

  const size = imageSize(bytes);
  const mime = SENDABLE[fmt];
  if (mime && (fmt === 'webp' || (size && Math.max(size.width, size.height) <= maxSide))) {
    // WebP is not decoded here (no pure-JS decoder we trust); servers take it as it is.
    return { bytes, mime, width: size?.width ?? null, height: size?.height ?? null, how: 'as is' };
  }
  if (size && size.width * size.height > MAX_PIXELS) {
    throw new DescriberSkip(`the picture is too large to prepare (${size.width}×${size.height} pixels): a person must describe it`);
  }
  try {
    return await scaleWithJimp(bytes, fmt, maxSide, fmt === 'bmp' || fmt === 'tiff' ? `converted from ${fmt.toUpperCase()}, ` : '');
  } catch (e) {
    if (e instanceof DescriberSkip) throw e;
    // an unusual encoding jimp cannot decode (CMYK JPEG, 16-bit PNG variants): the server may still decode it
    if (mime) return { bytes, mime, width: size?.width ?? null, height: size?.height ?? null, how: `as is (could not be scaled: ${(e as Error).message})` };
    throw new DescriberSkip(`the ${fmt.toUpperCase()} picture could not be decoded (${(e as Error).message}): a person must describe it`);
  }
}
