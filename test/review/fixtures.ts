/** A processed batch whose decks carry report rows, without needing the real processor. */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { AltItem, ProcessorResult } from '../../src/shared/types';
import { makeWorld, openEngine, type World } from '../engine/helpers';
import type { Engine } from '../../src/core/engine';

export function item(slide: number, shapeId: string, over: Partial<AltItem> = {}): AltItem {
  return {
    slide,
    part: `ppt/slides/slide${slide}.xml`,
    shapeId,
    shapeName: `Picture ${shapeId}`,
    kind: 'picture',
    mediaPart: `ppt/media/image${shapeId}.png`,
    oldAlt: null,
    oldAltVerdict: 'missing',
    newAlt: `Diagram ${shapeId}`,
    source: 'context',
    status: 'written',
    needsReview: true,
    reviewReasons: [],
    decorative: false,
    ...over,
  };
}

export function result(items: AltItem[]): ProcessorResult {
  return { slides: 2, objects: items.length, written: items.length, kept: 0, needsReview: items.length, unresolved: 0, wroteOutput: true, items };
}

export async function processedBatch(t: { after: (fn: () => void) => void }, itemsPerDeck: AltItem[][]): Promise<{ w: World; engine: Engine; batchId: string; jobIds: number[] }> {
  const w = await makeWorld(t, itemsPerDeck.length);
  const engine = openEngine(w, 'succeed');
  t.after(() => engine.close());
  const b = await engine.createBatch({ inputs: [w.inputs], settings: { outputDir: w.out } });
  await engine.start(b.id);
  await engine.waitForBatch(b.id);
  const jobs = engine.listJobs(b.id).jobs;
  const db = new Database(join(w.home, 'altdeck.db'));
  jobs.forEach((j, i) => db.prepare('UPDATE jobs SET result = ? WHERE id = ?').run(JSON.stringify(result(itemsPerDeck[i])), j.id));
  db.close();
  return { w, engine, batchId: b.id, jobIds: jobs.map((j) => j.id) };
}
