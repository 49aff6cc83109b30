import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLineSplitter, splitLines, type SplitItem } from '../../src/core/runner/line-splitter';

const b = (s: string) => Buffer.from(s, 'utf8');
const lines = (items: ReturnType<typeof splitLines>) => items.map((i) => (i.kind === 'line' ? i.line : `<dropped ${i.bytes}>`));

test('splits on newlines across chunk boundaries, CRLF too', () => {
  assert.deepEqual(lines(splitLines([b('a\nb'), b('c\r\n'), b('\nd')], 100)), ['a', 'bc', '', 'd']);
});

test('a UTF-8 character cut between chunks survives', () => {
  const bytes = b('é→✓\n');
  assert.deepEqual(lines(splitLines([bytes.subarray(0, 1), bytes.subarray(1, 4), bytes.subarray(4)], 100)), ['é→✓']);
});

test('no trailing newline: the last line comes out at end()', () => {
  const s = createLineSplitter(100);
  assert.deepEqual(s.push(b('{"type":"result"}')), []);
  assert.deepEqual(lines(s.end()), ['{"type":"result"}']);
  assert.deepEqual(s.end(), []);
});

test('a line of exactly the limit is kept; one byte more is dropped, and the next line is intact', () => {
  assert.deepEqual(lines(splitLines([b('12345\n123456\nok\n')], 5)), ['12345', '<dropped 6>', 'ok']);
});

test('an over-long line spread over many chunks is dropped without being held', () => {
  const s = createLineSplitter(10);
  const out: SplitItem[] = [];
  for (let i = 0; i < 1000; i++) out.push(...s.push(Buffer.alloc(1000, 0x79)));
  assert.equal(out.length, 0, 'nothing is emitted until the line ends');
  out.push(...s.push(b('zz\nafter\n')));
  assert.deepEqual(lines(out), ['<dropped 1000002>', 'after']);
});

test('an over-long unterminated line is reported as dropped at end()', () => {
  assert.deepEqual(lines(splitLines([Buffer.alloc(50, 0x61)], 10)), ['<dropped 50>']);
});

test('held chunks are copies: reusing the input buffer does not corrupt a pending line', () => {
  const s = createLineSplitter(100);
  const buf = b('abc');
  s.push(buf);
  buf.fill(0x7a);
  assert.deepEqual(lines(s.push(b('\n'))), ['abc']);
});

test('rejects a non-positive limit', () => {
  assert.throws(() => createLineSplitter(0), RangeError);
});
