/**
 * The ZIP writer on its own: raw copies keep method/CRC/sizes, new entries get
 * correct CRCs, data-descriptor flags are cleared, and past 65,535 entries the
 * archive gets ZIP64 end records that yauzl (and the engine's check) read back.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { deflateRawSync } from 'node:zlib';
import { tempDir } from '../helpers/tmp';
import { ZipWriter, stripZip64, type EntryMeta } from '../../src/processor/zip/writer';
import { ZipSource } from '../../src/processor/zip/reader';
import { crc32 } from '../../src/processor/zip/crc32';
import { validateOutput } from '../../src/core/runner/validate-output';

const meta = (name: string, over: Partial<EntryMeta> = {}): EntryMeta => ({
  rawName: Buffer.from(name),
  versionMadeBy: 20,
  versionNeeded: 20,
  flags: 0,
  method: 0,
  time: 0x6000,
  date: 0x5821,
  crc: 0,
  compressedSize: 0,
  uncompressedSize: 0,
  extra: Buffer.alloc(0),
  comment: Buffer.alloc(0),
  internalAttrs: 0,
  externalAttrs: 0,
  ...over,
});

test('raw and deflated entries round-trip; descriptor flag cleared; extras kept without ZIP64', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'a.zip');
  const w = new ZipWriter(path);
  const text = Buffer.from('<?xml version="1.0"?><a>ü</a>'.repeat(50));
  const deflated = deflateRawSync(text);
  const ntfs = Buffer.from([0x0a, 0x00, 0x04, 0x00, 1, 2, 3, 4]);
  const zip64 = Buffer.from([0x01, 0x00, 0x08, 0x00, 0, 0, 0, 0, 0, 0, 0, 0]);
  assert.deepEqual(stripZip64(Buffer.concat([zip64, ntfs])), ntfs);
  await w.addRaw(meta('[Content_Types].xml', { method: 8, flags: 0x0808, crc: crc32(text), compressedSize: deflated.length, uncompressedSize: text.length, extra: ntfs }), Readable.from([deflated]));
  await w.addDeflated(meta('ppt/slides/slide1.xml', { flags: 0x0800 }), text);
  const png = Buffer.from('not really a png, stored');
  await w.addRaw(meta('ppt/media/image1.png', { crc: crc32(png), compressedSize: png.length, uncompressedSize: png.length }), Readable.from([png]));
  await w.finish();
  const z = await ZipSource.open(path);
  try {
    assert.deepEqual(z.entries.map((e) => e.name), ['[Content_Types].xml', 'ppt/slides/slide1.xml', 'ppt/media/image1.png']);
    assert.equal(z.entries[0].entry.generalPurposeBitFlag, 0x0800);
    assert.deepEqual(z.entries[0].entry.extraFields.map((f) => f.id), [0x000a]);
    assert.equal(z.entries[2].entry.compressionMethod, 0);
    assert.deepEqual(await z.read('ppt/slides/slide1.xml'), text);
    assert.deepEqual(await z.read('ppt/media/image1.png'), png);
  } finally {
    z.close();
  }
  assert.equal((await validateOutput(path)).ok, false, 'no presentation.xml: the engine refuses it, but for that reason only');
});

test('a raw stream shorter than its declared size is an error, not a corrupt archive', async (t) => {
  const dir = tempDir(t);
  const w = new ZipWriter(join(dir, 'b.zip'));
  await assert.rejects(w.addRaw(meta('x', { compressedSize: 10, uncompressedSize: 10 }), Readable.from([Buffer.from('short')])), /expected 10/);
  await w.abort();
});

test('more than 65,535 entries: ZIP64 end records', { timeout: 120_000 }, async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'many.zip');
  const w = new ZipWriter(path);
  const n = 65_600;
  const body = Buffer.from('x');
  const c = crc32(body);
  for (let i = 0; i < n; i++) await w.addRaw(meta(`f/${i}.txt`, { crc: c, compressedSize: 1, uncompressedSize: 1 }), [body]);
  await w.finish();
  const z = await ZipSource.open(path);
  try {
    assert.equal(z.entries.length, n);
    assert.equal(z.entries[n - 1].name, `f/${n - 1}.txt`);
    assert.deepEqual(await z.read(`f/${n - 1}.txt`), body);
  } finally {
    z.close();
  }
});
