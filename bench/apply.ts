/**
 * Apply mode ("Apply approved"): how fast reviewed decisions are written, over
 * every corpus deck with objects (half set, half decorative), against processing
 * the same decks normally (OCR off) and against copying the files. Outputs go to
 * a temp folder removed at the end; fsync on, as the engine runs it.
 */
import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApplyInstructions } from '../src/shared/review';
import { processDeck } from '../src/processor/process-deck';
import { applyDecisions } from '../src/processor/apply';
import { CORPUS_DIR, corpusAvailable, readInventory } from '../test/helpers/corpus';
import { table, timeAsync } from './_table';

async function main(): Promise<void> {
  if (!corpusAvailable) {
    console.log(`corpus not found at ${CORPUS_DIR}: nothing to measure`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'altdeck-bench-apply-'));
  try {
    const decks: Array<{ path: string; bytes: number; apply: ApplyInstructions }> = [];
    for (const row of readInventory()) {
      if (row.opens_as_zip !== '1') continue;
      const path = join(CORPUS_DIR, row.file);
      const audit = await processDeck({ input: path, policy: 'audit' }).catch(() => null);
      if (!audit || audit.skipped || !audit.items.length) continue;
      const items = audit.items.map((it, k) =>
        k % 2 ? { part: it.part, shapeId: it.shapeId, action: 'decorative' as const } : { part: it.part, shapeId: it.shapeId, action: 'set' as const, text: `Reviewed description ${k + 1}` },
      );
      decks.push({ path, bytes: statSync(path).size, apply: { schema: 'altdeck-apply/1', items } });
    }
    const mb = decks.reduce((n, d) => n + d.bytes, 0) / 1024 / 1024;
    const objects = decks.reduce((n, d) => n + d.apply.items.length, 0);
    const out = (i: number, kind: string) => join(dir, `${kind}-${i}.pptx`);

    const copy = await timeAsync(async () => decks.forEach((d, i) => copyFileSync(d.path, out(i, 'copy'))));
    const apply = await timeAsync(async () => {
      for (const [i, d] of decks.entries()) await applyDecisions({ input: d.path, output: out(i, 'apply'), apply: d.apply });
    });
    const normal = await timeAsync(async () => {
      for (const [i, d] of decks.entries()) await processDeck({ input: d.path, output: out(i, 'process') });
    });
    const biggest = decks.reduce((a, b) => (b.bytes > a.bytes ? b : a));
    const big = await timeAsync(() => applyDecisions({ input: biggest.path, output: join(dir, 'big.pptx'), apply: biggest.apply }));

    const row = (run: string, ms: number, n = decks.length, size = mb) => ({ run, decks: n, MB: size, seconds: ms / 1000, 'decks/s': n / (ms / 1000), 'MB/s': size / (ms / 1000) });
    table([
      row(`apply (${objects} decisions)`, apply.ms),
      row('process, OCR off', normal.ms),
      row('copyFile', copy.ms),
      row(`apply, largest deck (${biggest.apply.items.length} decisions)`, big.ms, 1, biggest.bytes / 1024 / 1024),
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
