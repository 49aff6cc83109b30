/**
 * The tiny image-header reader (format sniffing, pixel size) that both describers
 * use to decide what a picture can be given to. Pure: no decoding.
 */

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
