/** Issue 11 §3: the slide outline beside each picture (pure parts: the processor's boxes, the words read aloud). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { slideOutline, OUTLINE_MAX_TEXTS } from '../../src/processor/outline';
import { placeWords } from '../../src/renderer/review/labels';

const size = { cx: 12192000, cy: 6858000 }; // 16:9

test('slide outline: the frame and the text boxes in thousandths of the slide, top to bottom, cut short', () => {
  const texts = [
    { text: 'Body text  with   spaces\nand a line', box: { x: 609600, y: 1714500, cx: 5486400, cy: 3429000 }, placeholder: 'body', z: 2 },
    { text: 'Cardiac cycle', box: { x: 609600, y: 342900, cx: 10972800, cy: 1028700 }, placeholder: 'title', z: 1 },
    { text: '   ', box: { x: 0, y: 0, cx: 10, cy: 10 }, placeholder: null, z: 3 },
    { text: 'no position', box: null, placeholder: null, z: 4 },
    { text: 'x'.repeat(200), box: { x: 0, y: 6000000, cx: 12192000, cy: 500000 }, placeholder: null, z: 5 },
  ];
  const o = slideOutline({ x: 6400800, y: 1714500, cx: 5181600, cy: 4114800 }, texts, size);
  assert.equal(o.aspect, 1.78);
  assert.deepEqual(o.frame, [525, 250, 425, 600]);
  assert.deepEqual(
    o.texts.map((t) => [t.text.slice(0, 20), t.title]),
    [
      ['Cardiac cycle', true],
      ['Body text with space', false],
      ['xxxxxxxxxxxxxxxxxxxx', false],
    ],
  );
  assert.equal(o.texts[2].text.length, 80);
  assert.equal(slideOutline(null, [], size).frame, null);
  const many = Array.from({ length: 20 }, (_, i) => ({ text: `t${i}`, box: { x: 0, y: i * 1000, cx: 10, cy: 10 }, placeholder: null, z: i }));
  assert.equal(slideOutline(null, many, size).texts.length, OUTLINE_MAX_TEXTS);
});

test('slide outline in words: where the picture sits and how much of the slide it takes', () => {
  assert.equal(placeWords([525, 250, 425, 600]), 'on the right, about a quarter to half of the slide');
  assert.equal(placeWords([0, 0, 1000, 1000]), 'in the middle, filling most of the slide');
  assert.equal(placeWords([850, 850, 100, 100]), 'at the bottom right, very small on the slide');
  assert.equal(placeWords([400, 50, 200, 200]), 'at the top, very small on the slide');
});
