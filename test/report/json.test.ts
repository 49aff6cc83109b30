import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toJson, REPORT_SCHEMA, accessibilityScore } from '../../src/core/report';
import { sampleInput, item, REAL_ALT } from './fixtures';

test('JSON report has the documented, stable shape', () => {
  const report = JSON.parse(toJson(sampleInput()));
  assert.equal(report.schema, REPORT_SCHEMA);
  assert.equal(report.generatedAt, '2026-01-05T10:00:00.000Z');
  assert.equal(report.appVersion, '0.1.0');
  assert.deepEqual(Object.keys(report), ['schema', 'generatedAt', 'appVersion', 'batch', 'summary', 'decks', 'checks', 'reviewWork', 'attention', 'folders']);
  assert.equal(report.batch.id, '20260105_090000_abcd1234');
  assert.equal(report.batch.startedAt, '2026-01-05T09:00:05.000Z');
  assert.equal(report.batch.settings.altPolicy, 'preserve');

  const s = report.summary;
  assert.deepEqual(s.counts, { pending: 0, running: 0, retrying: 0, succeeded: 2, failed: 1, skipped: 1, cancelled: 0, rejected: 1 });
  assert.equal(s.decks, 5);
  assert.equal(s.pictures, 4);
  assert.equal(s.written, 1);
  assert.equal(s.kept, 1);
  assert.equal(s.decorative, 1);
  assert.equal(s.needsReview, 2);
  assert.equal(s.unresolved, 1);
  // Before: only Kühlschrank was a person's. After: the model's text and AltDeck's flag are drafts, not done.
  assert.equal(s.accessibilityBefore, 0.25);
  assert.equal(s.accessibilityAfter, 0.25);
  assert.deepEqual(s.scoreBefore, { images: 4, done: 1, draft: 0, missing: 3 });
  assert.deepEqual(s.scoreAfter, { images: 4, done: 1, draft: 2, missing: 1 });

  // Decks sorted by path, rejected files last.
  assert.deepEqual(
    report.decks.map((d: { relPath: string }) => d.relPath),
    ['anatomy/week1 – Herz.pptx', 'pharma/dosing.pptx', 'signed.pptx', 'text-only.pptx', '/share/lectures/old.ppt'],
  );
  const [herz, dosing, signed, , old] = report.decks;
  assert.equal(herz.items.length, 4);
  assert.equal(herz.items[0].oldAlt, REAL_ALT.officeCaption);
  assert.equal(herz.startedAt, '2026-01-05T09:01:00.000Z');
  assert.deepEqual(dosing.error, { code: 'PROCESSOR_TIMEOUT', message: dosing.error.message, exitCode: null, signal: 'SIGKILL' });
  assert.equal(signed.state, 'skipped');
  assert.equal(signed.error.code, 'SIGNED_DECK');
  assert.equal(old.jobId, null);
  assert.equal(old.state, 'rejected');
  assert.equal(old.error.code, 'LEGACY_PPT');
});

test('accessibility score: only a person’s text or flag, or an approved one, is done; null without images', () => {
  assert.equal(accessibilityScore([], 'before'), null);
  const items = [
    item({ oldAlt: REAL_ALT.fileName, oldAltVerdict: 'junk', status: 'written', newAlt: 'Grid of cells' }),
    item({ oldAlt: REAL_ALT.umlaut, oldAltVerdict: 'person', status: 'kept', newAlt: REAL_ALT.umlaut }),
    item({ status: 'proposed', newAlt: 'A proposal nobody wrote into a deck' }),
    item({ status: 'decorative', decorative: true, source: 'person', newAlt: null }),
    item({ status: 'unresolved', newAlt: null }),
  ];
  assert.equal(accessibilityScore(items, 'before'), 2 / 5);
  // the written text (OCR: evidence) is a draft and the proposal is in no deck: neither is done
  assert.equal(accessibilityScore(items, 'after'), 2 / 5);
  assert.equal(accessibilityScore(items, 'after', (i) => (i === items[0] ? { action: 'approve' } : null)), 3 / 5);
});
