/**
 * Throughput of whole batches (issue 10): what a coordinator waits for.
 * 1. 40 real corpus decks through `altdeck batch` (the whole command: start-up, dry-run
 *    check, queue, workers, validation, read-back, reports) at one and two workers,
 *    against the same decks through the built-in processor called in this process.
 *    Goals: ≤ 1.3× the in-process time at one worker, ≤ 0.75× at two.
 * 2. 2,000 small generated decks through `altdeck batch` at two workers. Goal ≥ 10 decks/s.
 * 3. One persistent worker doing 1,000 small decks: its resident memory after each deck
 *    (what recycling sees) and its peak (VmHWM). Goal: bounded.
 * Each `altdeck batch` run is broken down from the CLI's own `timings:` line in its log
 * (src/cli/phases.ts: start-up, dry-run check, queue, run, reports), the report previews'
 * line (how many came from the home's cache) and the processors' own time per deck (the
 * finish events' processMs in the queue database).
 * Generated decks live in os.tmpdir()/altdeck-bench-throughput and are reused.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import JSZip from 'jszip';
import { processDeck } from '../src/processor/process-deck';
import { preflightFile } from '../src/core/preflight';
import { WorkerPool } from '../src/core/runner';
import { CORPUS_DIR, corpusAvailable, REPO_ROOT } from '../test/helpers/corpus';
import { makeDeckBuffer } from '../test/helpers/make-deck';
import { table, timeAsync } from './_table';

const MB = 1024 * 1024;
const GEN = join(tmpdir(), 'altdeck-bench-throughput');
const SMALL = Number(process.env.BENCH_SMALL_DECKS ?? 2000);
const RSS_DECKS = Number(process.env.BENCH_RSS_DECKS ?? 1000);
const BIN = join(REPO_ROOT, 'bin', 'altdeck.js');
const fresh = createRequire(__filename)(join(REPO_ROOT, 'scripts', 'fresh-bundle.cjs')) as { ensureFresh(n: string): string };

/** The first 40 corpus decks (by name) the check accepts and that are not signed (a signed deck is skipped, not processed). */
async function corpus40(): Promise<string[]> {
  const out: string[] = [];
  for (const f of readdirSync(CORPUS_DIR).filter((x) => !/\.(md|tsv)$/.test(x)).sort()) {
    const p = join(CORPUS_DIR, f);
    const r = await preflightFile(p);
    if (r.ok && !r.audit.signed) out.push(p);
    if (out.length === 40) break;
  }
  return out;
}

/** SMALL distinct small decks (a title each, so none is a copy of another), made once. */
async function smallDecks(): Promise<string[]> {
  const dir = join(GEN, `small-${SMALL}`);
  const marker = join(dir, '.complete');
  const names = Array.from({ length: SMALL }, (_, i) => join(dir, `course-${String(i % 20).padStart(2, '0')}`, `lecture-${String(i).padStart(4, '0')}.pptx`));
  if (existsSync(marker)) return names;
  const base = await JSZip.loadAsync(await makeDeckBuffer({ slides: 3, picturesPerSlide: 1, title: (s) => `Lecture slide ${s}` }));
  const slide = await base.file('ppt/slides/slide1.xml')!.async('string');
  for (let i = 0; i < SMALL; i++) {
    base.file('ppt/slides/slide1.xml', slide.replace('Lecture slide 1', `Lecture ${i} slide 1`));
    mkdirSync(join(names[i], '..'), { recursive: true });
    writeFileSync(names[i], await base.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
  }
  writeFileSync(marker, '');
  return names;
}

interface CliRun {
  seconds: number;
  /** From the run's start to its end in the engine's log: the decks' processing, without start-up, check and reports. */
  runSeconds: number;
  succeeded: number;
  counts: Record<string, number>;
  /** The CLI's phases in seconds, in order (start-up, check, queue, run, summary, csv/json/html report). */
  phases: Array<[string, number]>;
  /** Sum over decks of the processor's own time (a worker's wall time for the deck). */
  processorSeconds: number;
  /** The report previews' log line(s): from the cache / read from decks. */
  previews: string;
  /** CPU seconds of the command and every process it started (its workers), or NaN off Linux. */
  cpuSeconds: number;
}

/** CPU seconds of this process's waited-for children so far (Linux: cutime + cstime in /proc/self/stat). */
function childrenCpuSeconds(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[13]) + Number(f[14])) / 100; // fields 16 and 17, in clock ticks (USER_HZ = 100)
  } catch {
    return NaN;
  }
}

function altdeckBatch(inputs: string[], workers: number, root: string, label: string): CliRun {
  const home = join(root, `home-${label}`);
  const out = join(root, `out-${label}`);
  // The JSON summary of 2,000 decks is large: to a file, not through a pipe buffer.
  const jsonFile = join(root, `summary-${label}.json`);
  const fd = openSync(jsonFile, 'w');
  const cpu0 = childrenCpuSeconds();
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [BIN, 'batch', ...inputs, '--out', out, '--home', home, '--workers', String(workers), '--json'], {
    encoding: 'utf8',
    stdio: ['ignore', fd, 'pipe'],
    maxBuffer: 256 * MB,
  });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpuSeconds = childrenCpuSeconds() - cpu0;
  closeSync(fd);
  let summary: { counts: Record<string, number> };
  try {
    summary = JSON.parse(readFileSync(jsonFile, 'utf8'));
  } catch (e) {
    throw new Error(`altdeck batch failed (exit ${r.status}, ${(e as Error).message}): ${r.stderr.slice(-2000)}`);
  }
  const log = readFileSync(join(home, 'logs', 'altdeck.log'), 'utf8');
  const at = (re: RegExp) => {
    const m = re.exec(log);
    return m ? Date.parse(m[1].replace(' ', 'T')) : NaN;
  };
  const runSeconds = (at(/\[([^\]]+)\] \[info\]\s+=== batch \S+ completed/) - at(/\[([^\]]+)\] \[info\]\s+=== batch \S+ started/)) / 1000;
  const phases = [...(/timings: (.*)/.exec(log)?.[1] ?? '').matchAll(/([a-z -]+?) (\d+) ms/g)].map((m): [string, number] => [m[1].trim(), Number(m[2]) / 1000]);
  const previews = [...log.matchAll(/report previews: (\d+) from the cache, (\d+) read from decks, (\d+) ms/g)].map((m) => `${m[1]} cached + ${m[2]} read, ${m[3]} ms`).join('; ');
  const db = new Database(join(home, 'altdeck.db'), { readonly: true });
  const ms = db.prepare("SELECT total(json_extract(details, '$.processMs')) AS ms FROM job_events WHERE to_state = 'succeeded'").get() as { ms: number };
  db.close();
  return { seconds, runSeconds, succeeded: summary.counts.succeeded, counts: summary.counts, phases, processorSeconds: ms.ms / 1000, previews, cpuSeconds };
}

/** One row of the breakdown table: where an `altdeck batch` run's wall time went. */
function breakdown(label: string, r: CliRun): Record<string, string | number> {
  const row: Record<string, string | number> = { run: label, 'whole s': r.seconds, 'CPU s': r.cpuSeconds };
  for (const [name, s] of r.phases) row[`${name} s`] = s;
  row['Σ processor s'] = r.processorSeconds;
  row['previews'] = r.previews;
  return row;
}

/** `decks` through `n` persistent workers of the built-in processor, straight through WorkerPool (no engine). */
async function bareWorkers(decks: string[], n: number, processorBundle: string, dir: string): Promise<{ ms: number; cpu: number }> {
  mkdirSync(dir, { recursive: true });
  const cpu0 = childrenCpuSeconds();
  const t = await timeAsync(async () => {
    const pool = new WorkerPool({ command: process.execPath, args: [processorBundle, '--worker'], size: n, maxDecks: Infinity, maxRssBytes: Infinity, graceMs: 5_000 });
    pool.warm(n);
    let next = 0;
    const lane = async (k: number) => {
      for (let i = next++; i < decks.length; i = next++) {
        const o = await pool.run({ args: ['--input', decks[i], '--output', join(dir, `${k}-${i}.pptx`), '--policy', 'preserve'], timeoutMs: 120_000, graceMs: 5_000 }).done;
        if (o.exitCode !== 0) throw new Error(`bare worker: ${decks[i]} exited ${o.exitCode}: ${o.stderrTail}`);
      }
    };
    await Promise.all(Array.from({ length: n }, (_, k) => lane(k)));
    await pool.close();
  });
  return { ms: t.ms, cpu: childrenCpuSeconds() - cpu0 };
}

async function main(): Promise<void> {
  // Fresh bundles before any timing: a rebuild is not part of a batch.
  fresh.ensureFresh('cli');
  const processorBundle = fresh.ensureFresh('processor');
  const root = mkdtempSync(join(tmpdir(), 'altdeck-bench-tp-'));
  try {
    const rows: Array<Record<string, string | number>> = [];
    const phaseRows: Array<Record<string, string | number>> = [];
    if (corpusAvailable) {
      const decks = await corpus40();
      const scratch = join(root, 'inproc');
      mkdirSync(scratch);
      // CPU beside wall time: on a shared machine the load changes between the runs, the CPU
      // a run needs much less (a batch's is the command's and its workers', reaped children)
      const cpuOf = async (fn: () => Promise<void>) => {
        const c0 = process.cpuUsage();
        const t = await timeAsync(fn);
        const c = process.cpuUsage(c0);
        return { ms: t.ms, cpu: (c.user + c.system) / 1e6 };
      };
      const inproc = await cpuOf(async () => {
        for (const d of decks) await processDeck({ input: d, output: join(scratch, 'out.pptx') }).finally(() => rmSync(join(scratch, 'out.pptx'), { force: true }));
      });
      rows.push({ run: `${decks.length} corpus decks, built-in processor in-process`, seconds: inproc.ms / 1000, 'CPU s': inproc.cpu, 'decks/s': decks.length / (inproc.ms / 1000), 'vs in-process': '1.00× (CPU 1.00×)', goal: '' });
      // What a worker does more than the reference: each picture's report preview into the cache (cold).
      const cache = join(root, 'inproc-previews');
      const withPreviews = await cpuOf(async () => {
        for (const d of decks) await processDeck({ input: d, output: join(scratch, 'out.pptx'), previews: cache }).finally(() => rmSync(join(scratch, 'out.pptx'), { force: true }));
      });
      rows.push({ run: `  the same, making the report previews (cold cache)`, seconds: withPreviews.ms / 1000, 'CPU s': withPreviews.cpu, 'decks/s': decks.length / (withPreviews.ms / 1000), 'vs in-process': `${(withPreviews.ms / inproc.ms).toFixed(2)}× (CPU ${(withPreviews.cpu / inproc.cpu).toFixed(2)}×)`, goal: '' });
      // The floor under the batch rows: the same decks through the engine's worker pool alone
      // (no queue, no checks, no validation, no previews, no reports), Node's and the
      // processor's start included. What no batch of these decks can beat on this machine.
      for (const [workers, goal] of [
        [1, 1.3],
        [2, 0.75],
      ] as const) {
        const bare = await bareWorkers(decks, workers, processorBundle, join(root, `bare-${workers}`));
        const ratio = bare.ms / inproc.ms;
        rows.push({
          run: `  floor: the same 40 through ${workers} bare worker${workers > 1 ? 's' : ''} (pool only, start included)`,
          seconds: bare.ms / 1000,
          'CPU s': bare.cpu,
          'decks/s': decks.length / (bare.ms / 1000),
          'vs in-process': `${ratio.toFixed(2)}× (CPU ${(bare.cpu / inproc.cpu).toFixed(2)}×)`,
          goal: `${ratio <= goal ? 'under' : 'above'} the ${goal}× goal`,
        });
      }
      for (const [workers, goal] of [
        [1, 1.3],
        [2, 0.75],
      ] as const) {
        const r = altdeckBatch(decks, workers, root, `corpus-${workers}`);
        const ratio = r.seconds / (inproc.ms / 1000);
        rows.push({
          run: `${decks.length} corpus decks, altdeck batch --workers ${workers}`,
          seconds: r.seconds,
          'CPU s': r.cpuSeconds,
          'decks/s': decks.length / r.seconds,
          'vs in-process': `${ratio.toFixed(2)}× (CPU ${(r.cpuSeconds / inproc.cpu).toFixed(2)}×; ${r.succeeded} succeeded)`,
          goal: `≤ ${goal}× ${ratio <= goal ? 'met' : 'NOT met'}`,
        });
        phaseRows.push(breakdown(`${decks.length} corpus decks, --workers ${workers}`, r));
        const runRatio = r.runSeconds / (inproc.ms / 1000);
        rows.push({
          run: `  of which the run (decks through workers, validation, read-back)`,
          seconds: r.runSeconds,
          'CPU s': '',
          'decks/s': decks.length / r.runSeconds,
          'vs in-process': `${runRatio.toFixed(2)}×`,
          goal: `≤ ${goal}× ${runRatio <= goal ? 'met' : 'NOT met'}`,
        });
      }
    } else console.log('(shared corpus absent: corpus rows skipped)');

    const small = await smallDecks();
    const r = altdeckBatch([join(GEN, `small-${SMALL}`)], 2, root, 'small');
    rows.push({
      run: `${SMALL} small decks, altdeck batch --workers 2`,
      seconds: r.seconds,
      'CPU s': r.cpuSeconds,
      'decks/s': small.length / r.seconds,
      'vs in-process': `(${r.succeeded} succeeded)`,
      goal: `≥ 10 decks/s ${small.length / r.seconds >= 10 ? 'met' : 'NOT met'}`,
    });
    phaseRows.push(breakdown(`${SMALL} small decks, --workers 2`, r));
    rows.push({ run: '  of which the run', seconds: r.runSeconds, 'CPU s': '', 'decks/s': small.length / r.runSeconds, 'vs in-process': '', goal: `≥ 10 decks/s ${small.length / r.runSeconds >= 10 ? 'met' : 'NOT met'}` });
    table(rows);
    console.log('\nWhere the time of each `altdeck batch` went (the CLI\'s timings line; Σ processor = the workers\' time per deck, summed):\n');
    table(phaseRows);

    // 3. One worker, deck after deck, never recycled.
    console.log('');
    const pool = new WorkerPool({ command: process.execPath, args: [processorBundle, '--worker'], size: 1, maxDecks: Infinity, maxRssBytes: Infinity, graceMs: 5_000 });
    const outDir = join(root, 'rss');
    mkdirSync(outDir);
    const rss: number[] = [];
    let failed = 0;
    let hwm = 0;
    let pid = 0;
    const t = await timeAsync(async () => {
      for (let i = 0; i < RSS_DECKS; i++) {
        const out = join(outDir, 'out.pptx');
        const h = pool.run({ args: ['--input', small[i % small.length], '--output', out, '--policy', 'preserve'], timeoutMs: 120_000, graceMs: 5_000 });
        pid = h.pid ?? pid;
        const o = await h.done;
        if (o.exitCode !== 0) failed++;
        rmSync(out, { force: true });
        const status = readFileSync(`/proc/${pid}/status`, 'utf8');
        rss.push(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024);
        hwm = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
      }
    });
    await pool.close();
    const at = (n: number) => rss[Math.min(rss.length, n) - 1] / MB;
    table([
      {
        worker: `one worker, ${RSS_DECKS} small decks (${failed} failed)`,
        'RSS after deck 1 MB': at(1),
        'after 100 MB': at(100),
        'after 500 MB': at(500),
        [`after ${RSS_DECKS} MB`]: at(RSS_DECKS),
        'peak RSS (VmHWM) MB': hwm / MB,
        'decks/s': RSS_DECKS / (t.ms / 1000),
        workers: pool.started.length,
      },
    ]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
