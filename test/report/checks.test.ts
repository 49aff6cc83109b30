/**
 * The checker score (issue 13): counts per rule before and after, drafts not passing until
 * approved, the 0–100 score in its bands, roll-ups per folder and course in the HTML, JSON
 * and the checks CSV, an encrypted deck counted as restricted access, and what no tool can
 * check stated plainly.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CheckFinding } from '../../src/shared/checker';
import { NOT_CHECKABLE } from '../../src/shared/checker';
import { courseOf, deckCheckScore, folderOf, groupScore, ruleCounts, scoreOfCounts } from '../../src/shared/check-score';
import { checksCsv, checksHtml, checksModel } from '../../src/core/report/checks';
import { toJson } from '../../src/core/report/json';
import type { BatchInfo, JobInfo, ProcessorResult } from '../../src/shared/types';
import { buildModel, type ReportInput } from '../../src/core/report/model';
import { buildSummary } from '../../src/cli/summary';

const f = (over: Partial<CheckFinding>): CheckFinding => ({ rule: 'missing-slide-title', slide: 1, part: 'ppt/slides/slide1.xml', target: '', outcome: 'proposed', message: 'm', trust: 'evidence', written: true, proposal: 'T', ...over });

test('before every finding is an issue; after, a safe fix passes, a draft awaits review, a flag stays, not-checked is apart', () => {
  const findings = [
    f({ slide: 1 }),
    f({ slide: 2, outcome: 'flagged', written: false, proposal: null }),
    f({ rule: 'document-title', slide: null, outcome: 'fixed', trust: 'data' }),
    f({ rule: 'low-contrast', slide: 3, outcome: 'not-checked', written: false }),
  ];
  const checked = { 'missing-slide-title': 4, 'document-title': 1, 'low-contrast': 2 };
  const before = ruleCounts({ findings, checked }, 'before');
  assert.deepEqual(before['missing-slide-title'], { checked: 4, issues: 2, draft: 0, notChecked: 0 });
  assert.deepEqual(before['low-contrast'], { checked: 2, issues: 0, draft: 0, notChecked: 1 });
  const after = ruleCounts({ findings, checked }, 'after');
  assert.deepEqual(after['missing-slide-title'], { checked: 4, issues: 1, draft: 1, notChecked: 0 });
  assert.deepEqual(after['document-title'], { checked: 1, issues: 0, draft: 0, notChecked: 0 });
  // approving the draft makes it pass; rejecting leaves the issue
  const approved = ruleCounts({ findings, checked }, 'after', (x) => (x.slide === 1 && x.rule === 'missing-slide-title' ? { action: 'approve' } : null));
  assert.deepEqual(approved['missing-slide-title'], { checked: 4, issues: 1, draft: 0, notChecked: 0 });
  const rejected = ruleCounts({ findings, checked }, 'after', (x) => (x.slide === 1 && x.rule === 'missing-slide-title' ? { action: 'reject' } : null));
  assert.equal(rejected['missing-slide-title']!.issues, 2);
});

test('the score weighs rules by severity, is 100 only when everything passes, and falls in Ally-like bands', () => {
  assert.deepEqual(scoreOfCounts({}), { rules: {}, score: null, band: null });
  assert.equal(scoreOfCounts({ 'missing-slide-title': { checked: 10, issues: 0, draft: 0, notChecked: 0 } }).score, 100);
  // one issue in 1,000 rounds to 100 but is not perfect
  assert.equal(scoreOfCounts({ 'missing-slide-title': { checked: 1000, issues: 1, draft: 0, notChecked: 0 } }).score, 99);
  // an error rule (weight 3) all failing, a tip rule (weight 1) all passing: 25
  const s = scoreOfCounts({ 'missing-slide-title': { checked: 4, issues: 4, draft: 0, notChecked: 0 }, 'document-title': { checked: 1, issues: 0, draft: 0, notChecked: 0 } });
  assert.equal(s.score, 25);
  assert.equal(s.band, 'Low');
  // a rule nothing could be decided for does not count either way
  assert.equal(scoreOfCounts({ 'low-contrast': { checked: 2, issues: 0, draft: 0, notChecked: 2 } }).score, null);
  // ALT folds in as missing-alt: drafts do not pass
  const d = deckCheckScore({ findings: [], checked: {}, alt: { images: 4, done: 1, draft: 2, missing: 1 } }, 'after');
  assert.equal(d.score, 25);
  // the group score is the mean of the decks' scores
  assert.equal(groupScore([{ rules: {}, score: 100 }, { rules: {}, score: 50 }, { rules: {}, score: null }]).score, 75);
  assert.equal(groupScore([{ rules: {}, score: 100 }, { rules: {}, score: 100 }]).band, 'Perfect');
  assert.equal(groupScore([{ rules: {}, score: 66 }]).band, 'Medium');
  assert.equal(groupScore([{ rules: {}, score: 67 }]).band, 'High');
});

test('course is the first folder under the root; folder is the deck’s folder', () => {
  assert.equal(courseOf('Cardiology/Week 1/a.pptx'), 'Cardiology');
  assert.equal(courseOf('Cardiology\\b.pptx'), 'Cardiology');
  assert.equal(courseOf('top.pptx'), '(top level)');
  assert.equal(folderOf('Cardiology/Week 1/a.pptx'), 'Cardiology/Week 1');
  assert.equal(folderOf('top.pptx'), '(top level)');
});

function job(id: number, relPath: string, result: Partial<ProcessorResult> | null, error?: JobInfo['error']): JobInfo {
  return {
    id,
    batchId: 'b1',
    inputPath: `/in/${relPath}`,
    relPath,
    outputPath: `/out/${relPath}`,
    state: result ? 'succeeded' : 'failed',
    attempts: 1,
    startedAt: 1,
    finishedAt: 2,
    durationMs: 1,
    error: error ?? null,
    result: result ? ({ slides: 2, objects: 0, written: 0, kept: 0, needsReview: 0, unresolved: 0, wroteOutput: true, items: [], ...result } as ProcessorResult) : null,
    preflight: null,
  } as unknown as JobInfo;
}

function input(): ReportInput {
  const batch = { id: 'b1', state: 'completed', createdAt: 0, startedAt: 0, finishedAt: 1, reason: null, counts: { total: 3 }, activeMs: 0, settings: { outputDir: '/out', altPolicy: 'preserve', dryRun: false } } as unknown as BatchInfo;
  return {
    batch,
    generatedAt: 0,
    appVersion: 't',
    jobs: [
      job(1, 'Cardiology/Week 1/a.pptx', { checks: [f({ slide: 1 }), f({ slide: 2, part: 'ppt/slides/slide2.xml' })], checkedCounts: { 'missing-slide-title': 2, 'document-title': 1 } }),
      job(2, 'Cardiology/Week 2/b.pptx', { checks: [], checkedCounts: { 'missing-slide-title': 3, 'document-title': 1 } }),
      job(3, 'Neurology/c.pptx', null, { code: 'ENCRYPTED', message: 'password' }),
    ],
  };
}

test('the reports roll the score up per course and folder; an encrypted deck counts as restricted access', () => {
  const m = checksModel(input());
  assert.deepEqual(m.courses.map((c) => [c.name, c.decks]), [['Cardiology', 2], ['Neurology', 1]]);
  assert.deepEqual(m.folders.map((c) => c.name), ['Cardiology/Week 1', 'Cardiology/Week 2', 'Neurology']);
  const a = m.decks.find((d) => d.jobId === 1)!;
  assert.equal(a.before.score, 25); // titles (weight 3) all failing, the document title (1) passing
  assert.equal(a.after.rules['missing-slide-title']!.draft, 2);
  assert.equal(m.decks.find((d) => d.jobId === 2)!.before.score, 100);
  const enc = m.decks.find((d) => d.jobId === 3)!;
  assert.deepEqual(enc.before.rules['restricted-access'], { checked: 1, issues: 1, draft: 0, notChecked: 0 });
  assert.equal(enc.before.score, 0);
  assert.equal(m.courses[0].before.score, Math.round((25 + 100) / 2));

  // approved in review: the drafts pass
  const approved = checksModel(input(), new Map([['1|missing-slide-title|ppt/slides/slide1.xml#', { action: 'approve' as const }]]));
  assert.equal(approved.decks[0].after.rules['missing-slide-title']!.draft, 1);

  const html = checksHtml(m);
  assert.match(html, /<h2 id="checks">Accessibility checker<\/h2>/);
  assert.match(html, /Missing slide title/);
  assert.match(html, /Score per course/);
  assert.match(html, /<th scope="row">Cardiology<\/th><td class="num">2<\/td>/);
  for (const s of NOT_CHECKABLE) assert.ok(html.includes(s.replace(/&/g, '&amp;').replace(/"/g, '&quot;')), s);

  const csv = checksCsv(m).replace(/^\uFEFF/, '').trim().split('\r\n');
  const head = csv[0].split(',');
  assert.deepEqual(head.slice(0, 4), ['level', 'name', 'decks', 'score_before']);
  const rows = csv.slice(1).map((l) => l.split(','));
  assert.deepEqual(rows.map((r) => `${r[0]}:${r[1]}`), ['batch:Batch', 'course:Cardiology', 'course:Neurology', 'folder:Cardiology/Week 1', 'folder:Cardiology/Week 2', 'folder:Neurology', 'deck:Cardiology/Week 1/a.pptx', 'deck:Cardiology/Week 2/b.pptx', 'deck:Neurology/c.pptx']);
  const col = (name: string) => head.indexOf(name);
  const deckA = rows[6];
  assert.equal(deckA[col('missing-slide-title_before')], '2');
  assert.equal(deckA[col('missing-slide-title_after')], '0');
  assert.equal(deckA[col('missing-slide-title_awaiting_review')], '2');

  const json = JSON.parse(toJson(input()));
  assert.equal(json.checks.batch.decks, 3);
  assert.deepEqual(json.checks.courses.map((c: { name: string }) => c.name), ['Cardiology', 'Neurology']);
  assert.equal(json.checks.notCheckable.length, NOT_CHECKABLE.length);
});

test('missing alternative text counts what the image score counts: slide images, not layout or master pictures', () => {
  const pic = (shapeId: string, part: string) => ({ slide: 1, part, shapeId, shapeName: `Picture ${shapeId}`, kind: 'picture', mediaPart: null, oldAlt: null, oldAltVerdict: 'missing', newAlt: null, source: 'none', status: 'unresolved', needsReview: true, reviewReasons: [], decorative: false });
  const inp = input();
  inp.jobs = [job(1, 'Cardiology/a.pptx', { items: [pic('4', 'ppt/slides/slide1.xml')], layoutItems: [pic('7', 'ppt/slideLayouts/slideLayout1.xml')] } as unknown as Partial<ProcessorResult>)];
  const m = checksModel(inp);
  assert.deepEqual(m.decks[0].before.rules['missing-alt'], { checked: 1, issues: 1, draft: 0, notChecked: 0 });
});

test('the report\'s image score, the CLI summary and the checker count the same images: slide images, not layout or master pictures', () => {
  const pic = (shapeId: string, part: string) => ({ slide: 1, part, shapeId, shapeName: `Picture ${shapeId}`, kind: 'picture', mediaPart: null, oldAlt: null, oldAltVerdict: 'missing', newAlt: null, source: 'none', status: 'unresolved', needsReview: true, reviewReasons: [], decorative: false });
  const inp = input();
  inp.jobs = [job(1, 'Cardiology/a.pptx', { items: [pic('4', 'ppt/slides/slide1.xml')], layoutItems: [pic('7', 'ppt/slideLayouts/slideLayout1.xml')] } as unknown as Partial<ProcessorResult>)];
  const model = buildModel(inp);
  assert.deepEqual(model.decks[0].scoreAfter, { images: 1, done: 0, draft: 0, missing: 1 });
  assert.equal(model.decks[0].items.length, 2, 'the layout picture is still listed for the reviewer');
  const summary = buildSummary(inp.batch, inp.jobs, 0);
  assert.deepEqual(summary.score.after, model.decks[0].scoreAfter);
  assert.equal(checksModel(inp).decks[0].before.rules['missing-alt']!.checked, model.decks[0].scoreAfter!.images);
});
