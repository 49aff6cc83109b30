#!/usr/bin/env node
// Draws AltDeck's app icon (512×512 RGBA PNG) by code: a dark-blue rounded square,
// a white slide with a picture on it, and a yellow speech mark for "described".
// Usage: node assets/make-icon.mjs [out.png]   (default: assets/icon.png)
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const S = 512;
const px = Buffer.alloc(S * S * 4);

function put(x, y, [r, g, b, a = 255]) {
  const i = (y * S + x) * 4;
  px[i] = r;
  px[i + 1] = g;
  px[i + 2] = b;
  px[i + 3] = a;
}
const inRounded = (x, y, x0, y0, x1, y1, rad) => {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const cx = Math.min(Math.max(x, x0 + rad), x1 - rad);
  const cy = Math.min(Math.max(y, y0 + rad), y1 - rad);
  return (x - cx) ** 2 + (y - cy) ** 2 <= rad * rad;
};
const fill = (test, colour) => {
  for (let y = 0; y < S; y++) for (let x = 0; x < S; x++) if (test(x, y)) put(x, y, colour);
};

fill((x, y) => inRounded(x, y, 16, 16, 495, 495, 96), [13, 42, 79]); // background
fill((x, y) => inRounded(x, y, 84, 120, 428, 360, 18), [255, 255, 255]); // the slide
fill((x, y) => inRounded(x, y, 120, 160, 300, 320, 8), [198, 218, 246]); // the picture
fill((x, y) => (x - 170) ** 2 + (y - 205) ** 2 <= 22 ** 2, [255, 200, 61]); // sun
// mountains
fill((x, y) => y <= 320 && y >= 230 && Math.abs(x - 215) <= (y - 230) * 1.1 && x >= 120 && x <= 300, [11, 79, 168]);
// text lines beside the picture
for (const y0 of [180, 220, 260]) fill((x, y) => inRounded(x, y, 322, y0, 396, y0 + 16, 8), [13, 42, 79]);
// speech mark: the description
fill((x, y) => inRounded(x, y, 250, 330, 450, 430, 40) || (x >= 280 && x <= 320 && y >= 420 && y <= 470 && x - 280 <= (470 - y) * 0.8), [255, 200, 61]);
for (const y0 of [360, 390]) fill((x, y) => inRounded(x, y, 280, y0, 420, y0 + 12, 6), [13, 42, 79]);

const CRC = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = CRC[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
};
const raw = Buffer.alloc((S * 4 + 1) * S);
for (let y = 0; y < S; y++) px.copy(raw, y * (S * 4 + 1) + 1, y * S * 4, (y + 1) * S * 4);
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(S, 0);
ihdr.writeUInt32BE(S, 4);
ihdr[8] = 8;
ihdr[9] = 6; // RGBA
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
const out = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), 'icon.png');
writeFileSync(out, png);
console.log(`icon: ${out} (${png.length} bytes)`);
