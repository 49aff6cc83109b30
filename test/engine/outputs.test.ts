/**
 * Issue 8 §3 and §6: outputs never land on inputs (compared by identity, through
 * links), two decks never share an output (names reserved atomically), and
 * success means an output.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createHash } from 'node:crypto';
import { makeWorld, openEngine, debris } from './helpers';
import { makeDeck } from '../helpers/make-deck';
import { tempDir } from '../helpers/tmp';
import { validateOutput } from '../../src/core/runner';
import { runCli } from '../cli/run-cli';
import { createIpcHandlers } from '../../src/main/ipc-handlers';
import { deps } from '../main/stand-ins';

async function refusal(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    return { code: (e as { code: string }).code, message: (e as Error).message };
  }
  assert.fail('the batch was accepted');
}

test('CLI: `--out link --replace` where link -> the input folder is refused up front; the original is untouched', async (t) => {
  const root = tempDir(t);
  const deck = await makeDeck(join(root, 'in', 'lecture.pptx'), { slides: 1, picturesPerSlide: 1 });
  const before = readFileSync(deck);
  symlinkSync(join(root, 'in'), join(root, 'link'));
  const r = await runCli(['batch', deck, '--out', join(root, 'link'), '--replace', '--home', join(root, 'home')]);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /output folder is, contains, or lies inside a folder being processed/);
  assert.doesNotMatch(r.stderr, /at .*\.ts:\d+/, 'no stack trace');
  assert.deepEqual(readFileSync(deck), before, 'the original is byte-identical');
  assert.deepEqual(readdirSync(join(root, 'in')), ['lecture.pptx'], 'nothing written beside it');
});

test('output folder overlapping the inputs is refused in createBatch (app and CLI alike); the default inside the input works, twice', async (t) => {
  const w = await makeWorld(t, 2);
  const engine = openEngine(w, 'succeed');
  t.after(() => engine.close());
  symlinkSync(w.inputs, join(w.root, 'alias'));
  mkdirSync(join(w.inputs, 'processed'));
  const cases: Array<[string, string[], string]> = [
    ['the input folder itself (the app showed "3 decks", then an empty Completed batch)', [w.inputs], w.inputs],
    ['the input folder through a link', [w.inputs], join(w.root, 'alias')],
    ['the folder of an input file', [w.decks[0]], w.inputs],
    ['a folder containing the inputs', [w.inputs], w.root],
    ['a folder chosen inside the input folder', [w.inputs], join(w.inputs, 'processed')],
    ['a new folder inside the input folder, named through a link', [w.inputs], join(w.root, 'alias', 'new-out')],
  ];
  for (const [what, inputs, outputDir] of cases) {
    const r = await refusal(engine.createBatch({ inputs, settings: { outputDir } }));
    assert.equal(r.code, 'OUTPUT_OVERLAPS_INPUT', what);
    assert.match(r.message, /Choose an output folder outside the input folders/, what);
  }
  assert.equal(engine.listBatches().length, 0, 'no batch was recorded');

  // The default, <input>/altdeck-output, is AltDeck's own: scans skip it, so it is fine, also the second time.
  for (let round = 0; round < 2; round++) {
    const b = await engine.createBatch({ inputs: [w.inputs], settings: { force: true } });
    assert.equal(b.settings.outputDir, join(w.inputs, 'altdeck-output'));
    assert.equal(b.counts.total, 2, `round ${round}: only the inputs, not earlier outputs`);
    await engine.start(b.id);
    const done = await engine.waitForBatch(b.id);
    assert.equal(done.counts.succeeded, 2);
  }
  for (const [p, bytes] of w.snapshot) assert.deepEqual(readFileSync(p), bytes);
});

for (const workers of [1, 2]) {
  test(`lecture.pptx and "lecture (2).pptx" with an older out/lecture.pptx never share an output (${workers} worker(s))`, async (t) => {
    const root = tempDir(t);
    const inputs = join(root, 'in');
    const out = join(root, 'out');
    const a = await makeDeck(join(inputs, 'lecture.pptx'), { slides: 1, picturesPerSlide: 1, title: () => 'deck A' });
    const b = await makeDeck(join(inputs, 'lecture (2).pptx'), { slides: 2, picturesPerSlide: 1, title: () => 'deck B' });
    mkdirSync(out);
    writeFileSync(join(out, 'lecture.pptx'), 'an older output');
    const engine = openEngine({ root, home: join(root, 'home'), inputs, out, decks: [a, b], snapshot: new Map() }, 'slow');
    t.after(() => engine.close());
    process.env.ALTDECK_TEST_STEP_MS = '20';
    process.env.ALTDECK_TEST_STEPS = '3';
    t.after(() => {
      delete process.env.ALTDECK_TEST_STEP_MS;
      delete process.env.ALTDECK_TEST_STEPS;
    });
    const batch = await engine.createBatch({ inputs: [inputs], settings: { outputDir: out, workers } });
    await engine.start(batch.id);
    const done = await engine.waitForBatch(batch.id);
    assert.equal(done.counts.succeeded, 2);
    const jobs = engine.listJobs(batch.id).jobs;
    const outputs = jobs.map((j) => j.outputPath!);
    assert.equal(new Set(outputs).size, 2, `distinct outputs: ${outputs.join(', ')}`);
    for (const j of jobs) assert.deepEqual(readFileSync(j.outputPath!), readFileSync(j.inputPath), `${basename(j.inputPath)} -> its own output`);
    assert.equal(readFileSync(join(out, 'lecture.pptx'), 'utf8'), 'an older output', 'never overwritten silently');
    assert.deepEqual(debris(out), []);
    assert.deepEqual(
      readdirSync(out).filter((n) => n.endsWith('.pptx')).filter((n) => readFileSync(join(out, n)).length === 0),
      [],
      'no empty placeholder left',
    );
  });
}

test('--replace never writes onto an input: an output name that is a link to another input deck gets the next name', async (t) => {
  const root = tempDir(t);
  const inputs = join(root, 'in');
  const out = join(root, 'out');
  const a = await makeDeck(join(inputs, 'a', 'lecture.pptx'), { slides: 1, picturesPerSlide: 1, title: () => 'A' });
  const b = await makeDeck(join(inputs, 'b', 'other.pptx'), { slides: 2, picturesPerSlide: 1, title: () => 'B' });
  const bBytes = readFileSync(b);
  mkdirSync(join(out, 'a'), { recursive: true });
  symlinkSync(b, join(out, 'a', 'lecture.pptx'));
  const engine = openEngine({ root, home: join(root, 'home'), inputs, out, decks: [a, b], snapshot: new Map() }, 'succeed');
  t.after(() => engine.close());
  const batch = await engine.createBatch({ inputs: [inputs], settings: { outputDir: out, replaceOutputs: true } });
  await engine.start(batch.id);
  const done = await engine.waitForBatch(batch.id);
  assert.equal(done.counts.succeeded, 2);
  const ja = engine.listJobs(batch.id).jobs.find((j) => j.inputPath === a)!;
  assert.equal(ja.outputPath, join(out, 'a', 'lecture (2).pptx'));
  assert.deepEqual(readFileSync(b), bBytes, 'the other input is untouched');
});

test('two batches of the same names in one output folder without --replace: every output survives', async (t) => {
  const w = await makeWorld(t, 3);
  const engine = openEngine(w, 'succeed');
  t.after(() => engine.close());
  for (let i = 0; i < 2; i++) {
    const b = await engine.createBatch({ inputs: [w.inputs], settings: { outputDir: w.out, force: true, workers: 2 } });
    await engine.start(b.id);
    assert.equal((await engine.waitForBatch(b.id)).counts.succeeded, 3);
  }
  assert.equal(readdirSync(w.out).filter((n) => n.endsWith('.pptx')).length, 6);
});

test('success means an output: exit 0 with nothing written fails as OUTPUT_MISSING, whatever the result line says', async (t) => {
  for (const fixture of ['says-no-output', 'no-output'] as const) {
    const w = await makeWorld(t, 1);
    const engine = openEngine(w, fixture);
    const b = await engine.createBatch({ inputs: w.decks, settings: { outputDir: w.out } });
    await engine.start(b.id);
    const r = await engine.waitForBatch(b.id);
    const job = engine.listJobs(b.id).jobs[0];
    assert.equal(r.counts.succeeded, 0, fixture);
    assert.equal(job.state, 'failed', fixture);
    assert.equal(job.error?.code, 'OUTPUT_MISSING', fixture);
    assert.equal(job.outputPath, join(w.out, 'lecture-1.pptx'), 'its reserved name is recorded');
    assert.equal(existsSync(job.outputPath!), false, `${fixture}: no empty placeholder is left`);
    engine.close();
  }
});

test('an audit batch is a report: the built-in processor writes no deck and the decks succeed without an output', async (t) => {
  const w = await makeWorld(t, 2);
  const engine = openEngine(w, null);
  t.after(() => engine.close());
  const b = await engine.createBatch({ inputs: [w.inputs], settings: { outputDir: w.out, altPolicy: 'audit' } });
  await engine.start(b.id);
  const r = await engine.waitForBatch(b.id);
  assert.equal(r.counts.succeeded, 2);
  for (const j of engine.listJobs(b.id).jobs) {
    assert.equal(j.outputPath, null);
    assert.ok(j.result && j.result.wroteOutput === false);
  }
  assert.equal(existsSync(w.out), false, 'no output folder for an audit');
});

test('the built-in processor always writes an output, also when nothing changes', async (t) => {
  const w = await makeWorld(t, 1);
  const engine = openEngine(w, null);
  t.after(() => engine.close());
  // A policy that keeps every ALT a person wrote, on a deck whose pictures all have one: nothing to change.
  const deck = await makeDeck(join(w.inputs, 'done.pptx'), { slides: 1, picturesPerSlide: 1, alt: () => 'A labelled diagram of the heart' });
  const b = await engine.createBatch({ inputs: [deck], settings: { outputDir: w.out } });
  await engine.start(b.id);
  const r = await engine.waitForBatch(b.id);
  assert.equal(r.counts.succeeded, 1, JSON.stringify(engine.listJobs(b.id).jobs[0].error));
  const job = engine.listJobs(b.id).jobs[0];
  assert.ok(job.outputPath && (await validateOutput(job.outputPath)).ok);
  // no ALT to change; the checker (issue 13) proposes the slide's title (recorded as AltDeck's draft
  // in docProps/custom.xml, added) and sets the deck's title and language
  assert.deepEqual([...((job.result?.changedParts as string[] | undefined) ?? [])].sort(), ['[Content_Types].xml', '_rels/.rels', 'docProps/core.xml', 'ppt/presentation.xml', 'ppt/slides/slide1.xml']);
  // A deck already in the order the processor writes (its own output) comes out as a byte copy.
  const again = join(w.root, 'again', 'done.pptx');
  mkdirSync(join(w.root, 'again'));
  writeFileSync(again, readFileSync(job.outputPath));
  const b2 = await engine.createBatch({ inputs: [again], settings: { outputDir: join(w.root, 'out2') } });
  await engine.start(b2.id);
  await engine.waitForBatch(b2.id);
  const job2 = engine.listJobs(b2.id).jobs[0];
  assert.equal(job2.state, 'succeeded');
  assert.deepEqual(readFileSync(job2.outputPath!), readFileSync(again), 'a byte copy of the deck');
});

test('a deck replaced while it is processed is not recorded under the old hash: its output is discarded and the new deck processed', async (t) => {
  const w = await makeWorld(t, 1);
  const replacement = await makeDeck(join(w.root, 'saved-later.pptx'), { slides: 3, picturesPerSlide: 1, title: () => 'saved later' });
  process.env.ALTDECK_TEST_MARKER = join(w.root, 'replaced-once');
  process.env.ALTDECK_TEST_REPLACEMENT = replacement;
  t.after(() => {
    delete process.env.ALTDECK_TEST_MARKER;
    delete process.env.ALTDECK_TEST_REPLACEMENT;
  });
  const engine = openEngine(w, 'replace-input');
  t.after(() => engine.close());
  const b = await engine.createBatch({ inputs: w.decks, settings: { outputDir: w.out } });
  await engine.start(b.id);
  const r = await engine.waitForBatch(b.id);
  assert.ok(existsSync(process.env.ALTDECK_TEST_MARKER!), 'the deck was replaced during processing');
  assert.equal(r.counts.succeeded, 1);
  const job = engine.listJobs(b.id).jobs[0];
  const row = engine.store.jobRow(job.id)!;
  const newSha = createHash('sha256').update(readFileSync(replacement)).digest('hex');
  assert.equal(row.fp_sha256, newSha, 'the fingerprint is of the bytes the processor read');
  assert.deepEqual(readFileSync(job.outputPath!), readFileSync(replacement), 'the output comes from the new deck');
  const changed = engine.store.events(job.id).filter((e) => e.to_state === 'retrying' && e.details?.includes('CHANGED_SINCE_PREFLIGHT'));
  assert.equal(changed.length, 1, 'processed again once, after the change was seen');
  assert.equal(job.attempts, 1, 'the change was not the deck’s fault: its attempt was given back');
});

test('copies claimed while the first is being processed wait for its result: one processing, every copy its own output', async (t) => {
  const root = tempDir(t);
  const master = await makeDeck(join(root, 'master.pptx'), { slides: 1, picturesPerSlide: 1 });
  const inputs = join(root, 'in');
  const decks: string[] = [];
  for (let i = 1; i <= 6; i++) {
    mkdirSync(join(inputs, `course-${i}`), { recursive: true });
    decks.push(join(inputs, `course-${i}`, 'lecture.pptx'));
    writeFileSync(decks[decks.length - 1], readFileSync(master));
  }
  process.env.ALTDECK_TEST_STEP_MS = '50';
  process.env.ALTDECK_TEST_STEPS = '4';
  t.after(() => {
    delete process.env.ALTDECK_TEST_STEP_MS;
    delete process.env.ALTDECK_TEST_STEPS;
  });
  const out = join(root, 'out');
  const engine = openEngine({ root, home: join(root, 'home'), inputs, out, decks, snapshot: new Map() }, 'slow');
  t.after(() => engine.close());
  const b = await engine.createBatch({ inputs: [inputs], settings: { outputDir: out, workers: 2 } });
  await engine.start(b.id);
  const r = await engine.waitForBatch(b.id);
  assert.equal(r.counts.succeeded, 6);
  const jobs = engine.listJobs(b.id).jobs;
  const processed = jobs.filter((j) => !j.result?.reusedFrom);
  assert.equal(processed.length, 1, `processed once: ${processed.map((j) => j.inputPath).join(', ')}`);
  assert.equal(new Set(jobs.map((j) => j.outputPath)).size, 6);
  for (const j of jobs) assert.deepEqual(readFileSync(j.outputPath!), readFileSync(master));
  assert.ok(jobs.every((j) => j.attempts === 1), 'waiting spent no attempt');
});

test('checked again right before the processor runs: a reserved output that has become a link to the input is refused, the input untouched', async (t) => {
  const w = await makeWorld(t, 1);
  const engine = openEngine(w, 'succeed');
  t.after(() => engine.close());
  const b = await engine.createBatch({ inputs: w.decks, settings: { outputDir: w.out, replaceOutputs: true } });
  // The name reserved earlier (a retry keeps its own) now leads to the input: someone replaced it by a link.
  const job = engine.listJobs(b.id).jobs[0];
  const reserved = join(w.out, 'lecture-1.pptx');
  mkdirSync(w.out, { recursive: true });
  symlinkSync(w.decks[0], reserved);
  engine.store.db.prepare('UPDATE jobs SET output_path = ? WHERE id = ?').run(reserved, job.id);
  await engine.start(b.id);
  await engine.waitForBatch(b.id);
  const after = engine.listJobs(b.id).jobs[0];
  assert.equal(after.state, 'failed');
  assert.equal(after.error?.code, 'OUTPUT_OVERLAPS_INPUT');
  for (const [p, bytes] of w.snapshot) assert.deepEqual(readFileSync(p), bytes, 'the input is untouched');
});

test('the app: Start with the output folder set to the input folder is refused with the sentence, and no empty batch appears', async (t) => {
  const w = await makeWorld(t, 3);
  const engine = openEngine(w, 'succeed');
  t.after(() => engine.close());
  const d = deps();
  d.settings.set({ outputDir: w.inputs });
  const h = createIpcHandlers(engine, d);
  await assert.rejects(() => h['engine:createBatch']({ inputs: [w.inputs] }), /ENGINE_ERROR: The output folder is, contains, or lies inside a folder being processed/);
  assert.deepEqual(await h['engine:listBatches'](undefined), [], 'no batch, so no empty "Completed" one');
});
