/** The summary's ranking and roll-up (src/core/report/overview.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel, toReportJson } from '../../src/core/report';
import { folderOf } from '../../src/core/report/overview';
import { batch, item, job, result } from './fixtures';

const done = item({ source: 'person', status: 'kept', oldAlt: 'A heart', oldAltVerdict: 'person', newAlt: 'A heart', needsReview: false, reviewReasons: [] });
const draft = item({ source: 'model', status: 'written', needsReview: true });
const missing = item({ source: 'none', status: 'unresolved', newAlt: null });

test('attention is ranked: failed decks, then missing ALT (most first), then drafts (most first); done decks are not listed', () => {
  const jobs = [
    job(1, { relPath: 'a/done.pptx', result: result([done, done]) }),
    job(2, { relPath: 'a/one-draft.pptx', result: result([draft, done]) }),
    job(3, { relPath: 'b/two-missing.pptx', result: result([missing, missing, draft]) }),
    job(4, { relPath: 'b/failed.pptx', state: 'failed', result: null, error: { code: 'PROCESSOR_CRASHED', message: 'x' } }),
    job(5, { relPath: 'c/one-missing.pptx', result: result([missing, draft, draft]) }),
    job(6, { relPath: 'c/three-drafts.pptx', result: result([draft, draft, draft]) }),
  ];
  const m = buildModel({ batch: batch(), jobs, generatedAt: 0, appVersion: 't' });
  const ranked = m.overview.attention.map((a) => `${a.kind}:${m.decks[a.deck].relPath}:${a.count}`);
  assert.deepEqual(ranked, ['failed:b/failed.pptx:0', 'missing:b/two-missing.pptx:2', 'missing:c/one-missing.pptx:1', 'draft:c/three-drafts.pptx:3', 'draft:a/one-draft.pptx:1']);
});

test('the roll-up per folder adds decks, outcomes and scores up per folder', () => {
  const jobs = [
    job(1, { relPath: 'Anatomy/Week 1/a.pptx', result: result([done, missing]) }),
    job(2, { relPath: 'Anatomy/Week 1/b.pptx', state: 'failed', error: { code: 'PROCESSOR_TIMEOUT', message: 't' } }),
    job(3, { relPath: 'Anatomy/Week 2/c.pptx', result: result([draft]) }),
    job(4, { relPath: 'top.pptx', result: result([done]) }),
  ];
  const { folders } = buildModel({ batch: batch(), jobs, generatedAt: 0, appVersion: 't' }).overview;
  assert.deepEqual(
    folders.map((f) => [f.folder, f.decks, f.done, f.failed, f.scoreAfter]),
    [
      ['', 1, 1, 0, { images: 1, done: 1, draft: 0, missing: 0 }],
      ['Anatomy/Week 1', 2, 1, 1, { images: 2, done: 1, draft: 0, missing: 1 }],
      ['Anatomy/Week 2', 1, 1, 0, { images: 1, done: 0, draft: 1, missing: 0 }],
    ],
  );
  assert.equal(folderOf('x\\y\\z.pptx'), 'x/y');
});

test('the JSON report carries the same ranking and roll-up for scripts', () => {
  const jobs = [
    job(1, { relPath: 'a/draft.pptx', result: result([draft]) }),
    job(2, { relPath: 'b/failed.pptx', state: 'failed', error: { code: 'PROCESSOR_CRASHED', message: 'x' } }),
  ];
  const j = toReportJson({ batch: batch(), jobs, generatedAt: 0, appVersion: 't' });
  assert.deepEqual(j.attention, [
    { deck: 'b/failed.pptx', kind: 'failed', count: 0 },
    { deck: 'a/draft.pptx', kind: 'draft', count: 1 },
  ]);
  assert.deepEqual(j.folders.map((f) => [f.folder, f.decks, f.failed]), [['a', 1, 0], ['b', 1, 1]]);
});
