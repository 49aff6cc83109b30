/** Non-UTF-8 file names: AltDeck's string form maps back to the exact bytes, both ways. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { decodeFsName, displayPath, fsPath, hasRawBytes } from '../../src/core/fs-path';

const bytesOf = (p: string) => {
  const b = fsPath(p);
  return typeof b === 'string' ? Buffer.from(b, 'utf8') : b;
};

test('valid UTF-8 names are plain strings and pass to fs untouched', () => {
  for (const name of ['lecture.pptx', 'Übersicht.pptx', '講義資料.pptx', '🩺 cardio.pptx', 'a\ufffdb.pptx']) {
    const s = decodeFsName(Buffer.from(name, 'utf8'));
    assert.equal(s, name);
    assert.equal(fsPath(s), name);
    assert.equal(hasRawBytes(s), false);
  }
});

test('Latin-1 and Shift-JIS bytes keep their exact bytes; shown as \\xNN', () => {
  const latin1 = Buffer.concat([Buffer.from('Vorlesung '), Buffer.from([0xfc]), Buffer.from('bersicht.pptx')]);
  const s = decodeFsName(latin1);
  assert.equal(hasRawBytes(s), true);
  assert.ok(s.endsWith('bersicht.pptx') && s.startsWith('Vorlesung '), 'the valid parts stay readable');
  assert.deepEqual(fsPath(s), latin1);
  assert.equal(displayPath(s), 'Vorlesung \\xFCbersicht.pptx');
  const sjis = Buffer.from([0x8e, 0xf5, 0x8b, 0xc6, 0x2e, 0x70, 0x70, 0x74, 0x78]);
  assert.deepEqual(fsPath(decodeFsName(sjis)), sjis);
});

test('a real name using the escape code points is escaped too, so the mapping stays exact', () => {
  const name = Buffer.from('x\u{10FF80}y.pptx', 'utf8');
  const s = decodeFsName(name);
  assert.notEqual(s, 'x\u{10FF80}y.pptx');
  assert.deepEqual(bytesOf(s), name);
});

test('any bytes survive the round trip (random names, overlongs, surrogates, cut sequences)', () => {
  const cases = [Buffer.from([0xc0, 0xaf]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from([0xe6, 0x97]), Buffer.from([0xf4, 0x90, 0x80, 0x80]), Buffer.from([0xff, 0xfe])];
  for (let i = 0; i < 5000; i++) cases.push(randomBytes(1 + (i % 48)));
  for (const b of cases) {
    const s = decodeFsName(b);
    assert.deepEqual(bytesOf(s), b, b.toString('hex'));
    // valid Unicode: it goes through SQLite, JSON and argv unchanged
    assert.equal(Buffer.from(s, 'utf8').toString('utf8'), s);
  }
});
