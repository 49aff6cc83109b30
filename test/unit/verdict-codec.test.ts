/**
 * The stored form of a job's check verdict (src/core/queue/verdict-codec.ts): whatever form
 * a verdict is stored in, it reads back as it was given, path included.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeVerdict, encodeVerdict } from '../../src/core/queue/verdict-codec';
import type { PreflightResult } from '../../src/shared/types';

const path = '/share/Cardiology/Week 3 – Heart failure.pptx';
const ok: PreflightResult = {
  ok: true,
  path,
  code: 'OK',
  size: 48_213_004,
  mtimeMs: 1_764_560_123_456.789,
  audit: { slides: 61, pictures: 44, picturesMissingAlt: 39, graphicFrames: 3, hiddenSlides: 2, signed: true, macroEnabled: false, uncompressedBytes: 90_000_001 },
  warnings: ['digitally signed: "quoted" and, commas'],
};

test('an accepted deck’s verdict is stored compactly and reads back the same', () => {
  const stored = encodeVerdict(ok, path);
  assert.ok(stored.startsWith('[1,') && stored.length < 120, stored);
  assert.ok(stored.length < JSON.stringify(ok).length / 3);
  assert.deepEqual(decodeVerdict(stored, path), ok);
});

test('rejections, verdicts about another path, new fields and odd numbers keep their JSON object; old rows read as before', () => {
  const rejected: PreflightResult = { ok: false, path, code: 'ENCRYPTED', message: 'The deck is password-protected.', detail: 'OLE' };
  const cases: PreflightResult[] = [
    rejected,
    { ...ok, path: '/mnt/link/deck.pptx' },
    { ...ok, extra: 1 } as unknown as PreflightResult,
    { ...ok, audit: { ...ok.audit, findings: 3 } } as unknown as PreflightResult,
    { ...ok, mtimeMs: Number.NaN },
  ];
  for (const p of cases) {
    const stored = encodeVerdict(p, path);
    assert.ok(stored.startsWith('{'), stored);
    const back = decodeVerdict(stored, path);
    assert.deepEqual(back, JSON.parse(JSON.stringify(p)), stored);
  }
  assert.deepEqual(decodeVerdict(JSON.stringify(ok), path), ok, 'a row written before the compact form');
  assert.equal(decodeVerdict(null, path), null);
  assert.equal(decodeVerdict('not json', path), null);
});
