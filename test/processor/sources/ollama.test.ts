import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startFakeOllama, type FakeOllama } from '../../helpers/fake-ollama';
import { waitUntil } from '../../helpers/wait';
import { ModelServerError, cleanAltText, createOllamaDescriber, sameModel } from '../../../src/processor/sources/ollama';
import { shortLead } from '../../../src/processor/model/answer';
import { systemPrompt, userPrompt } from '../../../src/processor/model/prompt';
import { DescriberSkip, type ImageInput, type SlideContext } from '../../../src/processor/sources/types';
import { encodePng, renderText } from './text-image';

const png = encodePng(renderText(['HI'], 2, 4));
const image: ImageInput = { bytes: png, contentType: 'image/png', mediaPart: 'ppt/media/image1.png' };
const ctx: SlideContext = {
  slideNumber: 4,
  title: 'The nephron',
  nearbyText: ['Glomerular filtration', 'Loop of Henle'],
  notes: 'Explain countercurrent multiplication.',
};

async function fake(t: { after: (fn: () => Promise<void>) => void }, opts: Parameters<typeof startFakeOllama>[0] = {}): Promise<FakeOllama> {
  const server = await startFakeOllama(opts);
  t.after(() => server.close());
  return server;
}

function rejectsWith(kind: string, temporary: boolean, message?: RegExp) {
  return (e: unknown) => {
    assert.ok(e instanceof ModelServerError, `expected ModelServerError, got ${String(e)}`);
    assert.equal(e.kind, kind);
    assert.equal(e.temporary, temporary);
    if (message) assert.match(e.message, message);
    return true;
  };
}

test('happy path: checks the model, sends the picture as raw base64 with the slide context, cleans the answer', async (t) => {
  const server = await fake(t, { models: ['llava:latest', 'moondream:latest'], reply: '"Image of a nephron with the loop of Henle labelled."\n' });
  const d = createOllamaDescriber({ baseUrl: server.url, model: 'llava' });
  assert.equal(d.name, 'model');
  assert.deepEqual(await d.available(), { ok: true });
  const out = await d.describe(image, ctx);
  assert.deepEqual(out, {
    text: 'A nephron with the loop of Henle labelled.',
    long: null,
    source: 'model',
    confidence: 0.6,
    needsReview: true,
    reasons: ['Written by the vision model llava: a person must check it, above all on medical content.', 'the model did not answer in the structured form asked for'],
  });
  await d.close();

  // Nothing but the documented calls: list models, show the model, generate.
  assert.deepEqual(
    server.requests.map((r) => `${r.method} ${r.path}`),
    ['GET /api/tags', 'POST /api/show', 'POST /api/generate'],
  );
  assert.deepEqual(server.requests[1].body, { model: 'llava' });
  const gen = server.requests[2];
  assert.match(String(gen.headers['content-type']), /application\/json/);
  const body = gen.body as Record<string, unknown>;
  assert.deepEqual(Object.keys(body).sort(), ['format', 'images', 'model', 'options', 'prompt', 'stream', 'system']);
  assert.equal(body.model, 'llava');
  assert.equal(body.stream, false);
  assert.deepEqual(body.options, { temperature: 0 });
  assert.deepEqual((body.format as { required: string[] }).required, ['role', 'alt', 'long_description', 'text_in_image']);
  const images = body.images as string[];
  assert.equal(images.length, 1);
  assert.doesNotMatch(images[0], /^data:/);
  assert.ok(Buffer.from(images[0], 'base64').equals(png), 'a small picture arrives byte for byte');
  const prompt = String(body.prompt);
  assert.match(prompt, /Slide title: The nephron/);
  assert.match(prompt, /Glomerular filtration \/ Loop of Henle/);
  assert.match(prompt, /countercurrent multiplication/);
  assert.match(prompt, /^The picture is on slide 4 of a presentation\.$/m, 'a neutral context line: no domain unless a school sets one');
  const system = String(body.system);
  assert.match(system, /at most 125 characters/);
  assert.match(system, /Never begin with "image of"/);
  assert.match(system, /do not guess a diagnosis/);
  assert.match(system, /Do not repeat the text that is already on the slide/);
  assert.match(system, /Write "alt" and "long_description" in English/);
});

test('a custom prompt replaces the instruction, the slide context stays', async (t) => {
  const server = await fake(t);
  const d = createOllamaDescriber({ baseUrl: server.url, model: 'llava:latest', prompt: 'Describe for pharmacology students.' });
  await d.describe(image, ctx);
  const body = server.requests[0].body as { prompt: string; system: string };
  assert.match(body.system, /^Describe for pharmacology students\.\n/);
  assert.match(body.system, /"alt"/, 'the JSON keys are still asked for');
  assert.match(body.prompt, /Slide title: The nephron/);
});

test('model not installed: available() says how to install it; describe() meets the 404', async (t) => {
  const server = await fake(t, { models: ['moondream:latest'] });
  const d = createOllamaDescriber({ baseUrl: server.url, model: 'llava:13b' });
  const a = await d.available();
  assert.equal(a.ok, false);
  assert.equal(
    !a.ok && a.message,
    `The model "llava:13b" is not installed on the model server at ${server.url}: run \`ollama pull llava:13b\` on this computer, or choose another model in Settings.`,
  );
  await assert.rejects(d.describe(image, ctx), rejectsWith('model-missing', false, /model 'llava:13b' not found.*ollama pull llava:13b/));
});

test('a text-only model is refused by available(): it would make descriptions up', async (t) => {
  const server = await fake(t, { models: ['llama3.2:latest', 'llava:latest'], capabilities: { 'llama3.2:latest': ['completion', 'tools'] } });
  const text = createOllamaDescriber({ baseUrl: server.url, model: 'llama3.2' });
  assert.deepEqual(await text.available(), {
    ok: false,
    message: 'The model "llama3.2" cannot see pictures (it is a text-only model). Choose a vision model in Settings, for example llava, qwen2.5vl or gemma3.',
  });
  assert.deepEqual(await createOllamaDescriber({ baseUrl: server.url, model: 'llava' }).available(), { ok: true });
  // An older server that lists no capabilities is taken on trust.
  server.set({ capabilities: { 'llama3.2:latest': null } });
  assert.deepEqual(await text.available(), { ok: true });
});

test('no server: available() gives the sentence from the settings screen; describe() is a temporary failure', async (t) => {
  const server = await startFakeOllama();
  const url = server.url;
  await server.close(); // the port is now closed: connection refused
  const d = createOllamaDescriber({ baseUrl: url, model: 'llava' });
  assert.deepEqual(await d.available(), {
    ok: false,
    message: `No model server answers at ${url}. Start Ollama or turn the model off in Settings.`,
  });
  await assert.rejects(d.describe(image, ctx), rejectsWith('unreachable', true, /No model server answers/));
});

test('a server that is not Ollama is named as such', async (t) => {
  const server = await fake(t);
  // Any path prefix on the address is kept: here it leads to the fake's 404 page.
  const d = createOllamaDescriber({ baseUrl: `${server.url}/not-ollama`, model: 'llava' });
  const a = await d.available();
  assert.equal(a.ok, false);
  assert.match(!a.ok ? a.message : '', /answered, but not like Ollama \(HTTP 404: 404 page not found\)/);
  assert.equal(server.requests[0].path, '/not-ollama/api/tags');
});

test('a 500 answer is a failure for this picture, with the server\'s words', async (t) => {
  const server = await fake(t, { generateError: { status: 500, error: 'llama runner process has terminated: signal: killed' } });
  const d = createOllamaDescriber({ baseUrl: server.url, model: 'llava' });
  await assert.rejects(d.describe(image, ctx), rejectsWith('server-error', false, /HTTP 500: llama runner process has terminated/));
  assert.equal(server.requests.length, 1, 'a 500 is not retried');
});

test('a 400 answer is a refusal of this picture', async (t) => {
  const server = await fake(t, { generateError: { status: 400, error: 'image: unknown format' } });
  const d = createOllamaDescriber({ baseUrl: server.url, model: 'llava' });
  await assert.rejects(d.describe(image, ctx), rejectsWith('bad-request', false, /refused the picture ppt\/media\/image1\.png: image: unknown format/));
});

test('busy (503) is retried with backoff, and succeeds when the server frees up', async (t) => {
  const server = await fake(t, { busy: 2, reply: 'Histology slide of renal cortex.' });
  const d = createOllamaDescriber({ baseUrl: server.url, model: 'llava', retryDelayMs: 5 });
  const out = await d.describe(image, ctx);
  assert.equal(out?.text, 'Histology slide of renal cortex.');
  assert.equal(server.requests.filter((r) => r.path === '/api/generate').length, 3);
});

test('busy that does not clear becomes a temporary error (the processor exits 75)', async (t) => {
  const server = await fake(t, { busy: Infinity });
  const d = createOllamaDescriber({ baseUrl: server.url, model: 'llava', retryDelayMs: 5, busyRetries: 2 });
  await assert.rejects(d.describe(image, ctx), rejectsWith('busy', true, /stayed busy \(server busy, please try again/));
  assert.equal(server.requests.length, 3, 'one try and two retries');
});

test('a generation slower than generateTimeoutMs is abandoned as a temporary timeout', async (t) => {
  const server = await fake(t, { generateDelayMs: 5000 });
  const d = createOllamaDescriber({ baseUrl: server.url, model: 'llava', generateTimeoutMs: 150 });
  await assert.rejects(d.describe(image, ctx), rejectsWith('timeout', true, /did not answer within 150 ms/));
});

test('a server that accepts but does not answer the availability check is reported absent', async (t) => {
  const server = await fake(t, { tagsDelayMs: 5000 });
  const d = createOllamaDescriber({ baseUrl: server.url, model: 'llava', connectTimeoutMs: 100 });
  const a = await d.available();
  assert.equal(a.ok, false);
  assert.match(!a.ok ? a.message : '', /^No model server answers at http:\/\/127\.0\.0\.1:\d+ \(no reply within 100 ms\)\. Start Ollama/);
});

test("the caller's abort wins over retries and timeouts", async (t) => {
  const server = await fake(t, { generateDelayMs: 5000 });
  const d = createOllamaDescriber({ baseUrl: server.url, model: 'llava' });
  const ac = new AbortController();
  const p = d.describe(image, ctx, ac.signal);
  // Abort once the server holds the request (mid-generation), not after a guessed delay.
  void waitUntil('the request to reach the server', () => server.generations.length > 0).then(() => ac.abort());
  await assert.rejects(p, (e: unknown) => {
    assert.ok(!(e instanceof ModelServerError));
    assert.equal((e as Error).name, 'AbortError');
    return true;
  });
  await assert.rejects(d.describe(image, ctx, AbortSignal.abort()), { name: 'AbortError' });
});

test('a redirect is never followed: the picture goes nowhere else', async (t) => {
  const elsewhere = await fake(t);
  const server = await fake(t, { redirectTo: `${elsewhere.url}/api/generate` });
  const d = createOllamaDescriber({ baseUrl: server.url, model: 'llava' });
  await assert.rejects(d.describe(image, ctx), rejectsWith('bad-answer', false, /tried to send AltDeck to another address/));
  const a = await d.available();
  assert.equal(a.ok, false);
  assert.equal(elsewhere.requests.length, 0);
});

test('a non-loopback address is refused before anything is sent', () => {
  assert.throws(() => createOllamaDescriber({ baseUrl: 'http://192.168.1.5:11434', model: 'llava' }), /is not on this computer.*patient images/);
  assert.throws(() => createOllamaDescriber({ baseUrl: 'http://127.0.0.1@ollama.example.org', model: 'llava' }), /user name or password/);
  assert.throws(() => createOllamaDescriber({ baseUrl: 'http://127.0.0.1:11434', model: '  ' }), /No model is chosen/);
});

test('pictures no model can take (EMF/WMF without a renderer, unreadable bytes) are left for a person, with the reason, without a request', async (t) => {
  const server = await fake(t);
  const d = createOllamaDescriber({ baseUrl: server.url, model: 'llava', soffice: null });
  const emf = Buffer.alloc(88);
  emf.writeUInt32LE(1, 0);
  emf.write(' EMF', 40, 'ascii');
  const samples: Array<[string, Buffer, RegExp]> = [
    ['image/x-emf', emf, /EMF vector picture: no renderer for EMF on this computer \(install LibreOffice/],
    ['image/x-wmf', Buffer.from([0xd7, 0xcd, 0xc6, 0x9a, 0, 0, 0, 0]), /WMF vector picture: no renderer/],
    ['image/tiff', Buffer.from([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0]), /TIFF picture could not be decoded/],
    // A content type that lies: the bytes decide.
    ['image/png', Buffer.from('not a picture at all'), /format AltDeck cannot read/],
  ];
  for (const [contentType, bytes, why] of samples) {
    await assert.rejects(d.describe({ bytes, contentType, mediaPart: 'ppt/media/x' }, ctx), (e: unknown) => {
      assert.ok(e instanceof DescriberSkip, contentType);
      assert.match(e.reason, why);
      assert.match(e.reason, /a person must describe it/);
      return true;
    });
  }
  assert.equal(server.requests.filter((r) => r.path === '/api/generate').length, 0);
});

test('an answer with nothing usable (empty, a refusal) is no description, with the reason', async (t) => {
  const server = await fake(t, { reply: '' });
  const d = createOllamaDescriber({ baseUrl: server.url, model: 'llava' });
  await assert.rejects(d.describe(image, ctx), (e: unknown) => e instanceof DescriberSkip && /gave no description/.test(e.reason));
  server.set({ reply: "I'm sorry, but I can't help identify people in images." });
  await assert.rejects(d.describe(image, ctx), (e: unknown) => e instanceof DescriberSkip && /declined/.test(e.reason));
});

test('a long answer becomes the long description; the ALT is its first clause, not a cut sentence', async (t) => {
  const long = 'Coronal section of the kidney showing cortex, medulla, renal pyramids, renal pelvis, ureter, renal artery and vein, with the columns of Bertin between the pyramids and the minor and major calyces';
  const server = await fake(t, { reply: long });
  const d = createOllamaDescriber({ baseUrl: server.url, model: 'llava' });
  const out = await d.describe(image, ctx);
  assert.ok(out);
  assert.equal(out.text, 'Coronal section of the kidney showing cortex.');
  assert.equal(out.long, long);
  assert.ok(out.reasons.some((r) => /longer than 125 characters/.test(r)));
});

test('the fake server answers malformed requests like Ollama does', async (t) => {
  const server = await fake(t);
  const post = (body: string) => fetch(`${server.url}/api/generate`, { method: 'POST', body });
  let res = await post('');
  assert.equal(res.status, 400);
  assert.deepEqual(await res.json(), { error: 'missing request body' });
  res = await post('{"model":');
  assert.equal(res.status, 400);
  res = await post('{"prompt":"hi"}');
  assert.deepEqual([res.status, await res.json()], [400, { error: 'model is required' }]);
  res = await post('{"model":"llava","images":["data:image/png;base64,AAAA"]}');
  assert.equal(res.status, 400);
  res = await post('{"model":"nope"}');
  assert.deepEqual([res.status, await res.json()], [404, { error: "model 'nope' not found" }]);
});

test('cleanAltText removes what a screen reader does not need', () => {
  const cases: Array<[string, string]> = [
    ['Image of a stethoscope on a desk.', 'A stethoscope on a desk.'],
    ['  "This image shows the brachial plexus."  ', 'The brachial plexus.'],
    ['“A picture of an ECG strip with ST elevation”', 'An ECG strip with ST elevation'],
    ['**Alt text:** Chest X-ray, PA view', 'Chest X-ray, PA view'],
    ['This diagram shows the Krebs cycle with its enzymes.', 'Diagram showing the Krebs cycle with its enzymes.'],
    ['Salt intake: daily recommendations by age', 'Salt intake: daily recommendations by age'],
    ['N/A', ''],
    ['<think>The user wants alt text.</think>\nMicrograph of a granuloma.', 'Micrograph of a granuloma.'],
    ['```\nFlowchart of sepsis management\n```', 'Flowchart of sepsis management'],
    ['- Bar chart of **mortality** by age group\n\nNote: I could not read the axis.', 'Bar chart of mortality by age group'],
    ["Here's the alt text: 'Anatomy of the heart'", 'Anatomy of the heart'],
    ['the image depicts a surgical field', 'A surgical field'],
    ['In this image, we see two neurons.', 'Two neurons.'],
    ['""', ''],
    ['I cannot describe this image.', ''],
  ];
  for (const [raw, want] of cases) assert.equal(cleanAltText(raw), want, raw);
});

test('shortLead keeps whole sentences, else a first clause, else nothing', () => {
  const twoSentences = `${'Axial CT of the abdomen at the level of the kidneys, showing a mass in the left kidney.'} ${'The renal vein is invaded and the inferior vena cava holds thrombus extending upwards to the atrium.'}`;
  assert.equal(shortLead(twoSentences), 'Axial CT of the abdomen at the level of the kidneys, showing a mass in the left kidney.');
  assert.equal(shortLead('word '.repeat(60).trim()), null);
  assert.equal(shortLead('Short.'), 'Short.');
});

test('the user prompt keeps the context short and skips what is missing; a domain is a context line', () => {
  const p = userPrompt({ slideNumber: 2, title: null, nearbyText: ['', '  '], notes: null });
  assert.doesNotMatch(p, /Slide title|Text on the slide|Speaker notes|Other clues/);
  const q = userPrompt({ slideNumber: 2, title: 'T', nearbyText: ['x'.repeat(5000)], notes: 'n'.repeat(5000), evidence: ['Figure 3: glomerulus'] }, { domain: 'medical school lecture' });
  assert.ok(q.length < 2500, `prompt length ${q.length}`);
  assert.match(q, /^The picture is on slide 2 of a presentation \(medical school lecture\)\.$/m);
  assert.match(q, /Other clues \(caption, link, file name\): Figure 3: glomerulus/);
  assert.match(systemPrompt({ language: 'de' }), /in German\./);
  assert.match(systemPrompt({ language: 'pt-BR' }), /in Brazilian Portuguese\./);
  assert.match(systemPrompt({ language: 'xx-not-a-code!' }), /in xx-not-a-code!\./);
});

test('sameModel treats a missing tag as :latest', () => {
  assert.ok(sameModel('llava', 'llava:latest'));
  assert.ok(sameModel('LLaVA:latest', 'llava'));
  assert.ok(!sameModel('llava:13b', 'llava'));
  assert.ok(sameModel('library/llava', 'library/llava:latest'));
  assert.ok(sameModel('localhost:5000/llava', 'localhost:5000/llava:latest'));
});

test('a connection dropped without an answer is tried once more; a server that keeps dropping is a temporary failure', async (t) => {
  const server = await fake(t, { dropGenerations: 1, reply: 'Histology slide of renal cortex.' });
  const d = createOllamaDescriber({ baseUrl: server.url, model: 'llava' });
  assert.equal((await d.describe(image, ctx))?.text, 'Histology slide of renal cortex.');
  assert.equal(server.requests.filter((r) => r.path === '/api/generate').length, 2);
  server.set({ dropGenerations: Infinity });
  await assert.rejects(d.describe({ ...image, bytes: encodePng(renderText(['HO'], 2, 4)) }, ctx), rejectsWith('unreachable', true, /No model server answers/));
});
