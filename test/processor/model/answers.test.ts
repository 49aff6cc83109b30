/**
 * The written text is right whatever a real model answers (REAL_ANSWERS: chatty
 * openings in 14 languages, refusals, "N/A", "Decorative", over-long answers,
 * broken JSON), through both server dialects, and the OpenAI-compatible request
 * carries what those servers document.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startFakeOllama } from '../../helpers/fake-ollama';
import { REAL_ANSWERS } from '../../helpers/real-answers';
import { createModelDescriber } from '../../../src/processor/model/describer';
import { interpretAnswer } from '../../../src/processor/model/answer';
import { DescriberSkip, type ImageInput, type SlideContext } from '../../../src/processor/sources/types';
import { encodePng, renderText } from '../sources/text-image';

const png = encodePng(renderText(['HI'], 2, 4));
const image: ImageInput = { bytes: png, contentType: 'image/png', mediaPart: 'ppt/media/image1.png' };
const ctx: SlideContext = { slideNumber: 3, title: 'Renal physiology', nearbyText: ['Filtration', 'Reabsorption'], notes: null };

for (const api of ['ollama', 'openai'] as const) {
  test(`every real answer becomes the right text (${api})`, async (t) => {
    const server = await startFakeOllama({ api });
    t.after(() => server.close());
    const d = createModelDescriber({ baseUrl: server.url, model: 'llava:latest', api, retryDelayMs: 1 });
    assert.deepEqual(await d.available(), { ok: true });
    for (const a of REAL_ANSWERS) {
      server.set({ reply: a.reply });
      if (a.expect.none) {
        await assert.rejects(d.describe(image, ctx), (e: unknown) => {
          assert.ok(e instanceof DescriberSkip, `${a.name}: ${String(e)}`);
          assert.match(e.reason, a.expect.none!, a.name);
          return true;
        });
        continue;
      }
      const out = await d.describe(image, ctx);
      assert.ok(out, a.name);
      if (a.expect.decorative) {
        assert.equal(out.decorative, true, a.name);
        assert.equal(out.text, '', a.name);
        continue;
      }
      assert.equal(out.text, a.expect.alt, a.name);
      assert.ok(out.text.length <= 125, `${a.name}: ${out.text.length} characters`);
      assert.doesNotMatch(out.text, /^(?:image|picture) of|^N\/A$|^decorative$/i, a.name);
      if (a.expect.long) assert.match(out.long ?? '', a.expect.long, a.name);
      assert.equal(out.source, 'model');
      assert.equal(out.needsReview, true);
    }
    assert.equal(server.generations.length, REAL_ANSWERS.length, 'no cache path: every picture asked');
  });
}

test('OpenAI-compatible request: system + user message, picture as a data URL, JSON schema as response_format', async (t) => {
  const server = await startFakeOllama({ api: 'openai', models: ['qwen2.5-vl-7b'], reply: '{"role":"informative","alt":"Kidney","long_description":"","text_in_image":""}' });
  t.after(() => server.close());
  const d = createModelDescriber({ baseUrl: `${server.url}/v1`, model: 'qwen2.5-vl-7b', api: 'auto', language: 'fr', domain: 'medical school lecture' });
  assert.deepEqual(await d.available(), { ok: true });
  assert.equal((await d.describe(image, ctx))?.text, 'Kidney');
  const req = server.requests.find((r) => r.path === '/v1/chat/completions')!;
  const body = req.body as { model: string; messages: Array<{ role: string; content: unknown }>; response_format: { type: string; json_schema: { schema: unknown } }; temperature: number };
  assert.equal(body.model, 'qwen2.5-vl-7b');
  assert.equal(body.temperature, 0);
  assert.equal(body.messages[0].role, 'system');
  assert.match(String(body.messages[0].content), /in French\./);
  const parts = body.messages[1].content as Array<{ type: string; text?: string; image_url?: { url: string } }>;
  assert.match(parts[0].text!, /\(medical school lecture\)/);
  assert.match(parts[1].image_url!.url, /^data:image\/png;base64,/);
  assert.ok(server.generations[0].image!.equals(png));
  assert.equal(body.response_format.type, 'json_schema');
  assert.ok(server.generations[0].schema);
  // nothing but the documented calls (the address ended in /v1: no probing of Ollama's API)
  assert.deepEqual(server.requests.map((r) => `${r.method} ${r.path}`), ['GET /v1/models', 'POST /v1/chat/completions']);
});

test('a server that refuses response_format is asked again without it, once, and never again', async (t) => {
  const server = await startFakeOllama({ api: 'openai', rejectResponseFormat: true, reply: 'Sure! Here is the ALT text: Micrograph of a neuron' });
  t.after(() => server.close());
  const d = createModelDescriber({ baseUrl: server.url, model: 'llava', api: 'openai' });
  assert.equal((await d.describe(image, ctx))?.text, 'Micrograph of a neuron');
  assert.equal((await d.describe({ ...image, bytes: encodePng(renderText(['HO'], 2, 4)) }, ctx))?.text, 'Micrograph of a neuron');
  const posts = server.requests.filter((r) => r.path === '/v1/chat/completions').map((r) => 'response_format' in (r.body as object));
  assert.deepEqual(posts, [true, false, false]);
});

test('auto: Ollama when /api/tags answers, OpenAI-compatible when only /v1/models does', async (t) => {
  const ollama = await startFakeOllama({ reply: '{"role":"informative","alt":"A","long_description":"","text_in_image":""}' });
  const openai = await startFakeOllama({ api: 'openai', reply: '{"role":"informative","alt":"B","long_description":"","text_in_image":""}' });
  t.after(() => ollama.close());
  t.after(() => openai.close());
  assert.equal((await createModelDescriber({ baseUrl: ollama.url, model: 'llava' }).describe(image, ctx))?.text, 'A');
  assert.equal((await createModelDescriber({ baseUrl: openai.url, model: 'llava' }).describe(image, ctx))?.text, 'B');
  assert.equal(openai.generations[0].api, 'openai');
});

test('OpenAI-compatible server with several models: a model it does not have is named, with what it has', async (t) => {
  const server = await startFakeOllama({ api: 'openai', models: ['llava-1.6', 'qwen2-vl'] });
  t.after(() => server.close());
  const a = await createModelDescriber({ baseUrl: server.url, model: 'gemma3', api: 'openai' }).available();
  assert.equal(a.ok, false);
  assert.match(!a.ok ? a.message : '', /The model "gemma3" is not loaded on the model server at http:\/\/127\.0\.0\.1:\d+ \(it has: llava-1\.6, qwen2-vl\)/);
});

test('an ALT that only repeats the slide title or text is no description', () => {
  const v = interpretAnswer('{"role":"informative","alt":"Renal physiology","long_description":"","text_in_image":""}', ['Renal physiology', 'Filtration']);
  assert.deepEqual(v, { kind: 'none', why: 'the vision model only repeated the text on the slide' });
});

test('auto with no server listening: a sentence that names no particular server', async (t) => {
  const server = await startFakeOllama();
  const url = server.url;
  await server.close();
  const a = await createModelDescriber({ baseUrl: url, model: 'llava' }).available();
  assert.deepEqual(a, { ok: false, message: `No model server answers at ${url}. Start the model server (Ollama, llama.cpp, LM Studio, vLLM, LocalAI) or turn the model off in Settings.` });
});
