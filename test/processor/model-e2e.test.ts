/**
 * The entry point against a stand-in Ollama server on loopback: the model's
 * text (cleaned) becomes the ALT of pictures, the slide title goes into the
 * prompt, and a server that stays busy makes the processor exit 75 with no output.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/corpus';
import { tempDir } from '../helpers/tmp';
import { startFakeOllama } from '../helpers/fake-ollama';
import { lectureDeck } from './fixtures';

const ENTRY = join(REPO_ROOT, 'src', 'processor', 'main.ts');

/** Runs the processor asynchronously (the fake server lives in this process). */
function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, ...args], { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

test('vision model on loopback: ALT from the model, slide title in the prompt', async (t) => {
  const server = await startFakeOllama({ reply: 'Image of a pressure-volume loop of the left ventricle' });
  t.after(() => server.close());
  const dir = tempDir(t);
  const input = await lectureDeck(join(dir, 'in.pptx'));
  const output = join(dir, 'out.pptx');
  const r = await run(['--input', input, '--output', output, '--model-server', server.url, '--model', 'llava']);
  assert.equal(r.code, 0, r.stderr);
  const result = JSON.parse(r.stdout.trim().split('\n').pop()!) as { items: Array<{ kind: string; source: string; newAlt: string; status: string; slide: number }> };
  const pics = result.items.filter((i) => i.kind === 'picture' && i.status === 'written');
  assert.ok(pics.length >= 2);
  for (const p of pics) {
    assert.equal(p.source, 'model');
    assert.equal(p.newAlt, 'A pressure-volume loop of the left ventricle');
  }
  assert.equal(result.items.find((i) => i.kind === 'chart')!.source, 'chart', 'chart data still wins');
  const prompts = server.requests.filter((q) => q.path === '/api/generate').map((q) => String((q.body as { prompt: unknown }).prompt));
  assert.ok(prompts.some((p) => p.includes('Cardiac cycle')), 'slide title sent as context');
  assert.ok(existsSync(output));
});

test('a model server that stays busy: exit 75, no output, no temp file', { timeout: 60_000 }, async (t) => {
  const server = await startFakeOllama({ busy: Infinity });
  t.after(() => server.close());
  const dir = tempDir(t);
  const input = await lectureDeck(join(dir, 'in.pptx'));
  const output = join(dir, 'out.pptx');
  const r = await run(['--input', input, '--output', output, '--model-server', server.url, '--model', 'llava']);
  assert.equal(r.code, 75, r.stderr);
  assert.match(r.stderr, /model/i);
  assert.equal(existsSync(output), false);
  assert.deepEqual(readdirSync(dir).filter((f) => f.includes('altdeck-tmp')), []);
});

test('no server listening: exit 75 with a sentence', async (t) => {
  const server = await startFakeOllama({});
  const url = server.url;
  await server.close();
  const dir = tempDir(t);
  const input = await lectureDeck(join(dir, 'in.pptx'));
  const r = await run(['--input', input, '--output', join(dir, 'out.pptx'), '--model-server', url, '--model', 'llava']);
  assert.equal(r.code, 75, r.stderr);
  assert.match(r.stderr, /vision model is not available/);
});
