/**
 * Images made by code for the source tests: a PNG with real, readable text drawn
 * from a built-in 5×7 bitmap font (no font file, no native canvas), and minimal
 * image headers for the size parser. Nothing binary is committed.
 */
import { deflateSync } from 'node:zlib';
import { pngChunk } from '../../helpers/make-deck';

// Classic 5×7 capitals and digits: plain, high-contrast shapes that OCR reads
// once scaled up. '#' = ink.
const FONT: Record<string, string[]> = {
  A: ['.###.', '#...#', '#...#', '#####', '#...#', '#...#', '#...#'],
  B: ['####.', '#...#', '#...#', '####.', '#...#', '#...#', '####.'],
  C: ['.###.', '#...#', '#....', '#....', '#....', '#...#', '.###.'],
  D: ['###..', '#..#.', '#...#', '#...#', '#...#', '#..#.', '###..'],
  E: ['#####', '#....', '#....', '####.', '#....', '#....', '#####'],
  F: ['#####', '#....', '#....', '####.', '#....', '#....', '#....'],
  G: ['.###.', '#...#', '#....', '#.###', '#...#', '#...#', '.####'],
  H: ['#...#', '#...#', '#...#', '#####', '#...#', '#...#', '#...#'],
  I: ['.###.', '..#..', '..#..', '..#..', '..#..', '..#..', '.###.'],
  J: ['..###', '...#.', '...#.', '...#.', '...#.', '#..#.', '.##..'],
  K: ['#...#', '#..#.', '#.#..', '##...', '#.#..', '#..#.', '#...#'],
  L: ['#....', '#....', '#....', '#....', '#....', '#....', '#####'],
  M: ['#...#', '##.##', '#.#.#', '#.#.#', '#...#', '#...#', '#...#'],
  N: ['#...#', '#...#', '##..#', '#.#.#', '#..##', '#...#', '#...#'],
  O: ['.###.', '#...#', '#...#', '#...#', '#...#', '#...#', '.###.'],
  P: ['####.', '#...#', '#...#', '####.', '#....', '#....', '#....'],
  Q: ['.###.', '#...#', '#...#', '#...#', '#.#.#', '#..#.', '.##.#'],
  R: ['####.', '#...#', '#...#', '####.', '#.#..', '#..#.', '#...#'],
  S: ['.####', '#....', '#....', '.###.', '....#', '....#', '####.'],
  T: ['#####', '..#..', '..#..', '..#..', '..#..', '..#..', '..#..'],
  U: ['#...#', '#...#', '#...#', '#...#', '#...#', '#...#', '.###.'],
  V: ['#...#', '#...#', '#...#', '#...#', '#...#', '.#.#.', '..#..'],
  W: ['#...#', '#...#', '#...#', '#.#.#', '#.#.#', '#.#.#', '.#.#.'],
  X: ['#...#', '#...#', '.#.#.', '..#..', '.#.#.', '#...#', '#...#'],
  Y: ['#...#', '#...#', '.#.#.', '..#..', '..#..', '..#..', '..#..'],
  Z: ['#####', '....#', '...#.', '..#..', '.#...', '#....', '#####'],
  '0': ['.###.', '#...#', '#..##', '#.#.#', '##..#', '#...#', '.###.'],
  '1': ['..#..', '.##..', '..#..', '..#..', '..#..', '..#..', '.###.'],
  '2': ['.###.', '#...#', '....#', '...#.', '..#..', '.#...', '#####'],
  '3': ['####.', '....#', '....#', '.###.', '....#', '....#', '####.'],
  '4': ['...#.', '..##.', '.#.#.', '#..#.', '#####', '...#.', '...#.'],
  '5': ['#####', '#....', '####.', '....#', '....#', '#...#', '.###.'],
  '6': ['..##.', '.#...', '#....', '####.', '#...#', '#...#', '.###.'],
  '7': ['#####', '....#', '...#.', '..#..', '.#...', '.#...', '.#...'],
  '8': ['.###.', '#...#', '#...#', '.###.', '#...#', '#...#', '.###.'],
  '9': ['.###.', '#...#', '#...#', '.####', '....#', '...#.', '.##..'],
  ' ': ['.....', '.....', '.....', '.....', '.....', '.....', '.....'],
};

export interface Gray {
  width: number;
  height: number;
  /** One byte per pixel, 0 = black, 255 = white. */
  pixels: Uint8Array;
}

/**
 * Render lines of capitals/digits, black on white, each font pixel `scale`×`scale`,
 * then soften the edges (box blur of half a font pixel): hard pixel staircases are
 * misread (N→H, B→E), the softened glyphs read like print.
 */
export function renderText(lines: string[], scale = 6, margin = 30): Gray {
  return boxBlur(renderSharp(lines, scale, margin), Math.round(scale / 2));
}

function renderSharp(lines: string[], scale: number, margin: number): Gray {
  const cw = 6 * scale; // 5 columns + 1 spacing
  const lh = 10 * scale; // 7 rows + 3 leading
  const width = margin * 2 + Math.max(...lines.map((l) => l.length)) * cw;
  const height = margin * 2 + lines.length * lh;
  const pixels = new Uint8Array(width * height).fill(255);
  lines.forEach((line, li) => {
    [...line.toUpperCase()].forEach((ch, ci) => {
      const glyph = FONT[ch];
      if (!glyph) throw new Error(`no glyph for ${JSON.stringify(ch)}`);
      for (let gy = 0; gy < 7; gy++)
        for (let gx = 0; gx < 5; gx++) {
          if (glyph[gy][gx] !== '#') continue;
          const x0 = margin + ci * cw + gx * scale;
          const y0 = margin + li * lh + gy * scale;
          for (let y = y0; y < y0 + scale; y++) pixels.fill(0, y * width + x0, y * width + x0 + scale);
        }
    });
  });
  return { width, height, pixels };
}

/** Separable box blur with radius r (edges clamped to the image). */
export function boxBlur(img: Gray, r: number): Gray {
  if (r <= 0) return img;
  const { width: w, height: h } = img;
  const pass = (src: Uint8Array, horizontal: boolean): Uint8Array => {
    const out = new Uint8Array(w * h);
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        let sum = 0;
        let n = 0;
        for (let d = -r; d <= r; d++) {
          const xx = horizontal ? x + d : x;
          const yy = horizontal ? y : y + d;
          if (xx < 0 || yy < 0 || xx >= w || yy >= h) continue;
          sum += src[yy * w + xx];
          n++;
        }
        out[y * w + x] = Math.round(sum / n);
      }
    return out;
  };
  return { width: w, height: h, pixels: pass(pass(img.pixels, true), false) };
}

/** An 8-bit greyscale PNG. */
export function encodePng(img: Gray): Buffer {
  const { width, height, pixels } = img;
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width + 1)] = 0; // filter: none
    raw.set(pixels.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // colour type: greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(raw)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A 24-bit bottom-up BMP of the same picture. */
export function encodeBmp(img: Gray): Buffer {
  const { width, height, pixels } = img;
  const rowBytes = Math.ceil((width * 3) / 4) * 4;
  const buf = Buffer.alloc(54 + rowBytes * height);
  buf.write('BM', 0, 'ascii');
  buf.writeUInt32LE(buf.length, 2);
  buf.writeUInt32LE(54, 10);
  buf.writeUInt32LE(40, 14);
  buf.writeInt32LE(width, 18);
  buf.writeInt32LE(height, 22);
  buf.writeUInt16LE(1, 26);
  buf.writeUInt16LE(24, 28);
  buf.writeUInt32LE(rowBytes * height, 34);
  for (let y = 0; y < height; y++) {
    const row = 54 + (height - 1 - y) * rowBytes;
    for (let x = 0; x < width; x++) buf.fill(pixels[y * width + x], row + x * 3, row + x * 3 + 3);
  }
  return buf;
}

/** GIF89a logical screen header with the given size (header only: what the parser reads). */
export function gifHeader(width: number, height: number): Buffer {
  const b = Buffer.alloc(13);
  b.write('GIF89a', 0, 'ascii');
  b.writeUInt16LE(width, 6);
  b.writeUInt16LE(height, 8);
  return b;
}

/**
 * The start of a JPEG as cameras write it: SOI, an APP1 segment (with a
 * thumbnail-sized decoy inside that a naive byte scan would take), then the frame
 * header `sofMarker` (0xC0 baseline, 0xC2 progressive) with the real size.
 */
export function jpegHeader(width: number, height: number, sofMarker = 0xc0): Buffer {
  const app1Body = Buffer.alloc(30);
  app1Body.write('Exif\0\0', 0, 'ascii');
  // A decoy SOF0 pattern inside APP1 data: FF C0 00 11 08 00 10 00 10
  Buffer.from([0xff, 0xc0, 0x00, 0x11, 0x08, 0x00, 0x10, 0x00, 0x10]).copy(app1Body, 10);
  const app1 = Buffer.concat([Buffer.from([0xff, 0xe1, 0, app1Body.length + 2]), app1Body]);
  const sof = Buffer.alloc(19);
  sof[0] = 0xff;
  sof[1] = sofMarker;
  sof.writeUInt16BE(17, 2);
  sof[4] = 8;
  sof.writeUInt16BE(height, 5);
  sof.writeUInt16BE(width, 7);
  sof[9] = 3;
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app1, Buffer.from([0xff, 0xdb, 0x00, 0x04, 0x00, 0x00]), sof]);
}
