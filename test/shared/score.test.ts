import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ALT_SOURCES, TRUST_OF_SOURCE, trustOf, type AltItem } from '../../src/shared/types';
import { addScore, scoreLine, scoreOf, standingAfter, standingBefore, STANDING_LABELS } from '../../src/shared/score';

function item(p: Partial<AltItem>): AltItem {
  return {
    slide: 1, part: 'ppt/slides/slide1.xml', shapeId: '2', shapeName: 'Picture 1', kind: 'picture', mediaPart: null,
    oldAlt: null, oldAltVerdict: 'missing', newAlt: null, source: 'none', status: 'unresolved',
    needsReview: true, reviewReasons: [], decorative: false, ...p,
  };
}

test('every source has one trust level; data, model and evidence are the issue’s groups', () => {
  for (const s of ALT_SOURCES) assert.ok(TRUST_OF_SOURCE[s], s);
  assert.deepEqual(['chart', 'smartart', 'table'].map(trustOf), ['data', 'data', 'data']);
  assert.deepEqual(['caption', 'auto-caption', 'file-name', 'link', 'ocr'].map(trustOf), Array(5).fill('evidence'));
  assert.equal(trustOf('model'), 'model');
  assert.equal(trustOf('person'), 'person');
  assert.equal(trustOf('placeholder'), 'none');
  assert.equal(trustOf('something-a-custom-processor-said'), 'none');
});

test('only a person’s words are done; drafts wait for review; placeholders and junk are missing', () => {
  const person = item({ oldAlt: 'Heart, anterior view', oldAltVerdict: 'person', newAlt: 'Heart, anterior view', source: 'person', status: 'kept' });
  const chart = item({ newAlt: 'Bar chart', source: 'chart', status: 'written' });
  const model = item({ newAlt: 'A cat on a couch', source: 'model', status: 'written' });
  const placeholder = item({ newAlt: 'Picture without a description', source: 'placeholder', status: 'written' });
  const unresolved = item({ oldAlt: 'image1.png', oldAltVerdict: 'junk' });
  const ours = item({ oldAlt: 'Alfresco logo', oldAltVerdict: 'altdeck', newAlt: 'Alfresco logo', source: 'file-name', status: 'written' });
  const flagged = item({ decorative: true, status: 'decorative', source: 'person' });
  const ourFlag = item({ decorative: true, status: 'decorative', source: 'decorative' });
  assert.equal(standingAfter(person), 'done');
  assert.equal(standingAfter(chart), 'draft');
  assert.equal(standingAfter(model), 'draft');
  assert.equal(standingAfter(placeholder), 'missing');
  assert.equal(standingAfter(unresolved), 'missing');
  assert.equal(standingBefore(ours), 'draft', 'our own earlier output is a draft, never a person’s');
  assert.equal(standingAfter(flagged), 'done');
  assert.equal(standingAfter(ourFlag), 'draft');
  // review: approval makes it done, reject keeps what the original deck had
  assert.equal(standingAfter(model, { action: 'approve' }), 'done');
  assert.equal(standingAfter(unresolved, { action: 'edit' }), 'done');
  assert.equal(standingAfter(model, { action: 'reject' }), 'missing');
  const all = [person, chart, model, placeholder, unresolved, flagged];
  assert.deepEqual(scoreOf(all, 'before'), { images: 6, done: 2, draft: 0, missing: 4 });
  assert.deepEqual(scoreOf(all, 'after'), { images: 6, done: 2, draft: 2, missing: 2 });
  assert.deepEqual(scoreOf(all, 'after', (it) => (it === chart ? { action: 'approve' } : null)), { images: 6, done: 3, draft: 1, missing: 2 });
  assert.equal(scoreOf([], 'after'), null);
  assert.deepEqual(addScore(null, scoreOf([chart], 'after')), { images: 1, done: 0, draft: 1, missing: 0 });
  assert.match(scoreLine(scoreOf(all, 'after')), /2 done, 2 draft \(awaiting review\), 2 missing alternative text/);
  assert.equal(STANDING_LABELS.missing, 'Missing alternative text');
});
