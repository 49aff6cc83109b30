import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ZipFile } from 'yazl';
import { validateOutput } from '../../src/core/runner/validate-output';
import { SYNC_ENTRY_MAX_BYTES } from '../../src/core/zip-file-reader';
import { corpusFile, corpusSkip, readInventory } from '../helpers/corpus';
import { makeDeck } from '../helpers/make-deck';
import { tempDir } from '../helpers/tmp';

/** A ZIP with the given entries, stored or deflated, built in memory. */
function zipBuffer(entries: Record<string, string>, compress: boolean): Promise<Buffer> {
  const zip = new ZipFile();
  for (const [name, text] of Object.entries(entries)) zip.addBuffer(Buffer.from(text), name, { compress });
  zip.end();
  const parts: Buffer[] = [];
  return new Promise((resolve, reject) => {
    zip.outputStream.on('data', (d: Buffer) => parts.push(d));
    zip.outputStream.on('end', () => resolve(Buffer.concat(parts)));
    zip.outputStream.on('error', reject);
  });
}

const MINIMAL = {
  '[Content_Types].xml': '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
  'ppt/presentation.xml': '<?xml version="1.0"?><p:presentation xmlns:p="urn:x">MARKER-0123456789</p:presentation>',
};

test('a generated deck is valid', async (t) => {
  const p = await makeDeck(join(tempDir(t), 'good.pptx'), { slides: 3, picturesPerSlide: 2 });
  const v = await validateOutput(p);
  assert.ok(v.ok, JSON.stringify(v));
  assert.ok(v.ok && v.entries > 10);
});

test('a corrupted deflated entry fails to inflate or fails its CRC', async (t) => {
  const dir = tempDir(t);
  const buf = await zipBuffer({ ...MINIMAL, 'ppt/slides/slide1.xml': 'lorem ipsum dolor sit amet '.repeat(2000) }, true);
  const at = buf.indexOf('ppt/slides/slide1.xml') + 'ppt/slides/slide1.xml'.length + 40;
  for (let i = 0; i < 8; i++) buf[at + i] ^= 0xff;
  const bad = join(dir, 'bad.pptx');
  writeFileSync(bad, buf);
  const v = await validateOutput(bad);
  assert.ok(!v.ok && /slide1\.xml/.test(v.message), JSON.stringify(v));
});

test('a stray byte after the archive, or a comment length overrunning it, is tolerated (as PowerPoint does)', async (t) => {
  const dir = tempDir(t);
  const deck = readFileSync(await makeDeck(join(dir, 'good.pptx')));
  const trailing = join(dir, 'trailing.pptx');
  writeFileSync(trailing, Buffer.concat([deck, Buffer.from('\n')]));
  assert.equal((await validateOutput(trailing)).ok, true);
  const overrun = Buffer.from(deck);
  overrun.writeUInt16LE(1, overrun.length - 2); // comment length 1, no comment bytes
  const p = join(dir, 'overrun.pptx');
  writeFileSync(p, overrun);
  assert.equal((await validateOutput(p)).ok, true);
  // But a big chunk glued on is not slack.
  const glued = join(dir, 'glued.pptx');
  writeFileSync(glued, Buffer.concat([deck, Buffer.alloc(4096, 0x41)]));
  assert.equal((await validateOutput(glued)).ok, false);
});

test('a truncated deck is rejected', async (t) => {
  const dir = tempDir(t);
  const p = await makeDeck(join(dir, 'good.pptx'));
  const bytes = readFileSync(p);
  for (const keep of [Math.floor(bytes.length / 2), bytes.length - 10]) {
    const cut = join(dir, `cut-${keep}.pptx`);
    writeFileSync(cut, bytes.subarray(0, keep));
    const v = await validateOutput(cut);
    assert.equal(v.ok, false, `kept ${keep} of ${bytes.length}`);
  }
});

test('a corrupted entry is caught by its CRC (stored entry, sizes unchanged)', async (t) => {
  const dir = tempDir(t);
  const buf = await zipBuffer(MINIMAL, false);
  const good = join(dir, 'good.pptx');
  writeFileSync(good, buf);
  assert.deepEqual(await validateOutput(good), { ok: true, entries: 2 });
  const at = buf.indexOf('MARKER-0123456789');
  assert.ok(at > 0);
  buf[at + 7] ^= 0x01; // one bit: '0' -> '1'
  const bad = join(dir, 'bad.pptx');
  writeFileSync(bad, buf);
  const v = await validateOutput(bad);
  assert.ok(!v.ok && /CRC mismatch.*ppt\/presentation\.xml/.test(v.message), JSON.stringify(v));
});

test('a corrupted picture in a generated deck is caught', async (t) => {
  const dir = tempDir(t);
  const p = await makeDeck(join(dir, 'good.pptx'), { slides: 2, imageSize: [200, 150] });
  const buf = readFileSync(p);
  // Flip bytes inside the first image's data (pptxgenjs stores media uncompressed).
  const name = buf.indexOf('ppt/media/image-');
  assert.ok(name > 0);
  for (let i = 200; i < 216; i++) buf[name + i] ^= 0x5a;
  const bad = join(dir, 'bad.pptx');
  writeFileSync(bad, buf);
  const v = await validateOutput(bad);
  assert.ok(!v.ok && /CRC mismatch\): ppt\/media\/image-/.test(v.message), JSON.stringify(v));
});

test('a ZIP that is not a deck', async (t) => {
  const p = join(tempDir(t), 'notes.pptx');
  writeFileSync(p, await zipBuffer({ 'hello.txt': 'hi', '[Content_Types].xml': '<Types/>' }, true));
  const v = await validateOutput(p);
  assert.ok(!v.ok && /not a PowerPoint deck \(missing ppt\/presentation\.xml\)/.test(v.message), JSON.stringify(v));
});

test('missing, empty, a folder, garbage', async (t) => {
  const dir = tempDir(t);
  const missing = await validateOutput(join(dir, 'nope.pptx'));
  assert.ok(!missing.ok && /no output file/.test(missing.message));
  writeFileSync(join(dir, 'empty.pptx'), '');
  const empty = await validateOutput(join(dir, 'empty.pptx'));
  assert.ok(!empty.ok && /empty/.test(empty.message));
  mkdirSync(join(dir, 'folder.pptx'));
  const folder = await validateOutput(join(dir, 'folder.pptx'));
  assert.ok(!folder.ok && /not a file/.test(folder.message));
  writeFileSync(join(dir, 'junk.pptx'), Buffer.alloc(5000, 0x41));
  const junk = await validateOutput(join(dir, 'junk.pptx'));
  assert.ok(!junk.ok && /not a readable ZIP/.test(junk.message));
});

test('real corpus: decks accepted, broken and non-ZIP files rejected', { skip: corpusSkip, timeout: 60_000 }, async () => {
  let accepted = 0;
  let rejected = 0;
  for (const row of readInventory()) {
    const v = await validateOutput(corpusFile(row.file));
    const isDeck =
      row.is_zip === '1' && /ct=presentation|ct=slideshow|ct=template|macroEnabled/.test(row.notes) && !/zip_error/.test(row.notes);
    if (!isDeck) {
      assert.equal(v.ok, false, `${row.file} should be rejected (${row.notes})`);
      rejected++;
    } else {
      assert.ok(v.ok, `${row.file}: ${JSON.stringify(v)}`);
      accepted++;
    }
  }
  assert.ok(accepted >= 180, `accepted ${accepted}`);
  assert.ok(rejected >= 15, `rejected ${rejected}`);
});

test('an entry larger than the synchronous limit is streamed, and its corruption still caught', async (t) => {
  const dir = tempDir(t);
  const big = Buffer.alloc(SYNC_ENTRY_MAX_BYTES + 4096);
  for (let i = 0; i < big.length; i++) big[i] = (i * 7919) & 0xff;
  const zip = new ZipFile();
  for (const [name, text] of Object.entries(MINIMAL)) zip.addBuffer(Buffer.from(text), name);
  zip.addBuffer(big, 'ppt/media/video1.bin', { compress: false });
  zip.end();
  const parts: Buffer[] = [];
  for await (const c of zip.outputStream) parts.push(c as Buffer);
  const buf = Buffer.concat(parts);
  const good = join(dir, 'big.pptx');
  writeFileSync(good, buf);
  assert.deepEqual(await validateOutput(good), { ok: true, entries: 3 });
  const at = buf.indexOf('ppt/media/video1.bin') + 'ppt/media/video1.bin'.length + 5_000_000;
  buf[at] ^= 0x01;
  const bad = join(dir, 'big-bad.pptx');
  writeFileSync(bad, buf);
  const v = await validateOutput(bad);
  assert.ok(!v.ok && /CRC mismatch\): ppt\/media\/video1\.bin/.test(v.message), JSON.stringify(v));
});

test('an entry that inflates to another size than the archive says is damaged', async (t) => {
  const dir = tempDir(t);
  const buf = await zipBuffer({ ...MINIMAL, 'ppt/slides/slide1.xml': 'lorem ipsum '.repeat(500) }, true);
  // The central directory's uncompressed size of slide1.xml, one byte smaller (CRC left as it is).
  const cd = buf.lastIndexOf(Buffer.from('ppt/slides/slide1.xml')) - 46;
  assert.equal(buf.readUInt32LE(cd), 0x02014b50);
  buf.writeUInt32LE(buf.readUInt32LE(cd + 24) - 1, cd + 24);
  const bad = join(dir, 'size.pptx');
  writeFileSync(bad, buf);
  const v = await validateOutput(bad);
  assert.ok(!v.ok && /slide1\.xml/.test(v.message), JSON.stringify(v));
});
