/**
 * Preflight throughput: files per second over the shared corpus and over 10,000
 * small generated decks (generated once into os.tmpdir(), reused), with and
 * without the audit, one file at a time and 8 in flight.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { preflightFile, scanInputs } from '../src/core/preflight';
import type { PreflightResult } from '../src/shared/types';
import { CORPUS_DIR, corpusAvailable } from '../test/helpers/corpus';
import { buildZip, minimalDeckEntries, picXml } from '../test/preflight/zip-builder';
import { table, timeAsync } from './_table';

const GENERATED = 10_000;
const genDir = join(tmpdir(), `altdeck-bench-preflight-${GENERATED}`);

function generate(): void {
  const marker = join(genDir, '.complete');
  if (existsSync(marker)) return;
  mkdirSync(genDir, { recursive: true });
  for (let i = 0; i < GENERATED; i++) {
    const pics = Array.from({ length: i % 6 }, (_, k) => picXml(k + 2, k % 2 ? 'Histology slide, H&amp;E stain' : undefined)).join('');
    let data = buildZip(minimalDeckEntries(pics));
    if (i % 100 === 99) data = data.subarray(0, data.length >> 1); // a few truncated copies, as on real shares
    const sub = join(genDir, `course-${String(i % 50).padStart(2, '0')}`);
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, `lecture-${i}.pptx`), data);
  }
  writeFileSync(marker, '');
}

async function pool(paths: string[], concurrency: number, audit: boolean): Promise<PreflightResult[]> {
  const out: PreflightResult[] = new Array(paths.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < paths.length) {
        const i = next++;
        out[i] = await preflightFile(paths[i], { audit });
      }
    }),
  );
  return out;
}

async function main(): Promise<void> {
  const rows: Array<Record<string, string | number>> = [];
  const sets: Array<[string, string[]]> = [];
  if (corpusAvailable) {
    sets.push(['corpus (198 real)', readdirSync(CORPUS_DIR).filter((f) => !/\.(md|tsv)$/.test(f)).map((f) => join(CORPUS_DIR, f))]);
  } else console.log('(shared corpus absent: skipped)');
  const g = await timeAsync(async () => generate());
  const scan = await timeAsync(() => scanInputs([genDir]));
  sets.push([`generated (${scan.value.decks.length} small)`, scan.value.decks]);
  console.log(`generated set: ${genDir} (${g.ms > 1000 ? `written in ${(g.ms / 1000).toFixed(1)} s` : 'reused'}); scanInputs found ${scan.value.decks.length} decks in ${scan.ms.toFixed(0)} ms\n`);

  for (const [label, paths] of sets) {
    await pool(paths, 8, true); // warm the page cache so every row reads the same way
    for (const audit of [false, true]) {
      for (const conc of [1, 8]) {
        const r = await timeAsync(() => pool(paths, conc, audit));
        const ok = r.value.filter((x) => x.ok).length;
        rows.push({
          set: label,
          audit: audit ? 'yes' : 'no',
          'in flight': conc,
          files: paths.length,
          accepted: ok,
          'total ms': Math.round(r.ms),
          'files/s': Math.round((paths.length / r.ms) * 1000),
        });
      }
    }
  }
  table(rows);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
