/**
 * Processor runner costs: spawn-to-done of a trivial processor, how fast a stop
 * takes effect (SIGTERM, and SIGKILL after the grace), stdout flood throughput
 * and the memory it costs, and output validation (inflate + CRC of every entry)
 * on the real corpus and on a large generated deck.
 */
import { createWriteStream, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ZipFile } from 'yazl';
import { runProcessor, validateOutput } from '../src/core/runner';
import type { RunOptions } from '../src/core/runner';
import { fixtureCommand, type FixtureName } from '../test/fixtures/processors';
import { CORPUS_DIR, corpusAvailable } from '../test/helpers/corpus';
import { makeDeck } from '../test/helpers/make-deck';
import { table, timeAsync } from './_table';

const MB = 1024 * 1024;
const dir = mkdtempSync(join(tmpdir(), 'altdeck-bench-runner-'));

function opts(name: FixtureName, input: string, output: string, extra: Partial<RunOptions> = {}): RunOptions {
  const fc = fixtureCommand(name);
  return { command: fc.command, args: [...fc.args, '--input', input, '--output', output], timeoutMs: 120_000, graceMs: 200, ...extra };
}

async function peakRss<T>(fn: () => Promise<T>): Promise<{ value: T; growthMb: number }> {
  global.gc?.();
  const base = process.memoryUsage.rss();
  let peak = base;
  const t = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 5);
  const value = await fn();
  clearInterval(t);
  return { value, growthMb: (Math.max(peak, process.memoryUsage.rss()) - base) / MB };
}

async function bigZip(path: string, totalMb: number): Promise<void> {
  const zip = new ZipFile();
  zip.addBuffer(Buffer.from('<Types/>'), '[Content_Types].xml');
  zip.addBuffer(Buffer.from('<p:presentation/>'), 'ppt/presentation.xml');
  // Pictures are already compressed: store random bytes, as PowerPoint does with JPEGs.
  for (let i = 0; i < totalMb / 8; i++) zip.addBuffer(randomBytes(8 * MB), `ppt/media/image${i}.jpeg`, { compress: false });
  zip.end();
  const out = createWriteStream(path);
  zip.outputStream.pipe(out);
  await once(out, 'finish');
}

async function main(): Promise<void> {
  const input = await makeDeck(join(dir, 'in.pptx'));
  const rows: Array<Record<string, string | number>> = [];

  const N = 20;
  const spawnRun = await timeAsync(async () => {
    for (let i = 0; i < N; i++) await runProcessor(opts('succeed', input, join(dir, `out${i}.pptx`))).done;
  });
  rows.push({ measure: 'succeed fixture, spawn to done (node startup included)', value: spawnRun.ms / N, unit: 'ms/run' });

  for (const [name, label] of [
    ['slow', 'stop(): SIGTERM honoured, stop to done'],
    ['ignore-sigterm', 'stop(): SIGTERM ignored, grace 200 ms, stop to done'],
  ] as const) {
    const h = runProcessor(opts(name, input, join(dir, 'stop.pptx'), { env: { ...process.env, ALTDECK_TEST_STEPS: '1000' } }));
    await new Promise((r) => setTimeout(r, 300));
    const t0 = performance.now();
    h.stop('user');
    await h.done;
    rows.push({ measure: label, value: performance.now() - t0, unit: 'ms' });
  }

  const FLOOD = 512;
  const flood = await peakRss(() =>
    timeAsync(() =>
      runProcessor(
        opts('flood-stdout', input, join(dir, 'f.pptx'), {
          env: { ...process.env, ALTDECK_TEST_FLOOD_MB: String(FLOOD), ALTDECK_TEST_FLOOD_LINE_BYTES: '1024' },
          onOutputLine: () => {},
        }),
      ).done,
    ),
  );
  rows.push({ measure: `stdout flood ${FLOOD} MB in 1 KiB lines, through onOutputLine`, value: FLOOD / (flood.value.ms / 1000), unit: 'MB/s' });
  rows.push({ measure: '  peak RSS growth of the runner during the flood', value: flood.growthMb, unit: 'MB' });

  if (corpusAvailable) {
    const files = readdirSync(CORPUS_DIR).filter((f) => /\.(pptx|pptm|ppsx|ppsm|potx|potm)$/i.test(f));
    const bytes = files.reduce((s, f) => s + statSync(join(CORPUS_DIR, f)).size, 0);
    const v = await timeAsync(async () => {
      for (const f of files) await validateOutput(join(CORPUS_DIR, f));
    });
    rows.push({ measure: `validateOutput, corpus (${files.length} files, ${(bytes / MB).toFixed(0)} MB)`, value: v.ms / files.length, unit: 'ms/file' });
    rows.push({ measure: '  throughput', value: bytes / MB / (v.ms / 1000), unit: 'MB/s' });
  }

  const BIG = Number(process.env.BENCH_BIG_MB ?? 400);
  const big = join(dir, 'big.pptx');
  await bigZip(big, BIG);
  const vb = await peakRss(() => timeAsync(() => validateOutput(big)));
  if (!vb.value.value.ok) throw new Error(`big deck invalid: ${JSON.stringify(vb.value.value)}`);
  rows.push({ measure: `validateOutput, one ${BIG} MB deck`, value: BIG / (vb.value.ms / 1000), unit: 'MB/s' });
  rows.push({ measure: '  peak RSS growth while validating it', value: vb.growthMb, unit: 'MB' });

  table(rows);
}

main()
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => rmSync(dir, { recursive: true, force: true }));
