/** Container verdicts on generated files: every ZIP-level code, from real bytes on disk. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, readFileSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { preflightFile } from '../../src/core/preflight';
import { ERROR_MESSAGES } from '../../src/shared/errors';
import { makeDeck } from '../helpers/make-deck';
import { tempDir } from '../helpers/tmp';
import { buildZip, minimalDeckEntries } from './zip-builder';

function write(dir: string, name: string, data: Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, data);
  return p;
}

async function verdict(path: string, opts = {}) {
  const r = await preflightFile(path, opts);
  if (!r.ok) assert.equal(r.message, ERROR_MESSAGES[r.code], 'message is the shared sentence');
  return r;
}

test('a generated deck passes and is audited', async (t) => {
  const dir = tempDir(t);
  const p = await makeDeck(join(dir, 'ok.pptx'), { slides: 3, picturesPerSlide: 2, alt: (i) => (i % 2 ? 'Chest X-ray, left lung' : undefined) });
  const r = await verdict(p);
  assert.equal(r.ok, true, JSON.stringify(r));
  if (!r.ok) return;
  assert.equal(r.code, 'OK');
  assert.equal(r.audit.slides, 3);
  assert.equal(r.audit.pictures, 6);
  assert.equal(r.audit.picturesMissingAlt, 3);
  assert.equal(r.size, readFileSync(p).length);
  assert.ok(r.audit.uncompressedBytes > r.size / 2);
  assert.deepEqual(r.warnings, []);
});

test('the hand-built minimal deck passes (our builder is sound)', async (t) => {
  const dir = tempDir(t);
  const r = await verdict(write(dir, 'min.pptx', buildZip(minimalDeckEntries())));
  assert.equal(r.ok, true, JSON.stringify(r));
  if (r.ok) assert.deepEqual([r.audit.slides, r.audit.pictures, r.audit.picturesMissingAlt], [1, 1, 0]);
});

test('audit:false stops after the container and still knows the sizes', async (t) => {
  const dir = tempDir(t);
  const p = await makeDeck(join(dir, 'ok.pptx'), { slides: 2 });
  const r = await verdict(p, { audit: false });
  assert.equal(r.ok, true);
  if (r.ok) {
    assert.equal(r.audit.pictures, 0);
    assert.equal(r.audit.slides, 2, 'slide parts are counted from the directory');
    assert.ok(r.audit.uncompressedBytes > 0);
  }
});

test('TRUNCATED_ZIP: a deck cut short loses its central directory', async (t) => {
  const dir = tempDir(t);
  const p = await makeDeck(join(dir, 'cut.pptx'));
  truncateSync(p, Math.floor(readFileSync(p).length * 0.6));
  const r = await verdict(p);
  assert.equal(r.code, 'TRUNCATED_ZIP');
  assert.match((r as { detail?: string }).detail ?? '', /end-of-central-directory/);
});

test('TRUNCATED_ZIP: entries pointing past the data, damaged records, duplicate names', async (t) => {
  const dir = tempDir(t);
  const badOffset = minimalDeckEntries();
  badOffset[1].claimOffset = 10_000_000;
  const r1 = await verdict(write(dir, 'offset.pptx', buildZip(badOffset)));
  assert.equal(r1.code, 'TRUNCATED_ZIP');
  assert.match((r1 as { detail?: string }).detail ?? '', /ppt\/presentation\.xml.*points past/);

  const dup = [...minimalDeckEntries(), { name: 'PPT/Presentation.xml', data: '<x/>' }];
  const r2 = await verdict(write(dir, 'dup.pptx', buildZip(dup)));
  assert.equal(r2.code, 'TRUNCATED_ZIP');
  assert.match((r2 as { detail?: string }).detail ?? '', /two entries named/);

  // Overwrite the signature of the second central directory record.
  const good = buildZip(minimalDeckEntries());
  const cdStart = good.lastIndexOf(Buffer.from('PK\x01\x02', 'latin1'), good.length - 1);
  const first = good.indexOf(Buffer.from('PK\x01\x02', 'latin1'));
  const second = good.indexOf(Buffer.from('PK\x01\x02', 'latin1'), first + 4);
  assert.ok(cdStart > 0 && second > first);
  const damaged = Buffer.from(good);
  damaged.write('XX', second, 'latin1');
  const r3 = await verdict(write(dir, 'damaged.pptx', damaged));
  assert.equal(r3.code, 'TRUNCATED_ZIP');
  assert.match((r3 as { detail?: string }).detail ?? '', /entry 2 of 4/);
});

test('NOT_ZIP: a PDF, random bytes and an HTML page with a deck name', async (t) => {
  const dir = tempDir(t);
  for (const [name, data, hint] of [
    ['pdf.pptx', Buffer.from('%PDF-1.7\n%binary stuff'), /PDF/],
    ['noise.pptx', Buffer.from([1, 2, 3, 4, 5, 6, 7, 8, 9]), /no ZIP signature/],
    ['page.pptx', Buffer.from('<!DOCTYPE html><html>Access denied</html>'), /web page/],
    ['tiny.pptx', Buffer.from('P'), /no ZIP signature/],
  ] as const) {
    const r = await verdict(write(dir, name, data));
    assert.equal(r.code, 'NOT_ZIP', name);
    assert.match((r as { detail?: string }).detail ?? '', hint, name);
  }
});

test('NOT_PPTX: empty archive, a Word document renamed, a ZIP without the presentation', async (t) => {
  const dir = tempDir(t);
  const empty = await verdict(write(dir, 'empty.pptx', buildZip([])));
  assert.equal(empty.code, 'NOT_PPTX');
  assert.equal(readFileSync(join(dir, 'empty.pptx')).length, 22);

  const docx = buildZip([
    { name: '[Content_Types].xml', data: '<Types/>' },
    { name: 'word/document.xml', data: '<w:document/>' },
  ]);
  const r = await verdict(write(dir, 'letter.pptx', docx));
  assert.equal(r.code, 'NOT_PPTX');
  assert.match((r as { detail?: string }).detail ?? '', /Word/);

  const noCt = minimalDeckEntries().slice(1);
  assert.equal((await verdict(write(dir, 'noct.pptx', buildZip(noCt)))).code, 'NOT_PPTX');
});

test('ZIP_BOMB: a tiny ZIP64 whose central directory claims 100 GB is refused without inflating', async (t) => {
  const dir = tempDir(t);
  const entries = minimalDeckEntries();
  entries.push({ name: 'ppt/media/image1.png', data: 'tiny', claimUncompressed: 100 * 1e9 });
  const p = write(dir, 'bomb.pptx', buildZip(entries, { zip64: true }));
  assert.ok(readFileSync(p).length < 4096);
  const r = await verdict(p);
  assert.equal(r.code, 'ZIP_BOMB');
  assert.match((r as { detail?: string }).detail ?? '', /93\.1 GB|GB/);
});

test('ZIP_BOMB: real deflate at its maximum ratio, and the configured total limit', async (t) => {
  const dir = tempDir(t);
  const zeros = Buffer.alloc(64 * 1024 ** 2);
  assert.ok(zeros.length / deflateRawSync(zeros).length > 1000, 'zeros deflate past 1000:1');
  const entries = [...minimalDeckEntries(), { name: 'ppt/media/zeros.bin', data: zeros }];
  const bomb = await verdict(write(dir, 'zeros.pptx', buildZip(entries)));
  assert.equal(bomb.code, 'ZIP_BOMB');
  assert.match((bomb as { detail?: string }).detail ?? '', /zeros\.bin.*ratio/);

  const ok = write(dir, 'ok.pptx', buildZip(minimalDeckEntries()));
  assert.equal((await verdict(ok)).ok, true);
  assert.equal((await verdict(ok, { maxUncompressedBytes: 100 })).code, 'ZIP_BOMB');
  // A looser ratio lets the zeros through: the limit really is the option.
  assert.equal((await verdict(join(dir, 'zeros.pptx'), { maxRatio: 5000 })).ok, true);
});

test('ZIP64 archives are read through their ZIP64 records', async (t) => {
  const dir = tempDir(t);
  const r = await verdict(write(dir, 'z64.pptx', buildZip(minimalDeckEntries(), { zip64: true, comment: 'made by a test' })));
  assert.equal(r.ok, true, JSON.stringify(r));
  if (r.ok) assert.equal(r.audit.pictures, 1);
});

test('data before the archive (a self-extractor stub) shifts offsets but is still read', async (t) => {
  const dir = tempDir(t);
  // The central directory offsets stay relative to the archive, as a naive concatenation leaves them.
  const shifted = Buffer.concat([Buffer.from('PK\x03\x04 stub bytes'), buildZip(minimalDeckEntries())]);
  const r2 = await verdict(write(dir, 'shifted.pptx', shifted));
  assert.equal(r2.ok, true, JSON.stringify(r2));
});

test('ENCRYPTED: ZIP entries with the encryption flag', async (t) => {
  const dir = tempDir(t);
  const entries = minimalDeckEntries();
  entries[3].flags = 1;
  const r = await verdict(write(dir, 'zipcrypto.pptx', buildZip(entries)));
  assert.equal(r.code, 'ENCRYPTED');
  assert.match((r as { detail?: string }).detail ?? '', /slide1\.xml/);
});

test('TOO_LARGE and EMPTY_FILE come from the size alone', async (t) => {
  const dir = tempDir(t);
  const p = await makeDeck(join(dir, 'big.pptx'));
  const r = await verdict(p, { maxBytes: 1000 });
  assert.equal(r.code, 'TOO_LARGE');
  assert.equal((r as { size?: number }).size, readFileSync(p).length);
  assert.equal((await verdict(write(dir, 'zero.pptx', Buffer.alloc(0)))).code, 'EMPTY_FILE');
});

test('a damaged part inside a sound container is a warning, not a rejection', async (t) => {
  const dir = tempDir(t);
  const entries = minimalDeckEntries();
  entries.push({ name: 'ppt/slides/slide2.xml', data: '<p:sld><p:cSld><p:pic></p:cSld>' });
  entries[2].data = String(entries[2].data).replace(
    '</Relationships>',
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/slide" Target="slides/slide2.xml"/></Relationships>',
  );
  entries[1].data = String(entries[1].data).replace('</p:sldIdLst>', '<p:sldId id="257" r:id="rId3"/></p:sldIdLst>');
  // And a slide whose deflate stream is garbage.
  const zip = buildZip(entries);
  const r = await verdict(write(dir, 'malformed.pptx', zip));
  assert.equal(r.ok, true, JSON.stringify(r));
  if (!r.ok) return;
  assert.equal(r.audit.slides, 2);
  assert.ok(r.warnings.some((w) => /slide2\.xml is not well-formed/.test(w)), r.warnings.join('\n'));

  const corrupt = Buffer.from(zip);
  const at = corrupt.indexOf(Buffer.from('ppt/slides/slide1.xml')) + 'ppt/slides/slide1.xml'.length;
  corrupt.fill(0xff, at, at + 40);
  const r2 = await verdict(write(dir, 'corrupt.pptx', corrupt));
  assert.equal(r2.ok, true, JSON.stringify(r2));
  if (r2.ok) assert.ok(r2.warnings.some((w) => /slide1\.xml could not be read/.test(w)), r2.warnings.join('\n'));
});

test('ZIP_BOMB: entries sharing the same bytes (the overlapping-files construction); plain overlap is damage', async (t) => {
  const dir = tempDir(t);
  // One 1 MiB kernel (below the ratio floor) referenced by 300 directory records.
  const kernel = { name: 'ppt/media/kernel.bin', data: Buffer.alloc(1024 ** 2) };
  const layout = buildZip([...minimalDeckEntries(), kernel]);
  const kernelOffset = layout.indexOf(Buffer.from('ppt/media/kernel.bin')) - 30;
  const copies = Array.from({ length: 300 }, (_, i) => ({ ...kernel, name: `ppt/media/copy${i}.bin`, claimOffset: kernelOffset }));
  const bomb = buildZip([...minimalDeckEntries(), kernel, ...copies]);
  const r = await verdict(write(dir, 'overlap.pptx', bomb));
  assert.equal(r.code, 'ZIP_BOMB');
  assert.match((r as { detail?: string }).detail ?? '', /share the same bytes/);

  const small = { name: 'ppt/media/a.bin', data: Buffer.alloc(1000, 7) };
  const damaged = buildZip([...minimalDeckEntries(), small, { ...small, name: 'ppt/media/b.bin', claimOffset: 0 }]);
  const r2 = await verdict(write(dir, 'damaged.pptx', damaged));
  assert.equal(r2.code, 'TRUNCATED_ZIP');
  assert.match((r2 as { detail?: string }).detail ?? '', /overlap/);
});

test('the container check reads only the tail; the audit never reads media', async () => {
  const { randomBytes } = await import('node:crypto');
  const { readZipDirectory } = await import('../../src/core/preflight/zip-directory');
  const { auditDeck } = await import('../../src/core/preflight/audit');
  const { bufferReader } = await import('../../src/core/preflight/reader');
  const media = randomBytes(3 * 1024 ** 2);
  const zip = buildZip([...minimalDeckEntries(), { name: 'ppt/media/image1.png', data: media, method: 0 }]);
  const spans: Array<[number, number]> = [];
  const inner = bufferReader(zip);
  const counting = { size: inner.size, read: (pos: number, len: number) => (spans.push([pos, len]), inner.read(pos, len)) };
  const dir = await readZipDirectory(counting);
  const bytes = () => spans.reduce((n, [, len]) => n + Math.min(len, zip.length), 0);
  assert.ok(bytes() < 70 * 1024, `directory read ${bytes()} bytes of ${zip.length}`);
  const { audit } = await auditDeck(counting, dir, 'ppt/presentation.xml', '.pptx');
  assert.equal(audit.pictures, 1);
  // The one 64 KB tail window may overlap the media's last bytes; nothing else of its 3 MB is read.
  assert.ok(bytes() < 100 * 1024, `directory + audit read ${bytes()} bytes of ${zip.length}`);
});
