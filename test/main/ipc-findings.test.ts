/**
 * The checker-findings channels (issue 13): what the Review screen may send to list and
 * decide findings, and what is refused before the engine sees it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createIpcHandlers } from '../../src/main/ipc-handlers';
import { ENGINE_METHODS } from '../../src/shared/ipc';
import { deps, RecordingEngine } from './stand-ins';

class FindingsEngine extends RecordingEngine {
  findingGroups(req: unknown) {
    this.calls.push(['findingGroups', [req]]);
    return { total: 0, groups: [], findings: 0, decided: 0 };
  }
  decideFinding(req: { jobId: number; key: string; action: 'approve' | 'edit' | 'reject'; text?: string | null }) {
    this.calls.push(['decideFinding', [req]]);
    return { jobId: req.jobId, key: req.key, action: req.action, text: req.text ?? null, reviewer: null, decidedAt: 1 };
  }
  decideFindingGroup(req: unknown) {
    this.calls.push(['decideFindingGroup', [req]]);
    return 3;
  }
  clearFindingGroup(req: unknown) {
    this.calls.push(['clearFindingGroup', [req]]);
    return 2;
  }
  findingsBulkPreview(req: unknown) {
    this.calls.push(['findingsBulkPreview', [req]]);
    return { findings: 4, decks: 2, byRule: { 'missing-slide-title': 4 } };
  }
  approveAllFindings(req: unknown) {
    this.calls.push(['approveAllFindings', [req]]);
    return { approved: 4, bulkId: 'bulk:1:ab' };
  }
  undoFindingsBulk(req: unknown) {
    this.calls.push(['undoFindingsBulk', [req]]);
    return 4;
  }
}

const KEY = 'missing-slide-title|ppt/slides/slide2.xml#';
const GROUP = JSON.stringify(['missing-slide-title', '', 'Cardiac anatomy']);

test('findings: valid payloads reach the engine methods the host serves', async () => {
  const e = new FindingsEngine();
  const h = createIpcHandlers(e, deps());
  await h['findings:groups']({ batchId: 'B1', query: { rule: 'missing-table-header', filter: 'undecided', offset: 0, limit: 100 } });
  await h['findings:groups']({ batchId: 'B1' });
  await h['findings:decide']({ batchId: 'B1', jobId: 2, key: KEY, action: 'edit', text: 'Valves', reviewer: 'rk' });
  assert.equal(await h['findings:decideGroup']({ batchId: 'B1', groupKey: GROUP, action: 'approve' }), 3);
  await h['findings:groups']({ batchId: 'B1', query: { filter: 'info' } });
  assert.equal(await h['findings:clearGroup']({ batchId: 'B1', groupKey: GROUP }), 2);
  await h['findings:bulkPreview']({ batchId: 'B1', rule: 'missing-slide-title' });
  await h['findings:bulkApprove']({ batchId: 'B1', rule: 'missing-slide-title', reviewer: 'rk' });
  assert.equal(await h['findings:undoBulk']({ batchId: 'B1', bulkId: 'bulk:1:ab' }), 4);
  assert.deepEqual(e.calls, [
    ['findingGroups', [{ batchId: 'B1', rule: 'missing-table-header', filter: 'undecided', offset: 0, limit: 100 }]],
    ['findingGroups', [{ batchId: 'B1' }]],
    ['decideFinding', [{ batchId: 'B1', jobId: 2, key: KEY, action: 'edit', text: 'Valves', reviewer: 'rk' }]],
    ['decideFindingGroup', [{ batchId: 'B1', groupKey: GROUP, action: 'approve' }]],
    ['findingGroups', [{ batchId: 'B1', filter: 'info' }]],
    ['clearFindingGroup', [{ batchId: 'B1', groupKey: GROUP }]],
    ['findingsBulkPreview', [{ batchId: 'B1', rule: 'missing-slide-title' }]],
    ['approveAllFindings', [{ batchId: 'B1', rule: 'missing-slide-title', reviewer: 'rk' }]],
    ['undoFindingsBulk', [{ batchId: 'B1', bulkId: 'bulk:1:ab' }]],
  ]);
  for (const m of ['findingGroups', 'decideFinding', 'decideFindingGroup', 'clearFindingGroup', 'findingsBulkPreview', 'approveAllFindings', 'undoFindingsBulk']) assert.ok((ENGINE_METHODS as readonly string[]).includes(m), `${m} is callable in the engine host`);
});

test('findings: bad payloads are refused before the engine sees them', async () => {
  const e = new FindingsEngine();
  const h = createIpcHandlers(e, deps());
  const bad: Array<[keyof typeof h, unknown]> = [
    ['findings:groups', { batchId: '../x' }],
    ['findings:groups', { batchId: 'B1', query: { rule: 'rm -rf' } }],
    ['findings:groups', { batchId: 'B1', query: { limit: 1e6 } }],
    ['findings:groups', { batchId: 'B1', query: { offset: -1 } }],
    ['findings:groups', { batchId: 'B1', query: { filter: 'needs-review' } }],
    ['findings:groups', { batchId: 'B1', query: { sql: 'DROP TABLE' } }],
    ['findings:decide', { batchId: 'B1', jobId: 2, key: KEY, action: 'decorative' }],
    ['findings:decide', { batchId: 'B1', jobId: 0, key: KEY, action: 'approve' }],
    ['findings:decide', { batchId: 'B1', jobId: 2, key: '', action: 'approve' }],
    ['findings:decide', { batchId: 'B1', jobId: 2, key: 'a\0b', action: 'approve' }],
    ['findings:decide', { batchId: 'B1', jobId: 2, key: KEY, action: 'edit', text: 'x'.repeat(2001) }],
    ['findings:decide', { batchId: 'B1', jobId: 2, key: KEY, action: 'edit', text: 42 }],
    ['findings:decide', { batchId: 'B1', jobId: 2, key: KEY, action: 'approve', method: 'applyApproved' }],
    ['findings:decide', null],
    ['findings:decideGroup', { batchId: 'B1', groupKey: '', action: 'approve' }],
    ['findings:decideGroup', { batchId: 'B1', groupKey: GROUP, action: 'approve', reviewer: 'x'.repeat(201) }],
    ['findings:decideGroup', { batchId: 'B1', groupKey: GROUP }],
    ['findings:clearGroup', { batchId: 'B1' }],
    ['findings:clearGroup', { batchId: 'B1', groupKey: GROUP, jobId: 2 }],
    ['findings:bulkPreview', { batchId: 'B1', rule: 'everything' }],
    ['findings:bulkApprove', { batchId: 'B1', rule: 'missing-slide-title', action: 'reject' }],
    ['findings:bulkApprove', { batchId: 'B1', reviewer: 'x'.repeat(201) }],
    ['findings:undoBulk', { batchId: 'B1' }],
    ['findings:undoBulk', { batchId: 'B1', bulkId: '' }],
  ];
  for (const [channel, payload] of bad) {
    await assert.rejects(() => h[channel](payload), /INVALID_PAYLOAD/, `${channel} ${JSON.stringify(payload)}`);
  }
  assert.deepEqual(e.calls, [], 'the engine was never called');
});
