/**
 * Persistent processor workers (issue 10) through the real engine, with real
 * subprocesses and real signals: a worker killed mid-deck, a worker that hangs, a
 * worker whose memory grows past the ceiling, a deck that crashes its worker every
 * time, shutdown with every worker busy, and the built-in processor's own worker.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import JSZip from 'jszip';
import { join } from 'node:path';
import { makeDeck, makeDeckBuffer } from '../helpers/make-deck';
import { makeWorld, openEngine, debris, isAlive, type World } from './helpers';
import { fixtureCommandLine, workerFixtureLauncher } from '../fixtures/processors';
import { validateOutput } from '../../src/core/runner';
import { waitUntil } from '../helpers/wait';
import { cachedPreviewFile, mediaHashOfBytes, thumbnailCacheDir } from '../../src/core/thumbnail-cache';
import { builtinProcessorLauncher } from '../../src/core/processor-command';
import { THUMBNAIL_MAX_PX } from '../../src/core/thumbnail';
import type { Engine } from '../../src/core/engine';
import type { JobInfo } from '../../src/shared/types';

/** A world whose decks are named for what the worker fixture does with them. */
async function namedWorld(t: Parameters<typeof makeWorld>[0], names: string[]): Promise<World> {
  const w = await makeWorld(t, 0);
  for (const n of names) w.decks.push(await makeDeck(join(w.inputs, `${n}.pptx`), { slides: 1, picturesPerSlide: 1, title: () => `Deck ${n}` }));
  return w;
}

function open(w: World, extra: Parameters<typeof openEngine>[2] = {}): Engine {
  const engine = openEngine(w, null, { processor: workerFixtureLauncher(), ...extra });
  return engine;
}

const workerPidOf = (j: JobInfo) => (j.result as unknown as { workerPid?: number } | null)?.workerPid;
const byName = (jobs: JobInfo[], name: string) => jobs.find((j) => j.inputPath.endsWith(`${name}.pptx`))!;

/** Worker pids the engine recorded for a job, from its job log (one line per attempt). */
function loggedWorkerPids(home: string, batchId: string): number[] {
  const dir = join(home, 'logs', 'jobs', batchId);
  const pids: number[] = [];
  for (const f of readdirSync(dir)) for (const m of readFileSync(join(dir, f), 'utf8').matchAll(/worker pid (\d+)/g)) pids.push(Number(m[1]));
  return pids;
}

test('decks share a worker: one process does deck after deck, recycled after N decks; outputs valid, nothing left behind', async (t) => {
  const w = await namedWorld(t, ['a', 'b', 'c', 'd', 'e']);
  const engine = open(w, { workerMaxDecks: 2 });
  t.after(() => engine.close());
  const b = await engine.createBatch({ inputs: [w.inputs], settings: { outputDir: w.out } });
  await engine.start(b.id);
  const r = await engine.waitForBatch(b.id);
  assert.equal(r.counts.succeeded, 5);
  const jobs = engine.listJobs(b.id).jobs;
  for (const j of jobs) assert.ok((await validateOutput(j.outputPath!)).ok);
  const pids = jobs.map(workerPidOf);
  assert.ok(pids.every((p) => typeof p === 'number'));
  // two decks per worker: 5 decks need 3 workers, each used for consecutive decks
  assert.equal(new Set(pids).size, 3, `worker pids ${pids}`);
  for (const p of new Set(pids)) assert.ok(pids.filter((x) => x === p).length <= 2);
  await waitUntil('every worker gone after the run', () => [...new Set(pids)].every((p) => !isAlive(p!)));
  assert.deepEqual(debris(w.out), []);
});

test('a worker killed (kill -9) mid-deck costs that deck one attempt and no other deck; a new worker takes over', async (t) => {
  const w = await namedWorld(t, ['1-slow', '2-ok', '3-ok']);
  const engine = open(w);
  t.after(() => engine.close());
  const b = await engine.createBatch({ inputs: [w.inputs], settings: { outputDir: w.out, maxAttempts: 3 } });
  await engine.start(b.id);
  // The slow deck runs first (sorted by path); kill its worker while it works.
  const victim = await waitUntil('the slow deck running in a worker', () => {
    const j = engine.store.listJobs(b.id, ['running']).jobs.find((x) => x.inputPath.endsWith('1-slow.pptx'));
    const pid = j && (engine.store.db.prepare('SELECT proc_pid FROM jobs WHERE id = ?').get(j.id) as { proc_pid: number | null }).proc_pid;
    return pid || null;
  });
  process.kill(victim, 'SIGKILL');
  const r = await engine.waitForBatch(b.id);
  assert.equal(r.state, 'completed');
  assert.equal(r.counts.succeeded, 3);
  const jobs = engine.listJobs(b.id).jobs;
  const slow = byName(jobs, '1-slow');
  assert.equal(slow.attempts, 2, 'the killed deck spent one attempt');
  assert.notEqual(workerPidOf(slow), victim, 'finished by another worker');
  assert.equal(byName(jobs, '2-ok').attempts, 1);
  assert.equal(byName(jobs, '3-ok').attempts, 1);
  const history = engine.store.events(slow.id).map((e) => e.to_state);
  assert.deepEqual(history, ['pending', 'running', 'retrying', 'running', 'succeeded']);
  assert.deepEqual(debris(w.out), []);
});

test('a worker that hangs is stopped at the time limit (SIGTERM to its group, grace, SIGKILL) and replaced; the deck fails after its attempts, the others finish', async (t) => {
  const w = await namedWorld(t, ['1-hang', '2-ok', '3-ok']);
  const engine = open(w);
  t.after(() => engine.close());
  const b = await engine.createBatch({ inputs: [w.inputs], settings: { outputDir: w.out, maxAttempts: 2, timeoutSec: 1, graceSec: 0.3 } });
  await engine.start(b.id);
  const r = await engine.waitForBatch(b.id);
  assert.equal(r.counts.succeeded, 2);
  assert.equal(r.counts.failed, 1);
  const jobs = engine.listJobs(b.id).jobs;
  const hang = byName(jobs, '1-hang');
  assert.equal(hang.error?.code, 'PROCESSOR_TIMEOUT');
  assert.equal(hang.attempts, 2);
  for (const n of ['2-ok', '3-ok']) assert.equal(byName(jobs, n).attempts, 1);
  const pids = loggedWorkerPids(w.home, b.id);
  for (const p of pids) assert.equal(isAlive(p), false, `worker ${p} gone`);
});

test('a worker whose memory grows past the ceiling is recycled after its deck; the next deck gets a fresh worker', async (t) => {
  const w = await namedWorld(t, ['1-grow', '2-grow', '3-ok']);
  // The fixture holds 64 MB more after each "grow" deck; a ceiling of 80 MB is crossed by the first.
  const engine = open(w, { workerMaxRssBytes: 80 * 1024 * 1024 });
  t.after(() => engine.close());
  const b = await engine.createBatch({ inputs: [w.inputs], settings: { outputDir: w.out } });
  await engine.start(b.id);
  const r = await engine.waitForBatch(b.id);
  assert.equal(r.counts.succeeded, 3);
  const jobs = engine.listJobs(b.id).jobs;
  const pids = ['1-grow', '2-grow', '3-ok'].map((n) => workerPidOf(byName(jobs, n)));
  assert.equal(new Set(pids).size, 3, `each deck after a grown worker ran in a new one: ${pids}`);
  for (const j of jobs) assert.equal(j.attempts, 1, 'recycling costs no deck an attempt');
});

test('a deck that crashes its worker every time fails after its attempts; the other decks finish, each on its first attempt', async (t) => {
  const w = await namedWorld(t, ['1-ok', '2-crash', '3-ok', '4-ok']);
  const engine = open(w);
  t.after(() => engine.close());
  const b = await engine.createBatch({ inputs: [w.inputs], settings: { outputDir: w.out, maxAttempts: 3, workers: 2 } });
  await engine.start(b.id);
  const r = await engine.waitForBatch(b.id);
  assert.equal(r.counts.succeeded, 3);
  assert.equal(r.counts.failed, 1);
  const jobs = engine.listJobs(b.id).jobs;
  const crash = byName(jobs, '2-crash');
  assert.equal(crash.state, 'failed');
  assert.equal(crash.attempts, 3);
  assert.equal(crash.error?.code, 'PROCESSOR_CRASHED');
  assert.equal(crash.error?.signal, 'SIGKILL');
  for (const n of ['1-ok', '3-ok', '4-ok']) assert.equal(byName(jobs, n).attempts, 1, n);
  assert.deepEqual(debris(w.out), []);
});

test('shutdown with every worker busy: SIGTERM to each group, decks back in the queue uncharged, workers gone, batch resumable', async (t) => {
  const w = await namedWorld(t, ['1-slow', '2-slow', '3-ok']);
  const engine = open(w);
  let closed = false;
  t.after(() => {
    if (!closed) engine.close();
  });
  const b = await engine.createBatch({ inputs: [w.inputs], settings: { outputDir: w.out, workers: 2, graceSec: 2 } });
  await engine.start(b.id);
  const busy = await waitUntil('both workers busy', () => {
    const rows = engine.store.db.prepare("SELECT proc_pid FROM jobs WHERE state = 'running' AND proc_pid IS NOT NULL").all() as Array<{ proc_pid: number }>;
    return rows.length === 2 ? rows.map((r) => r.proc_pid) : null;
  });
  assert.notEqual(busy[0], busy[1], 'two workers');
  await engine.shutdown();
  closed = true;
  for (const p of busy) assert.equal(isAlive(p), false, `worker ${p} stopped`);
  // Reopen: the batch was interrupted, its decks wait, nobody was charged for the stop.
  const again = open(w);
  t.after(() => again.close());
  const info = again.getBatch(b.id)!;
  assert.equal(info.state, 'interrupted');
  const jobs = again.listJobs(b.id).jobs;
  for (const n of ['1-slow', '2-slow']) {
    const j = byName(jobs, n);
    assert.equal(j.state, 'pending', n);
    assert.equal(j.attempts, 0, `${n}: a stop is not the deck's fault`);
  }
  assert.deepEqual(debris(w.out), []);
  await again.start(b.id);
  const r = await again.waitForBatch(b.id);
  assert.equal(r.counts.succeeded, 3);
});

test('the built-in processor runs as a worker: compiled JavaScript, one process for every deck of a one-worker batch', async (t) => {
  const w = await makeWorld(t, 3);
  const engine = openEngine(w, null);
  t.after(() => engine.close());
  const b = await engine.createBatch({ inputs: [w.inputs], settings: { outputDir: w.out } });
  await engine.start(b.id);
  const r = await engine.waitForBatch(b.id);
  assert.equal(r.counts.succeeded, 3, JSON.stringify(engine.listJobs(b.id).jobs.map((j) => j.error)));
  const pids = loggedWorkerPids(w.home, b.id);
  assert.equal(pids.length, 3);
  assert.equal(new Set(pids).size, 1, 'one worker did all three decks');
  const log = readFileSync(join(w.home, 'logs', 'jobs', b.id, readdirSync(join(w.home, 'logs', 'jobs', b.id))[0]), 'utf8');
  assert.match(log, /dist[\\/]processor[\\/]main\.js/, 'the compiled processor, not the TypeScript source');
  assert.doesNotMatch(log, /tsx/);
  // The worker makes the report previews after answering for each deck, and finishes them
  // before it exits: the batch ends with every picture's preview in the home's cache.
  const hashes = new Set(engine.listJobs(b.id).jobs.flatMap((j) => (j.result?.items ?? []).map((i) => i.mediaHash)).filter((h): h is string => typeof h === 'string'));
  assert.ok(hashes.size >= 1);
  for (const h of hashes) assert.ok(existsSync(cachedPreviewFile(thumbnailCacheDir(w.home), h, THUMBNAIL_MAX_PX)), `preview of ${h}`);
});

test('a custom processor keeps one process per deck, unless it opts in to the worker protocol (--processor-worker)', async (t) => {
  const w = await namedWorld(t, ['a', 'b', 'c']);
  const engine = openEngine(w, null);
  t.after(() => engine.close());
  // Opted in: started once as `CMD --worker`, every deck through it.
  const b = await engine.createBatch({ inputs: [w.inputs], settings: { outputDir: w.out, processor: fixtureCommandLine('worker'), processorWorker: true } });
  await engine.start(b.id);
  const r = await engine.waitForBatch(b.id);
  assert.equal(r.counts.succeeded, 3);
  const pids = engine.listJobs(b.id).jobs.map(workerPidOf);
  assert.equal(new Set(pids).size, 1, `one worker: ${pids}`);
  // Not opted in: the one-shot contract, a process per deck.
  const b2 = await engine.createBatch({ inputs: [w.inputs], settings: { outputDir: join(w.root, 'out2'), processor: fixtureCommandLine('succeed') } });
  await engine.start(b2.id);
  assert.equal((await engine.waitForBatch(b2.id)).counts.succeeded, 3);
  assert.deepEqual(loggedWorkerPids(w.home, b2.id), [], 'no worker for a one-shot processor');
});

test('a worker that ignores SIGTERM is killed after the grace (SIGKILL to its group); a worker exiting 0 mid-deck is no success', async (t) => {
  const w = await namedWorld(t, ['1-stubborn', '2-exit0', '3-ok']);
  const engine = open(w);
  t.after(() => engine.close());
  const b = await engine.createBatch({ inputs: [w.inputs], settings: { outputDir: w.out, maxAttempts: 1, timeoutSec: 1, graceSec: 0.3 } });
  await engine.start(b.id);
  const r = await engine.waitForBatch(b.id);
  const jobs = engine.listJobs(b.id).jobs;
  const stubborn = byName(jobs, '1-stubborn');
  assert.equal(stubborn.error?.code, 'PROCESSOR_TIMEOUT');
  assert.match(stubborn.error?.message ?? '', /killed/);
  const exit0 = byName(jobs, '2-exit0');
  assert.equal(exit0.state, 'failed');
  assert.equal(exit0.error?.code, 'PROCESSOR_FAILED');
  assert.match(exit0.error?.message ?? '', /before it finished this deck/);
  assert.equal(byName(jobs, '3-ok').state, 'succeeded');
  assert.equal(r.counts.succeeded, 1);
  for (const p of loggedWorkerPids(w.home, b.id)) assert.equal(isAlive(p), false, `worker ${p} gone`);
  assert.deepEqual(debris(w.out), []);
});

/** Live child processes of this test process (Linux /proc), for workers started before any batch. */
function children(): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid && !/\) Z /.test(stat)) out.push(Number(d));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

test('workers started before the batch (during the dry run) are the ones its decks run in; unused ones exit with the engine', { skip: process.platform !== 'linux' }, async (t) => {
  const w = await namedWorld(t, ['a', 'b', 'c']);
  const engine = open(w);
  t.after(() => engine.close());
  const before = new Set(children());
  engine.warmWorkers({ workers: 1 });
  const [spare] = await waitUntil('a worker started ahead of the batch', () => {
    const fresh = children().filter((p) => !before.has(p));
    return fresh.length ? fresh : null;
  });
  const b = await engine.createBatch({ inputs: [w.inputs], settings: { outputDir: w.out, workers: 1 } });
  await engine.start(b.id);
  const r = await engine.waitForBatch(b.id);
  assert.equal(r.counts.succeeded, 3);
  assert.deepEqual([...new Set(engine.listJobs(b.id).jobs.map(workerPidOf))], [spare], 'every deck ran in the worker started ahead');

  // workers started for a batch that is never made end with the engine
  const other = open(w);
  engine.close();
  const before2 = new Set(children());
  other.warmWorkers({ workers: 2 });
  const spares = await waitUntil('two workers started ahead', () => {
    const fresh = children().filter((p) => !before2.has(p));
    return fresh.length === 2 ? fresh : null;
  });
  other.close();
  await waitUntil('unused workers gone once the engine closed', () => spares.every((p) => !isAlive(p)));
});

test('a worker answers for a deck before its report previews are made, and makes them before it exits when its stdin closes', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'altdeck-worker-previews-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  // A large PNG (no shrink-on-load): its preview takes libvips a while.
  const { Jimp } = await import('jimp');
  const png = await new Jimp({ width: 2400, height: 1800, color: 0x2266aaff }).getBuffer('image/png');
  const zip = await JSZip.loadAsync(await makeDeckBuffer({ slides: 1, picturesPerSlide: 1 }));
  for (const m of Object.keys(zip.files).filter((n) => n.startsWith('ppt/media/'))) zip.file(m, png);
  const input = join(dir, 'big.pptx');
  writeFileSync(input, await zip.generateAsync({ type: 'nodebuffer' }));
  const cache = join(dir, 'thumbnails');
  const l = builtinProcessorLauncher();
  const child = spawn(l.command, [...l.args, '--worker'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stdin.write(JSON.stringify({ type: 'job', id: '1', args: ['--input', input, '--output', join(dir, 'out.pptx'), '--previews', cache], env: {} }) + '\n');
  await waitUntil('the deck is answered for', () => out.includes('"type":"done"'), { timeoutMs: 60_000 });
  child.stdin.end(); // the polite stop, right after the answer
  const [code] = (await once(child, 'exit')) as [number];
  assert.equal(code, 0);
  assert.match(out, /"type":"done","id":"1","exitCode":0/);
  const file = cachedPreviewFile(cache, mediaHashOfBytes(png), THUMBNAIL_MAX_PX);
  assert.ok(existsSync(file), 'the preview was made before the worker exited');
});
