/**
 * Report and ETA costs at the scale the users have: a 2,000-deck batch with 15
 * images each (30,000 rows) rendered as CSV, JSON and HTML; a generated 500-deck batch
 * with real pictures (previews read and downscaled) as HTML; previews read from every
 * deck of the real corpus; and the per-tick cost of the throughput tracker.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { toCsv, toJson, toHtml, collectThumbnails } from '../src/core/report';
import { ThroughputTracker, estimateRemaining } from '../src/core/progress';
import type { JobInfo } from '../src/shared/types';
import { CORPUS_DIR } from '../test/helpers/corpus';
import { batch, item, job, result, REAL_ALT } from '../test/report/fixtures';
import { table, time, timeAsync } from './_table';
import { bigBatchInput, makePhotoDecks } from '../test/report/big-batch';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

const DECKS = Number(process.env.BENCH_DECKS ?? 2000);
const PER = 15;
const alts = Object.values(REAL_ALT);
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(2)} MB`;

async function main() {
  const jobs: JobInfo[] = [];
  for (let d = 1; d <= DECKS; d++) {
    const items = Array.from({ length: PER }, (_, i) =>
      item({ slide: i + 1, shapeId: String(i + 2), mediaPart: `ppt/media/image${i + 1}.png`, oldAlt: alts[(d + i) % alts.length], oldAltVerdict: 'junk', newAlt: `Diagram ${d}.${i}: ${alts[i % alts.length]}` }),
    );
    jobs.push(d % 50 === 0 ? job(d, { relPath: `dept${d % 7}/lecture ${d}.pptx`, state: 'failed', error: { code: 'PROCESSOR_TIMEOUT', message: 'Timed out' } }) : job(d, { relPath: `dept${d % 7}/lecture ${d}.pptx`, result: result(items) }));
  }
  const input = { batch: batch(), jobs, generatedAt: Date.now(), appVersion: 'bench' };
  const rows: Array<Record<string, string | number>> = [];
  for (const [name, fn] of [
    ['CSV', () => toCsv(input)],
    ['JSON', () => toJson(input)],
    ['HTML (no previews)', () => toHtml(input)],
  ] as const) {
    fn(); // warm-up
    const r = time(fn);
    rows.push({ step: `${name}, ${DECKS} decks × ${PER} images`, ms: r.ms, output: mb(Buffer.byteLength(r.value)) });
  }

  // 500 generated decks with photo-like pictures: the HTML report with previews, as a batch writes it.
  const scratch = mkdtempSync(join(tmpdir(), 'altdeck-bench-report-'));
  try {
    const big = bigBatchInput(await makePhotoDecks(scratch), 500);
    const r = await timeAsync(async () => toHtml(big, { thumbnails: await collectThumbnails(big.jobs) }));
    const previews = [...r.value.matchAll(/src="data:[^"]+"/g)].reduce((n, m) => n + m[0].length, 0);
    rows.push({ step: 'HTML with previews, 500 generated decks × 7 images', ms: r.ms, output: `${mb(Buffer.byteLength(r.value))}, previews ${mb(previews)}` });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }

  // Previews from real decks, default budgets (25 MB read per picture, 3 MB of previews in the page).
  if (existsSync(CORPUS_DIR)) {
    const corpusJobs: JobInfo[] = [];
    let id = 0;
    for (const name of readdirSync(CORPUS_DIR).filter((f) => /\.(pptx|pptm|ppsx|potx)$/i.test(f))) {
      const path = join(CORPUS_DIR, name);
      let parts: string[] = [];
      try {
        parts = Object.keys((await JSZip.loadAsync(readFileSync(path))).files).filter((n) => n.startsWith('ppt/media/') && !n.endsWith('/'));
      } catch {
        continue;
      }
      if (parts.length) corpusJobs.push(job(++id, { inputPath: path, outputPath: null, result: result(parts.map((p) => item({ mediaPart: p }))) }));
    }
    const images = corpusJobs.reduce((n, j) => n + (j.result?.items.length ?? 0), 0);
    const r = await timeAsync(() => collectThumbnails(corpusJobs));
    const inlined = [...r.value.values()].filter((t) => 'dataUrl' in t);
    const bytes = inlined.reduce((n, t) => n + ('dataUrl' in t ? t.dataUrl.length : 0), 0);
    rows.push({ step: `previews: ${corpusJobs.length} corpus decks, ${images} media parts`, ms: r.ms, output: `${inlined.length} previews (≤ 256 px), ${mb(bytes)} base64` });
  }

  let t = 0;
  const tracker = new ThroughputTracker({ now: () => t });
  tracker.start();
  const TICKS = 100_000;
  const tick = time(() => {
    for (let i = 1; i <= TICKS; i++) {
      t += 1000;
      tracker.noteGap();
      tracker.record(i, Math.floor(i / 10));
      const r = tracker.rate();
      estimateRemaining({ unitsRemaining: 1e6 - i, decksRemaining: 1e5, unitsPerSec: r.unitsPerSec, decksPerMin: r.decksPerMin, workers: 2, samples: r.samples });
    }
  });
  rows.push({ step: `ETA tick (noteGap+record+rate+estimate) × ${TICKS}`, ms: tick.ms, output: `${((tick.ms * 1000) / TICKS).toFixed(2)} µs per tick` });
  table(rows);
}

void main();
