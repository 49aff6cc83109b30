/** Decorative candidates: tiny, thin lines, full-slide backgrounds behind text, small repeated logos. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decorativeReason, type DecorativeInput } from '../../src/processor/judge/decorative';

const IN = 914400;
const slideSize = { cx: 10 * IN, cy: 7.5 * IN };
const base: DecorativeInput = { box: { x: IN, y: IN, cx: 4 * IN, cy: 3 * IN }, mediaPart: 'ppt/media/image1.png', mediaSlideCount: 1, slideCount: 20, slideSize, textAbove: [] };

test('content pictures are not decorative', () => {
  assert.equal(decorativeReason(base), null);
  // a big diagram repeated on every slide is content
  assert.equal(decorativeReason({ ...base, mediaSlideCount: 20 }), null);
});

test('tiny, thin, background, logo', () => {
  assert.match(decorativeReason({ ...base, box: { x: 0, y: 0, cx: 0.1 * IN, cy: 0.1 * IN } })!, /tiny/);
  assert.match(decorativeReason({ ...base, box: { x: 0, y: 0, cx: 8 * IN, cy: 0.02 * IN } })!, /line/);
  assert.match(decorativeReason({ ...base, box: { x: 0, y: 0, ...slideSize }, textAbove: [{ x: IN, y: IN, cx: IN, cy: IN }] })!, /background/);
  assert.equal(decorativeReason({ ...base, box: { x: 0, y: 0, ...slideSize }, textAbove: [] }), null, 'a full-slide photo alone is content');
  assert.match(decorativeReason({ ...base, box: { x: 9 * IN, y: 6.8 * IN, cx: 0.8 * IN, cy: 0.5 * IN }, mediaSlideCount: 18 })!, /logo/);
  assert.match(decorativeReason({ ...base, box: null, pixels: { w: 12, h: 12 } })!, /tiny image/);
});
