import { test } from 'node:test';
import assert from 'node:assert/strict';
import { basename, completion, deckCount, finishedCount, formatDuration, formatEta, formatRate, progressAnnouncement } from '../../src/renderer/format';
import type { StateCounts } from '../../src/shared/types';

const c = (o: Partial<StateCounts>): StateCounts => ({ total: 10, pending: 0, running: 0, retrying: 0, succeeded: 0, failed: 0, skipped: 0, cancelled: 0, rejected: 0, ...o });

test('durations are coarse and readable', () => {
  assert.equal(formatDuration(400), '1 s');
  assert.equal(formatDuration(45_000), '45 s');
  assert.equal(formatDuration(3 * 60_000), '3 min');
  assert.equal(formatDuration(80 * 60_000), '1 h 20 min');
  assert.equal(formatDuration(120 * 60_000), '2 h');
  assert.equal(formatDuration(-1), '—');
});

test('ETA is a range, collapsed when both ends agree, unknown while estimating', () => {
  assert.equal(formatEta({ lowMs: 120_000, highMs: 240_000, unitsPerSec: 1, decksPerMin: 2 }), '2–4 min left');
  assert.equal(formatEta({ lowMs: 40_000, highMs: 150_000, unitsPerSec: 1, decksPerMin: 2 }), '40 s – 3 min left');
  assert.equal(formatEta({ lowMs: 60_000, highMs: 62_000, unitsPerSec: 1, decksPerMin: 2 }), 'About 1 min left');
  assert.equal(formatEta({ lowMs: null, highMs: null, unitsPerSec: null, decksPerMin: null }), 'Estimating time left…');
  assert.equal(formatEta(undefined, true), 'Finished');
});

test('rate shows decks per minute and pictures per second', () => {
  assert.equal(formatRate({ lowMs: 1, highMs: 2, unitsPerSec: 2.345, decksPerMin: 12.4 }), '12 decks/min · 2.3 pictures/s');
  assert.equal(formatRate({ lowMs: null, highMs: null, unitsPerSec: null, decksPerMin: null }), '—');
});

test('completion counts pictures when known, decks otherwise', () => {
  assert.equal(completion(c({ succeeded: 5 }), 30, 60), 0.5);
  assert.equal(completion(c({ succeeded: 4, failed: 1 }), 0, 0), 0.5);
  assert.equal(completion(c({ total: 0 }), 0, 0), 0);
});

test('the live region speaks at 10% steps only, and at the end', () => {
  assert.match(progressAnnouncement(null, 0.05, c({ succeeded: 0 }))!, /^5% done/);
  assert.equal(progressAnnouncement(0.05, 0.09, c({})), null);
  assert.match(progressAnnouncement(0.09, 0.1, c({ succeeded: 1 }))!, /10% done: 1 of 10/);
  assert.match(progressAnnouncement(1, 1, c({ succeeded: 9, failed: 1 }))!, /100% done.*1 failed/);
});

test('basename handles both separators', () => {
  assert.equal(basename('C:\\Decks\\a.pptx'), 'a.pptx');
  assert.equal(basename('/x/y/b.pptx'), 'b.pptx');
});

test('rejected files are no work: neither finished nor to do, named apart in the announcement', () => {
  // 10 files, 6 refused by the check, 3 of the other 4 done.
  const counts = c({ rejected: 6, succeeded: 3, pending: 1 });
  assert.equal(finishedCount(counts), 3);
  assert.equal(deckCount(counts), 4);
  assert.equal(completion(counts, 0, 0), 0.75);
  assert.match(progressAnnouncement(null, 0.75, counts)!, /3 of 4 decks processed, 6 not accepted by the check\./);
  assert.equal(completion(c({ total: 6, rejected: 6 }), 0, 0), 0, 'only rejects: nothing to do, not 100%');
});
