/**
 * Review at the scale of a school (issue 11 §2): 2,000 decks × 15 images in a real
 * queue database (test/helpers/review-batch.ts), through the real engine API the
 * Review screen calls. "open" is what the screen asks when it opens (first page of
 * decisions, the counts, every deck for the picker); "decision" is one keystroke
 * (decide a group, then the counts), for a single image and for the logo on every deck.
 * The findings rows (issue 13) time the findings panel's calls over 11 findings to decide
 * and 3 as information per deck, "Course overview" titles on every deck as one group.
 * BENCH_DECKS / BENCH_IMAGES change the size.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../src/core/engine';
import { silentLogger } from '../src/core/log';
import { seedBigBatch, seedBigBatchChecks } from '../test/helpers/review-batch';
import { table, time } from './_table';

const DECKS = Number(process.env.BENCH_DECKS ?? 2000);
const IMAGES = Number(process.env.BENCH_IMAGES ?? 15);
const home = mkdtempSync(join(tmpdir(), 'altdeck-bench-review-'));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
/** Wall time and this process's CPU time: on a shared machine the wall time also counts waiting for a core. */
function timed<T>(fn: () => T): { ms: number; cpu: number; value: T } {
  const c0 = process.cpuUsage();
  const t = time(fn);
  const c = process.cpuUsage(c0);
  return { ...t, cpu: (c.user + c.system) / 1000 };
}
const max = (xs: number[]) => Math.max(...xs);
try {
  const seed = timed(() => seedBigBatch(home, DECKS, IMAGES));
  const batchId = seed.value;
  const engine = Engine.open({ home, logger: silentLogger });
  try {
    const rows: Array<Record<string, string | number>> = [];
    rows.push({ step: `seed ${DECKS} decks × ${IMAGES} images (not the app's work)`, ms: seed.ms, cpu: seed.cpu, note: '' });
    // Indexing happens once per deck result (the first read after a deck finishes), not per open.
    const ix = timed(() => engine.reviewCounts(batchId));
    rows.push({ step: 'index every result once (first read of the batch)', ms: ix.ms, cpu: ix.cpu, note: `${ix.value.items} images, ${ix.value.groups} decisions` });
    const open = () => {
      const g = engine.reviewGroups(batchId, { filter: 'all', offset: 0, limit: 200 });
      const c = engine.reviewCounts(batchId);
      let decks = 0;
      for (let off = 0; ; off += 500) {
        const r = engine.reviewDecks({ batchId, offset: off, limit: 500 });
        decks += r.decks.length;
        if (!r.decks.length || decks >= r.total) break;
      }
      return { g, c, decks };
    };
    const opens = Array.from({ length: 5 }, () => timed(open));
    rows.push({ step: 'open the Review screen (200 decisions, counts, every deck)', ms: median(opens.map((o) => o.ms)), cpu: median(opens.map((o) => o.cpu)), note: `median of 5, max ${max(opens.map((o) => o.ms)).toFixed(1)} ms; ${opens[0].value.decks} decks listed` });

    const singles = engine.reviewGroups(batchId, { filter: 'undecided', offset: 50, limit: 200 }).groups.filter((g) => g.members === 1);
    const one = singles.slice(0, 100).map((g) =>
      timed(() => {
        engine.decideGroup({ batchId, groupKey: g.groupKey, action: 'approve', reviewer: 'bench' });
        engine.reviewCounts(batchId);
      }),
    );
    rows.push({ step: 'a decision on one image (save + counts)', ms: median(one.map((o) => o.ms)), cpu: median(one.map((o) => o.cpu)), note: `median of ${one.length}, max ${max(one.map((o) => o.ms)).toFixed(1)} ms` });

    const logo = engine.reviewGroups(batchId, { limit: 1 }).groups[0];
    const big = timed(() => {
      engine.decideGroup({ batchId, groupKey: logo.groupKey, action: 'edit', text: 'Crest of the medical school', reviewer: 'bench' });
      engine.reviewCounts(batchId);
    });
    rows.push({ step: `a decision on the logo (${logo.members} copies)`, ms: big.ms, cpu: big.cpu, note: '' });
    const page = timed(() => engine.reviewGroups(batchId, { filter: 'undecided', offset: 1000, limit: 200 }));
    rows.push({ step: 'next page of 200 decisions (undecided filter)', ms: page.ms, cpu: page.cpu, note: '' });
    const summary = timed(() => [engine.reviewCounts(batchId), engine.reviewDecks({ batchId, offset: 0, limit: 100 })]);
    rows.push({ step: 'batch page review summary (counts + 100 decks)', ms: summary.ms, cpu: summary.cpu, note: '' });
    const preview = timed(() => engine.bulkPreview({ batchId }));
    const bulk = timed(() => engine.approveAll({ batchId, reviewer: 'bench' }));
    rows.push({ step: 'bulk approve everything left (preview + approve)', ms: preview.ms + bulk.ms, cpu: preview.cpu + bulk.cpu, note: `${bulk.value.approved} images` });
    const undo = timed(() => engine.undoBulk({ batchId, bulkId: bulk.value.bulkId }));
    rows.push({ step: 'undo that bulk approval', ms: undo.ms, cpu: undo.cpu, note: `${undo.value} images` });

    // The findings panel: what it asks on open (a page + the two counts), per key, per page, per bulk.
    seedBigBatchChecks(home, batchId);
    const fopen = () => [engine.findingGroups({ batchId, limit: 200 }), engine.findingGroups({ batchId, limit: 1 }), engine.findingGroups({ batchId, filter: 'info', limit: 1 })];
    const fopens = Array.from({ length: 5 }, () => timed(fopen));
    rows.push({ step: 'findings: open the panel (200 groups + counts)', ms: median(fopens.map((o) => o.ms)), cpu: median(fopens.map((o) => o.cpu)), note: `median of 5; ${fopens[0].value[0].findings} findings, ${fopens[0].value[0].total} decisions` });
    const fsingles = engine.findingGroups({ batchId, filter: 'undecided', offset: 50, limit: 20 }).groups;
    const fone = fsingles.map((g) => timed(() => engine.decideFindingGroup({ batchId, groupKey: g.groupKey, action: 'approve', reviewer: 'bench' })));
    rows.push({ step: 'findings: a decision on one finding', ms: median(fone.map((o) => o.ms)), cpu: median(fone.map((o) => o.cpu)), note: `median of ${fone.length}, max ${max(fone.map((o) => o.ms)).toFixed(1)} ms` });
    const fbig = engine.findingGroups({ batchId, limit: 1 }).groups[0];
    const fbigT = timed(() => engine.decideFindingGroup({ batchId, groupKey: fbig.groupKey, action: 'edit', text: 'Course overview and aims', reviewer: 'bench' }));
    rows.push({ step: `findings: a decision on ${fbig.members} identical findings`, ms: fbigT.ms, cpu: fbigT.cpu, note: '' });
    const fpage = timed(() => engine.findingGroups({ batchId, filter: 'undecided', offset: 1000, limit: 200 }));
    rows.push({ step: 'findings: next page of 200 (undecided filter)', ms: fpage.ms, cpu: fpage.cpu, note: '' });
    const fbulk = timed(() => [engine.findingsBulkPreview({ batchId, rule: 'missing-table-header' }), engine.approveAllFindings({ batchId, rule: 'missing-table-header', reviewer: 'bench' })] as const);
    rows.push({ step: 'findings: approve all header rows (preview + approve)', ms: fbulk.ms, cpu: fbulk.cpu, note: `${fbulk.value[1].approved} findings` });
    const fundo = timed(() => engine.undoFindingsBulk({ batchId, bulkId: fbulk.value[1].bulkId }));
    rows.push({ step: 'findings: undo that approval', ms: fundo.ms, cpu: fundo.cpu, note: `${fundo.value} findings` });
    table(rows);
    console.log(`\nms: wall time; cpu: this process's CPU time (load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores).`);
  } finally {
    engine.close();
  }
} finally {
  rmSync(home, { recursive: true, force: true });
}
