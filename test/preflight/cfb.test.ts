/** OLE2 compound files: encrypted OOXML, legacy binary decks, other Office files, damage. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { classifyCfbNames, listCfbNames, CfbError } from '../../src/core/preflight/cfb';
import { bufferReader } from '../../src/core/preflight/reader';
import { preflightFile } from '../../src/core/preflight';
import { tempDir } from '../helpers/tmp';
import { buildCfb } from './cfb-builder';

const ENCRYPTED = ['EncryptionInfo', 'EncryptedPackage', { storage: '\u0006DataSpaces' }];
const LEGACY = ['PowerPoint Document', 'Current User', '\u0005SummaryInformation'];

test('listCfbNames reads the directory, across chained directory sectors', async () => {
  const names = ['A', 'B', 'C', 'D', 'E', 'F', 'PowerPoint Document'];
  assert.deepEqual(await listCfbNames(bufferReader(buildCfb({ entries: names }))), names);
  assert.deepEqual(await listCfbNames(bufferReader(buildCfb({ entries: ENCRYPTED }))), ['EncryptionInfo', 'EncryptedPackage', '\u0006DataSpaces']);
});

test('classifyCfbNames tells encrypted OOXML from legacy decks from anything else', () => {
  assert.equal(classifyCfbNames(['EncryptionInfo', 'EncryptedPackage']), 'encrypted-ooxml');
  assert.equal(classifyCfbNames(['EncryptedPackage']), 'other', 'both streams are needed');
  assert.equal(classifyCfbNames(LEGACY), 'legacy-ppt');
  assert.equal(classifyCfbNames(['WordDocument', '1Table']), 'other');
});

test('a looping directory chain is damage, not a hang', async () => {
  await assert.rejects(listCfbNames(bufferReader(buildCfb({ entries: ['A'], loopDirectory: true }))), CfbError);
  await assert.rejects(listCfbNames(bufferReader(buildCfb({ entries: ['A'] }).subarray(0, 600))), CfbError);
});

test('preflight verdicts on OLE2 files with deck names', async (t) => {
  const dir = tempDir(t);
  const cases: Array<[string, Buffer, string, RegExp]> = [
    ['protected.pptx', buildCfb({ entries: ENCRYPTED }), 'ENCRYPTED', /EncryptedPackage/],
    ['protected.pptm', buildCfb({ entries: ENCRYPTED }), 'ENCRYPTED', /EncryptedPackage/],
    ['old-saved-as.pptx', buildCfb({ entries: LEGACY }), 'LEGACY_PPT', /97-2003/],
    ['word.pptx', buildCfb({ entries: ['WordDocument', '1Table'] }), 'NOT_ZIP', /not a PowerPoint deck/],
    // Damaged directory: the stream names are still found as UTF-16 text.
    ['broken-encrypted.pptx', buildCfb({ entries: ENCRYPTED, loopDirectory: true }), 'ENCRYPTED', /./],
    ['broken-other.pptx', buildCfb({ entries: ['X'], loopDirectory: true }), 'NOT_ZIP', /damaged OLE2/],
  ];
  for (const [name, data, code, detail] of cases) {
    const p = join(dir, name);
    writeFileSync(p, data);
    const r = await preflightFile(p);
    assert.equal(r.code, code, name);
    assert.match((r as { detail?: string }).detail ?? '', detail, name);
  }
});

test('a .ppt is LEGACY_PPT by its name alone, whatever it holds', async (t) => {
  const dir = tempDir(t);
  const p = join(dir, 'lecture.ppt');
  writeFileSync(p, buildCfb({ entries: LEGACY }));
  const r = await preflightFile(p);
  assert.equal(r.code, 'LEGACY_PPT');
});
