/**
 * The real entry point as the engine spawns it: NDJSON on stdout, exit codes
 * 0/65/75/143, and no partial output or temp file when stopped at the last moment.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { REPO_ROOT } from '../helpers/corpus';
import { tempDir } from '../helpers/tmp';
import { lectureDeck } from './fixtures';
import { ENTRY, noTemp, startProcessor } from './run-entry';

const start = startProcessor;

test('success: NDJSON progress and one result line, exit 0, output written', async (t) => {
  const dir = tempDir(t);
  const input = await lectureDeck(join(dir, 'in.pptx'));
  const output = join(dir, 'out.pptx');
  const { child, done } = start(['--input', input, '--output', output], { ALTDECK_JOB_ID: '7' });
  const r = await done;
  void child;
  assert.equal(r.code, 0, r.stderr);
  const results = r.lines.filter((l) => l.type === 'result');
  assert.equal(results.length, 1);
  assert.equal(r.lines[r.lines.length - 1].type, 'result');
  const result = results[0] as { written: number; wroteOutput: boolean; items: unknown[] };
  assert.equal(result.wroteOutput, true);
  assert.ok(result.written >= 4);
  const progress = r.lines.filter((l) => l.type === 'progress' && !l.stage) as Array<{ done: number; total: number }>;
  assert.equal(progress.length, result.items.length, 'one progress line per object');
  assert.equal(progress[progress.length - 1].done, progress[progress.length - 1].total);
  assert.ok(existsSync(output));
  noTemp(dir);
});

test('a file that is not a deck: exit 65, a sentence on stderr, no output', async (t) => {
  const dir = tempDir(t);
  const input = join(dir, 'notes.pptx');
  writeFileSync(input, 'these are my lecture notes, not a deck\n');
  const output = join(dir, 'out.pptx');
  const r = await start(['--input', input, '--output', output]).done;
  assert.equal(r.code, 65);
  assert.match(r.stderr, /not a PowerPoint file inside/);
  assert.equal(existsSync(output), false);
  assert.equal(r.lines.filter((l) => l.type === 'result').length, 0);
  noTemp(dir);
});

test('SIGTERM with the complete temp file on disk: exit 143, no output, no temp file', async (t) => {
  const dir = tempDir(t);
  const input = await lectureDeck(join(dir, 'in.pptx'));
  const output = join(dir, 'out.pptx');
  const p = start(['--input', input, '--output', output], { ALTDECK_TEST_HOLD_BEFORE_RENAME: '1' });
  await p.waitFor((l) => l.message === 'holding before rename');
  assert.equal(readdirSync(dir).filter((f) => f.includes('altdeck-tmp')).length, 1, 'temp file exists while working');
  p.child.kill('SIGTERM');
  const r = await p.done;
  assert.equal(r.code, 143);
  assert.equal(existsSync(output), false);
  noTemp(dir);
});

test('parent gone (stdin closed): exit 75, no output, no temp file', async (t) => {
  const dir = tempDir(t);
  const input = await lectureDeck(join(dir, 'in.pptx'));
  const output = join(dir, 'out.pptx');
  const p = start(['--input', input, '--output', output], { ALTDECK_TEST_HOLD_BEFORE_RENAME: '1' });
  await p.waitFor((l) => l.message === 'holding before rename');
  p.child.stdin.end();
  const r = await p.done;
  assert.equal(r.code, 75);
  assert.equal(existsSync(output), false);
  noTemp(dir);
});

test('a signed deck is skipped with SIGNED_DECK and no output; --include-signed processes it', async (t) => {
  const dir = tempDir(t);
  const plain = await lectureDeck(join(dir, 'plain.pptx'));
  const zip = await JSZip.loadAsync(readFileSync(plain));
  const rels = (await zip.file('_rels/.rels')!.async('string')).replace(
    '</Relationships>',
    '<Relationship Id="rIdSig" Type="http://schemas.openxmlformats.org/package/2006/relationships/digital-signature/origin" Target="_xmlsignatures/origin.sigs"/></Relationships>',
  );
  zip.file('_rels/.rels', rels);
  zip.file('_xmlsignatures/origin.sigs', '');
  zip.file('_xmlsignatures/sig1.xml', '<Signature xmlns="http://www.w3.org/2000/09/xmldsig#"/>');
  const input = join(dir, 'signed.pptx');
  writeFileSync(input, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
  const output = join(dir, 'out.pptx');
  const r = await start(['--input', input, '--output', output]).done;
  assert.equal(r.code, 0, r.stderr);
  const result = r.lines.find((l) => l.type === 'result')!;
  assert.equal(result.skipped, true);
  assert.equal(result.skipCode, 'SIGNED_DECK');
  assert.equal(result.wroteOutput, false);
  assert.equal(existsSync(output), false);
  const r2 = await start(['--input', input, '--output', output, '--include-signed']).done;
  assert.equal(r2.code, 0, r2.stderr);
  assert.ok(existsSync(output));
});

test('audit needs no output; a usage error exits 64', async (t) => {
  const dir = tempDir(t);
  const input = await lectureDeck(join(dir, 'in.pptx'));
  const r = await start(['--input', input, '--policy', 'audit']).done;
  assert.equal(r.code, 0, r.stderr);
  const result = r.lines.find((l) => l.type === 'result')!;
  assert.equal(result.wroteOutput, false);
  assert.deepEqual(readdirSync(dir), ['in.pptx']);
  const bad = await start(['--input', input, '--policy', 'rewrite-everything']).done;
  assert.equal(bad.code, 64);
});

test('--apply writes exactly the reviewed decisions into a copy of the original', async (t) => {
  const dir = tempDir(t);
  const input = await lectureDeck(join(dir, 'in.pptx'));
  const applyFile = join(dir, 'decisions.json');
  writeFileSync(
    applyFile,
    JSON.stringify({
      schema: 'altdeck-apply/1',
      items: [
        { part: 'ppt/slides/slide1.xml', shapeId: '3', action: 'set', text: 'Left ventricular pressure & volume over one cycle' },
        { part: 'ppt/slides/slide1.xml', shapeId: '5', action: 'decorative' },
        { part: 'ppt/slides/slide9.xml', shapeId: '2', action: 'set', text: 'gone' },
      ],
    }),
  );
  const output = join(dir, 'out.pptx');
  const r = await start(['--input', input, '--output', output, '--apply', applyFile]).done;
  assert.equal(r.code, 0, r.stderr);
  const result = r.lines.find((l) => l.type === 'result') as { changedParts: string[]; written: number; warnings: string[]; items: Array<{ shapeId: string; slide: number; status: string }> };
  assert.deepEqual(result.changedParts, ['ppt/slides/slide1.xml']);
  assert.equal(result.written, 1);
  assert.match(result.warnings.join('\n'), /slide9\.xml#2 matches no object/);
  const { readEntry } = await import('./zip-inspect');
  const xml = (await readEntry(output, 'ppt/slides/slide1.xml')).toString('utf8');
  assert.ok(xml.includes('descr="Left ventricular pressure &amp; volume over one cycle"'));
  assert.ok(xml.includes('{C183D7F6-B498-43B3-948B-1728B52AA6E4}'));
  // an unreadable decisions file is bad input
  writeFileSync(applyFile, '{"schema":"something-else"}');
  const bad = await start(['--input', input, '--output', join(dir, 'o2.pptx'), '--apply', applyFile]).done;
  assert.equal(bad.code, 65);
});

test('bundled like the app ships it: the CLI’s `altdeck process` and dist/processor/main.js each run once', async (t) => {
  const dir = tempDir(t);
  const { build } = await import('esbuild');
  const external = ['electron', 'better-sqlite3', 'tesseract.js', '@tesseract.js-data/*', 'tsx', 'tsx/*'];
  const common = { bundle: true, platform: 'node' as const, target: 'node20', format: 'cjs' as const, external, logLevel: 'silent' as const, absWorkingDir: REPO_ROOT, nodePaths: [join(REPO_ROOT, 'node_modules')] };
  await build({ ...common, entryPoints: [join(REPO_ROOT, 'src/cli/main.ts')], outfile: join(dir, 'cli', 'main.js') });
  await build({ ...common, entryPoints: [ENTRY], outfile: join(dir, 'processor', 'main.js') });
  const input = await lectureDeck(join(dir, 'in.pptx'));
  for (const [script, args] of [
    [join(dir, 'cli', 'main.js'), ['process']],
    [join(dir, 'processor', 'main.js'), []],
  ] as const) {
    const output = join(dir, `out-${args.length}.pptx`);
    const child = spawn(process.execPath, [script, ...args, '--input', input, '--output', output], { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NODE_PATH: join(REPO_ROOT, 'node_modules') } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 0, `${script}: ${stderr}`);
    assert.equal(stderr, '', 'no second run complaining about its arguments');
    assert.equal(stdout.trim().split('\n').filter((l) => JSON.parse(l).type === 'result').length, 1);
    assert.ok(existsSync(output));
  }
});
