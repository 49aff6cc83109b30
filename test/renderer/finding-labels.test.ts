/** The findings panel's words (issue 13): PowerPoint's rule names, what can be decided, what is information. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canDecide, canEdit, FINDING_RULES, findingAnnouncement, findingCountsLine, findingLine, findingStatus, findingWhere, severityOf } from '../../src/renderer/review/finding-labels';

test('finding labels: rules, decisions, information rows', () => {
  assert.ok(!FINDING_RULES.includes('missing-alt'), 'ALT text has the image panel');
  assert.equal(FINDING_RULES.length, 12);
  assert.equal(severityOf('missing-slide-title'), 'Error');
  // a title or link text can be typed; a header row or a reading order only approved or rejected; information never decided
  assert.deepEqual([canEdit({ rule: 'missing-slide-title', outcome: 'proposed' }), canEdit({ rule: 'missing-table-header', outcome: 'proposed' }), canEdit({ rule: 'reading-order', outcome: 'proposed' })], [true, false, false]);
  assert.deepEqual([canDecide({ outcome: 'proposed' }), canDecide({ outcome: 'flagged' }), canDecide({ outcome: 'fixed' }), canDecide({ outcome: 'not-checked' })], [true, false, false, false]);
  assert.equal(findingStatus({ outcome: 'flagged', decision: null, decided: 0, members: 1 }), 'Fix in PowerPoint');
  assert.equal(findingStatus({ outcome: 'proposed', decision: null, decided: 1, members: 3 }), 'Mixed: 1 of 3 decided');
  assert.equal(findingStatus({ outcome: 'proposed', decision: 'reject', decided: 3, members: 3 }), 'Rejected, deck left as it is');
  assert.equal(findingAnnouncement('approve', 3, 2, 9), 'Approved for 3 findings, 2 of 9 left.');
  assert.equal(findingAnnouncement('cleared', 1, 3, 9), 'Decision removed, 3 of 9 left.');
  assert.equal(findingCountsLine({ findings: 0, decided: 0, info: 1 }), 'No finding needs a decision. 1 finding listed as information (fixed without review, or for a person to fix in PowerPoint).');
  assert.equal(findingWhere({ members: 1, decks: 1, slide: null, relPath: 'a/b.pptx' }, (p) => p.split('/').pop()!), 'Whole deck · b.pptx');
  assert.equal(findingWhere({ members: 4, decks: 2, slide: 3, relPath: 'a/b.pptx' }, (p) => p), '4 findings in 2 decks');
  const base = { outcome: 'proposed', message: 'm', decision: null, text: null } as const;
  assert.equal(findingLine({ ...base, rule: 'missing-slide-title', proposal: 'Valves' }), 'Proposed: “Valves”');
  assert.equal(findingLine({ ...base, rule: 'missing-table-header', proposal: 'first row is the header row' }), 'Proposed: first row is the header row');
  assert.equal(findingLine({ ...base, rule: 'missing-slide-title', proposal: 'Valves', decision: 'edit', text: 'Heart valves' }), 'Yours: “Heart valves”');
  assert.equal(findingLine({ ...base, outcome: 'flagged', rule: 'merged-cells', proposal: null, message: 'Split them.' }), 'Split them.');
});
