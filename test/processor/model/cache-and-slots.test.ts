/**
 * The model cache and the one-request-at-a-time rule, with real processor
 * subprocesses sharing one queue database and the stand-in model server:
 *  - two decks with the same pictures → each picture asked once;
 *  - a deck stopped half-way → its next run asks only for what is not cached;
 *  - two processors at once → never more than one request in flight at the server.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startFakeOllama, type FakeOllama } from '../../helpers/fake-ollama';
import { makeDeck, makePng } from '../../helpers/make-deck';
import { tempDir } from '../../helpers/tmp';
import { startProcessor, type Line } from '../run-entry';

const answer = (alt: string) => JSON.stringify({ role: 'informative', alt, long_description: '', text_in_image: '' });

/** The answer names the picture by its size and first colour, so each picture has its own text. */
function replyByPicture(_b: unknown, g: { image: Buffer | null }): string {
  const png = g.image!;
  return answer(`Test pattern ${png.readUInt32BE(16)}x${png.readUInt32BE(20)} number ${png.length}`);
}

async function fake(t: { after: (fn: () => Promise<void>) => void }, opts: Parameters<typeof startFakeOllama>[0] = {}): Promise<FakeOllama> {
  const s = await startFakeOllama({ reply: replyByPicture, ...opts });
  t.after(() => s.close());
  return s;
}

const result = (lines: Line[]) => lines.find((l) => l.type === 'result') as unknown as { items: Array<{ kind: string; source: string; newAlt: string; mediaPart: string; reviewReasons: string[] }> };

function processorArgs(server: FakeOllama, input: string, output: string, db: string, extra: string[] = []): string[] {
  return ['--input', input, '--output', output, '--model-server', server.url, '--model', 'llava', '--model-cache', db, ...extra];
}

test('two decks with the same pictures: each picture goes to the model once; the second deck reads the cache', { timeout: 120_000 }, async (t) => {
  const server = await fake(t);
  const dir = tempDir(t);
  const db = join(dir, 'home', 'altdeck.db');
  const a = await makeDeck(join(dir, 'a.pptx'), { slides: 3, title: (s) => `Anatomy ${s}` });
  const b = await makeDeck(join(dir, 'b.pptx'), { slides: 3, title: (s) => `Physiology ${s}` });

  const ra = await startProcessor(processorArgs(server, a, join(dir, 'a-out.pptx'), db)).done;
  assert.equal(ra.code, 0, ra.stderr);
  assert.equal(server.generations.length, 3, 'three different pictures, three requests');
  const rb = await startProcessor(processorArgs(server, b, join(dir, 'b-out.pptx'), db)).done;
  assert.equal(rb.code, 0, rb.stderr);
  assert.equal(server.generations.length, 3, 'the same pictures in another deck: no new request');

  const pa = result(ra.lines).items.filter((i) => i.kind === 'picture');
  const pb = result(rb.lines).items.filter((i) => i.kind === 'picture');
  assert.equal(pb.length, 3);
  assert.deepEqual(pb.map((i) => i.newAlt), pa.map((i) => i.newAlt));
  for (const i of pb) {
    assert.equal(i.source, 'model');
    assert.match(i.newAlt, /^Test pattern 64x48 number \d+$/);
    assert.ok(i.reviewReasons.some((r) => /model cache/.test(r)), 'the report says it came from the cache');
  }
  const raw = new Database(db, { readonly: true });
  t.after(() => raw.close());
  const rows = raw.prepare('SELECT model, prompt_version, language, hits FROM model_descriptions ORDER BY created_at').all() as Array<{ model: string; prompt_version: string; language: string; hits: number }>;
  assert.equal(rows.length, 3);
  for (const r of rows) {
    assert.equal(r.model, 'llava');
    assert.match(r.prompt_version, /^alt-json-\d+$/);
    assert.equal(r.language, 'en');
    assert.equal(r.hits, 1);
  }
});

test('another model, prompt (domain) or language is another cache entry', { timeout: 120_000 }, async (t) => {
  const server = await fake(t, { models: ['llava:latest', 'moondream:latest'] });
  const dir = tempDir(t);
  const db = join(dir, 'altdeck.db');
  const deck = await makeDeck(join(dir, 'a.pptx'), { slides: 1 });
  const runs: string[][] = [[], ['--model', 'moondream'], ['--model-domain', 'medical school lecture'], ['--language', 'de'], []];
  for (const extra of runs) {
    const r = await startProcessor(processorArgs(server, deck, join(dir, 'out.pptx'), db, extra)).done;
    assert.equal(r.code, 0, r.stderr);
  }
  assert.equal(server.generations.length, 4, 'the last run repeats the first: cached');
  assert.match(server.generations[2].prompt, /\(medical school lecture\)/);
  assert.match(server.generations[3].system, /in German\./);
});

test('a deck stopped half-way: the next run asks only for the pictures not yet described', { timeout: 120_000 }, async (t) => {
  const server = await fake(t);
  const dir = tempDir(t);
  const db = join(dir, 'altdeck.db');
  const deck = await makeDeck(join(dir, 'a.pptx'), { slides: 4 });
  const output = join(dir, 'out.pptx');
  // the third request is held: the processor has cached two answers and waits for the third
  server.set({
    reply: (b, g) => {
      if (server.generations.length === 2) server.set({ generateDelayMs: 600_000 });
      return replyByPicture(b, g);
    },
  });
  const first = startProcessor(processorArgs(server, deck, output, db));
  const deadline = Date.now() + 60_000;
  while (server.generations.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  assert.equal(server.generations.length, 3);
  first.child.kill('SIGTERM');
  const stopped = await first.done;
  assert.equal(stopped.code, 143, stopped.stderr);

  server.set({ generateDelayMs: 0, reply: replyByPicture });
  const again = await startProcessor(processorArgs(server, deck, output, db)).done;
  assert.equal(again.code, 0, again.stderr);
  assert.equal(server.generations.length, 5, 'two cached, the interrupted third and the fourth asked');
  const asked = server.generations.map((g) => g.image!.toString('base64'));
  assert.equal(asked[3], asked[2], 'the interrupted picture is asked again');
  assert.equal(new Set(asked).size, 4, 'no picture asked twice once answered');
  const pics = result(again.lines).items.filter((i) => i.kind === 'picture');
  assert.equal(pics.length, 4);
  assert.ok(pics.every((p) => p.source === 'model'));
  assert.equal(pics.filter((p) => p.reviewReasons.some((r) => /model cache/.test(r))).length, 2);
});

test('two processors at once send one request at a time to the server (a slot in the queue database)', { timeout: 120_000 }, async (t) => {
  const server = await fake(t, { generateDelayMs: 250 });
  const dir = tempDir(t);
  const db = join(dir, 'altdeck.db');
  // different picture sizes: no picture is shared, so the cache cannot hide a second request
  const x = await makeDeck(join(dir, 'x.pptx'), { slides: 3, imageSize: [64, 48] });
  const y = await makeDeck(join(dir, 'y.pptx'), { slides: 3, imageSize: [80, 60] });
  const [rx, ry] = await Promise.all([
    startProcessor(processorArgs(server, x, join(dir, 'x-out.pptx'), db)).done,
    startProcessor(processorArgs(server, y, join(dir, 'y-out.pptx'), db)).done,
  ]);
  assert.equal(rx.code, 0, rx.stderr);
  assert.equal(ry.code, 0, ry.stderr);
  assert.equal(server.generations.length, 6);
  assert.equal(server.maxInFlight, 1, 'never two requests in flight');
  const raw = new Database(db, { readonly: true });
  t.after(() => raw.close());
  assert.equal((raw.prepare('SELECT COUNT(*) AS n FROM model_server_slots').get() as { n: number }).n, 0, 'no slot left held');
  assert.ok(result(rx.lines).items.filter((i) => i.kind === 'picture').every((i) => /64x48/.test(i.newAlt)));
  assert.ok(result(ry.lines).items.filter((i) => i.kind === 'picture').every((i) => /80x60/.test(i.newAlt)));
});
