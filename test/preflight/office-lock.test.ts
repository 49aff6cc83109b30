/** Office and LibreOffice owner files, written in their real formats beside real decks. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { findOfficeLock, isOfficeOwnerFile, preflightFile } from '../../src/core/preflight';
import { parseLibreOfficeLock, parseOfficeOwner } from '../../src/core/locks/office';
import { makeDeck } from '../helpers/make-deck';
import { tempDir } from '../helpers/tmp';
import { libreOfficeLockFile, officeOwnerFile } from './office-files';

test('isOfficeOwnerFile', () => {
  assert.equal(isOfficeOwnerFile('~$Lecture 1.pptx'), true);
  assert.equal(isOfficeOwnerFile('/share/x/.~lock.Lecture 1.pptx#'), true);
  assert.equal(isOfficeOwnerFile('Lecture 1.pptx'), false);
  assert.equal(isOfficeOwnerFile('.~lock.Lecture 1.pptx'), false);
  assert.equal(isOfficeOwnerFile('money$~.pptx'), false);
});

test('owner file parsers', () => {
  assert.equal(parseOfficeOwner(officeOwnerFile('Dr. Anna Müller')), 'Dr. Anna Müller');
  assert.equal(parseOfficeOwner(officeOwnerFile('Łukasz Żółć')), 'Łukasz Żółć', 'the UTF-16 copy keeps non-Latin-1 names');
  const ansiOnly = Buffer.alloc(30);
  ansiOnly[0] = 4;
  ansiOnly.write('jdoe', 1, 'latin1');
  assert.equal(parseOfficeOwner(ansiOnly), 'jdoe');
  assert.equal(parseOfficeOwner(Buffer.alloc(0)), null);
  assert.equal(parseLibreOfficeLock(',jdoe,lab-pc-07,22.11.2026 14:03,file:///home/jdoe/.config/libreoffice/4;'), 'jdoe (lab-pc-07)');
  assert.equal(parseLibreOfficeLock('Jane Doe\\, MD,jdoe,lab-pc-07,22.11.2026 14:03,file:///x;'), 'Jane Doe, MD (lab-pc-07)');
  assert.equal(parseLibreOfficeLock(libreOfficeLockFile('jdoe', 'pc', 'Doe; Jane, MD')), 'Doe; Jane, MD (pc)');
  assert.equal(parseLibreOfficeLock(''), null);
});

test('findOfficeLock: PowerPoint owner file, then LibreOffice lock, then nothing', async (t) => {
  const dir = tempDir(t);
  const deck = await makeDeck(join(dir, 'Cardiology 101.pptx'));
  const before = readFileSync(deck);
  const mtime = statSync(deck).mtimeMs;
  assert.equal(await findOfficeLock(deck), null);

  const lo = join(dir, '.~lock.Cardiology 101.pptx#');
  writeFileSync(lo, ',jdoe,lab-pc-07,22.11.2026 14:03,file:///home/jdoe/.config/libreoffice/4;');
  assert.deepEqual(await findOfficeLock(deck), { kind: 'libreoffice', lockPath: lo, owner: 'jdoe (lab-pc-07)' });

  const pp = join(dir, '~$Cardiology 101.pptx');
  writeFileSync(pp, officeOwnerFile('Anna Müller'));
  assert.deepEqual(await findOfficeLock(deck), { kind: 'powerpoint', lockPath: pp, owner: 'Anna Müller' });

  // Another deck in the same folder is not locked by them.
  assert.equal(await findOfficeLock(await makeDeck(join(dir, 'Cardiology 102.pptx'))), null);
  // Never touch the deck.
  assert.deepEqual(readFileSync(deck), before);
  assert.equal(statSync(deck).mtimeMs, mtime);
});

test('preflight says LOCKED_BY_OFFICE with the owner as detail', async (t) => {
  const dir = tempDir(t);
  const deck = await makeDeck(join(dir, 'Renal.pptx'));
  assert.equal((await preflightFile(deck)).ok, true);
  writeFileSync(join(dir, '~$Renal.pptx'), officeOwnerFile('Anna Müller'));
  const r = await preflightFile(deck);
  assert.equal(r.code, 'LOCKED_BY_OFFICE');
  assert.equal((r as { detail?: string }).detail, 'Anna Müller');

  const dir2 = tempDir(t);
  const deck2 = await makeDeck(join(dir2, 'Hepatic.pptx'));
  writeFileSync(join(dir2, '.~lock.Hepatic.pptx#'), 'garbage without fields');
  const r2 = await preflightFile(deck2);
  assert.equal(r2.code, 'LOCKED_BY_OFFICE');
  assert.equal((r2 as { detail?: string }).detail, 'open in LibreOffice (owner file .~lock.Hepatic.pptx#)');
});
