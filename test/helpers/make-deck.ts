/**
 * Generated fixtures: real .pptx decks written by pptxgenjs, so a fresh clone
 * passes `npm test` without the shared corpus.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { deflateSync } from 'node:zlib';
import { crc32 } from '../../src/processor/zip/crc32';
// pptxgenjs ships CJS with a default export
import PptxGenJS from 'pptxgenjs';

/** One PNG chunk (length, type, data, CRC): shared by every PNG the tests and benchmarks draw. */
export function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/** A solid-colour RGB PNG of the given size (seeded colour so images differ). */
export function makePng(width = 64, height = 48, seed = 1): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    raw[row] = 0;
    for (let x = 0; x < width; x++) {
      const i = row + 1 + x * 3;
      raw[i] = (seed * 53 + x) & 0xff;
      raw[i + 1] = (seed * 97 + y) & 0xff;
      raw[i + 2] = (seed * 31) & 0xff;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(raw)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

export interface DeckSpec {
  slides?: number;
  /** Pictures per slide. */
  picturesPerSlide?: number;
  /** ALT text for picture i (global index); undefined = none. */
  alt?: (index: number) => string | undefined;
  title?: (slide: number) => string;
  imageSize?: [number, number];
}

export async function makeDeckBuffer(spec: DeckSpec = {}): Promise<Buffer> {
  const pptx = new PptxGenJS();
  const slides = spec.slides ?? 2;
  const per = spec.picturesPerSlide ?? 1;
  let index = 0;
  for (let s = 0; s < slides; s++) {
    const slide = pptx.addSlide();
    slide.addText(spec.title ? spec.title(s + 1) : `Lecture slide ${s + 1}`, { x: 0.5, y: 0.3, w: 9, h: 0.8, fontSize: 28 });
    for (let p = 0; p < per; p++) {
      const [w, h] = spec.imageSize ?? [64, 48];
      const png = makePng(w, h, index + 1);
      const altText = spec.alt?.(index);
      slide.addImage({
        data: `image/png;base64,${png.toString('base64')}`,
        x: 0.5 + p * 2,
        y: 1.5,
        w: 1.8,
        h: 1.35,
        ...(altText !== undefined ? { altText } : {}),
      });
      index++;
    }
  }
  return (await pptx.write({ outputType: 'nodebuffer' })) as Buffer;
}

export async function makeDeck(path: string, spec: DeckSpec = {}): Promise<string> {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, await makeDeckBuffer(spec));
  return path;
}
