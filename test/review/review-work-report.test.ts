/**
 * Issue 11 §1: "Show and report how many decisions the batch needs against how many images
 * it has." The batch's HTML and JSON reports carry the review's own counts (kept by its
 * triggers), before and after a group decision.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { processedBatch, item } from './fixtures';
import { tempDir } from '../helpers/tmp';

const LOGO = 'a'.repeat(64);
const logo = (slide: number, shapeId: string) => item(slide, shapeId, { mediaHash: LOGO, newAlt: 'School logo' });

test('the reports say how many decisions the batch needs for its images, and how many are made', async (t) => {
  const { engine, batchId } = await processedBatch(t, [
    [logo(1, '4'), item(2, '5', { newAlt: 'Chest X-ray, left lower lobe' })],
    [logo(1, '4')],
    [logo(1, '4'), item(3, '6', { newAlt: 'Renal corpuscle, labelled' })],
  ]);
  const dir = tempDir(t);
  const html1 = readFileSync(await engine.writeReport(batchId, 'html', join(dir, 'r1.html')), 'utf8');
  assert.match(html1, /3 decisions for 5 images to review \(identical images are decided once\), 0 made\./);
  const json1 = JSON.parse(readFileSync(await engine.writeReport(batchId, 'json', join(dir, 'r1.json')), 'utf8'));
  assert.deepEqual(json1.reviewWork, { decisions: 3, images: 5, decided: 0 });

  const group = engine.reviewGroups(batchId).groups[0];
  assert.equal(group.members, 3);
  engine.decideGroup({ batchId, groupKey: group.groupKey, action: 'approve', reviewer: 'ana' });
  const json2 = JSON.parse(readFileSync(await engine.writeReport(batchId, 'json', join(dir, 'r2.json')), 'utf8'));
  assert.deepEqual(json2.reviewWork, { decisions: 3, images: 5, decided: 1 });
});
