/**
 * A processed batch of `decks` × `perDeck` images written straight into a real queue
 * database (the real QueueStore, the real migrations), without running the processor
 * 2,000 times: the Review screen's scale tests and `npm run bench review` start from it.
 * Like a school's share, some pictures repeat: a logo on every deck, a few icons on
 * many, the rest unique; every tenth picture looks clinical, every seventh was read by OCR.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { openDatabase } from '../../src/core/db/open';
import { QueueStore, type NewJob } from '../../src/core/queue/store';
import { resolveSettings, settingsKey } from '../../src/core/settings';
import type { AltItem, PreflightResult, ProcessorResult } from '../../src/shared/types';

export const BIG_BATCH_ID = '20260101_000000_5ca1ab1e';
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

export function bigBatchItem(deck: number, i: number): AltItem {
  // slot 0: the school's logo (every deck); 1-2: one of 5 icons; the rest unique to the deck
  const hash = i === 0 ? sha('logo') : i <= 2 ? sha(`icon-${(deck + i) % 5}`) : sha(`deck-${deck}-pic-${i}`);
  const slide = 1 + i;
  const clinical = i > 2 && (deck * 15 + i) % 10 === 0;
  const ocr = i > 2 && (deck * 15 + i) % 7 === 0;
  return {
    slide,
    part: `ppt/slides/slide${slide}.xml`,
    shapeId: String(4 + i),
    shapeName: i === 0 ? 'Logo' : `Picture ${4 + i}`,
    kind: 'picture',
    mediaPart: `ppt/media/image${i + 1}.png`,
    mediaHash: hash,
    oldAlt: null,
    oldAltVerdict: 'missing',
    newAlt: i === 0 ? 'School logo' : i <= 2 ? `Icon ${(deck + i) % 5}` : clinical ? `Chest X-ray, deck ${deck} slide ${slide}` : ocr ? `Text in image: "Week ${deck}"` : `Diagram ${i} of lecture ${deck}`,
    source: ocr ? 'ocr' : 'file-name',
    status: 'written',
    needsReview: true,
    reviewReasons: [],
    decorative: false,
  };
}

/** Writes the batch into `<home>/altdeck.db`; returns its id. */
export function seedBigBatch(home: string, decks: number, perDeck: number): string {
  const db = openDatabase(join(home, 'altdeck.db'));
  try {
    const store = new QueueStore(db);
    const settings = resolveSettings({}, { outputDir: join(home, 'out'), inputRoot: join(home, 'share') });
    const preflight = (path: string): PreflightResult => ({
      ok: true,
      path,
      code: 'OK',
      size: 1_000_000,
      mtimeMs: 0,
      warnings: [],
      audit: { slides: perDeck + 1, pictures: perDeck, picturesMissingAlt: perDeck, graphicFrames: 0, hiddenSlides: 0, signed: false, macroEnabled: false, uncompressedBytes: 2_000_000 },
    });
    const jobs: NewJob[] = Array.from({ length: decks }, (_, d) => {
      const rel = `course-${d % 40}/lecture-${String(d).padStart(4, '0')}.pptx`;
      return { inputPath: join(home, 'share', rel), relPath: rel, preflight: preflight(join(home, 'share', rel)), workUnits: perDeck, state: 'pending' };
    });
    store.createBatch(BIG_BATCH_ID, settings, jobs, settingsKey(settings), 'completed');
    const ids = db.prepare('SELECT id FROM jobs WHERE batch_id = ? ORDER BY seq').pluck().all(BIG_BATCH_ID) as number[];
    const done = db.prepare("UPDATE jobs SET state = 'succeeded', result = ?, output_path = ?, finished_at = ? WHERE id = ?");
    db.transaction(() => {
      ids.forEach((id, d) => {
        const items = Array.from({ length: perDeck }, (_, i) => bigBatchItem(d, i));
        const result: ProcessorResult = { slides: perDeck + 1, objects: perDeck, written: perDeck, kept: 0, needsReview: perDeck, unresolved: 0, wroteOutput: true, items };
        done.run(JSON.stringify(result), join(home, 'out', jobs[d].relPath), Date.now(), id);
      });
    })();
    return BIG_BATCH_ID;
  } finally {
    db.close();
  }
}

/**
 * Checker findings for every deck of a seeded batch (issue 13's panel at scale): ten slides
 * without a title each, the first two of them "Course overview" in every deck (identical
 * findings across the batch), a header row to approve, and three tables with merged cells
 * (information). Per deck: 11 findings to decide, 3 as information.
 */
export function seedBigBatchChecks(home: string, batchId = BIG_BATCH_ID): void {
  const db = openDatabase(join(home, 'altdeck.db'));
  try {
    const rows = db.prepare("SELECT id, result FROM jobs WHERE batch_id = ? AND state = 'succeeded'").all(batchId) as Array<{ id: number; result: string }>;
    const up = db.prepare('UPDATE jobs SET result = ? WHERE id = ?');
    db.transaction(() => {
      for (const r of rows) {
        const result = JSON.parse(r.result) as ProcessorResult;
        const slide = (s: number) => ({ slide: s, part: `ppt/slides/slide${s}.xml` });
        result.checks = [
          ...Array.from({ length: 10 }, (_, i) => ({
            rule: 'missing-slide-title' as const,
            ...slide(i + 1),
            target: '',
            outcome: 'proposed' as const,
            message: `Slide ${i + 1} has no title; proposed from its top text.`,
            proposal: i < 2 ? 'Course overview' : `Topic ${r.id}.${i}`,
            trust: 'evidence' as const,
            written: true,
          })),
          { rule: 'missing-table-header', ...slide(3), target: '7', outcome: 'proposed', message: 'The table “Table 1” has no header row. Approve to mark the first row as the header row.', current: `Dose ${r.id} | Route`, proposal: 'first row is the header row', trust: 'evidence' },
          ...Array.from({ length: 3 }, (_, i) => ({ rule: 'merged-cells' as const, ...slide(i + 4), target: '9', outcome: 'flagged' as const, message: 'The table “Table 2” has 2 merged or split cells.', current: '2 merged', trust: 'none' as const })),
        ];
        up.run(JSON.stringify(result), r.id);
      }
    })();
  } finally {
    db.close();
  }
}
