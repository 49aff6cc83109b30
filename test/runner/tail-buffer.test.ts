import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TailBuffer } from '../../src/core/runner/tail-buffer';

test('keeps everything while under capacity', () => {
  const t = new TailBuffer(10);
  t.write('abc');
  t.write(Buffer.from('def'));
  assert.equal(t.toString(), 'abcdef');
  assert.equal(t.total, 6);
});

test('keeps only the last bytes, across wrap-around and oversized writes', () => {
  const t = new TailBuffer(5);
  t.write('abcd');
  t.write('efg');
  assert.equal(t.toString(), 'cdefg');
  t.write('hi');
  assert.equal(t.toString(), 'efghi');
  t.write('0123456789');
  assert.equal(t.toString(), '56789');
  t.write('x');
  assert.equal(t.toString(), '6789x');
  assert.equal(t.total, 4 + 3 + 2 + 10 + 1);
});

test('many small writes equal one big one', () => {
  const t = new TailBuffer(7);
  const text = 'the quick brown fox jumps over the lazy dog';
  for (const ch of text) t.write(ch);
  assert.equal(t.toString(), text.slice(-7));
});

test('a multi-byte character cut at the start of the window is dropped, not garbled', () => {
  const t = new TailBuffer(4);
  t.write('aé✓'); // a(1) é(2) ✓(3) = 6 bytes; the window starts inside é
  assert.equal(t.toString(), '✓');
});

test('capacity 0 keeps nothing but counts', () => {
  const t = new TailBuffer(0);
  t.write('abc');
  assert.equal(t.toString(), '');
  assert.equal(t.total, 3);
});
