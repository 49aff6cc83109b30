/** File-system verdicts: missing, folders, unreadable, wrong names. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { REPO_ROOT } from '../helpers/corpus';
import { preflightFile } from '../../src/core/preflight';
import { ERROR_MESSAGES } from '../../src/shared/errors';
import { makeDeck } from '../helpers/make-deck';
import { tempDir } from '../helpers/tmp';

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

test('NOT_FOUND for a missing file, a missing folder and a dangling link', async (t) => {
  const dir = tempDir(t);
  for (const p of [join(dir, 'gone.pptx'), join(dir, 'no-folder', 'x.pptx')]) {
    const r = await preflightFile(p);
    assert.equal(r.code, 'NOT_FOUND');
    assert.equal(r.ok, false);
    if (!r.ok) assert.equal(r.message, ERROR_MESSAGES.NOT_FOUND);
  }
  symlinkSync(join(dir, 'nowhere.pptx'), join(dir, 'link.pptx'));
  assert.equal((await preflightFile(join(dir, 'link.pptx'))).code, 'NOT_FOUND');
});

test('NOT_A_FILE for a folder named like a deck', async (t) => {
  const dir = tempDir(t);
  mkdirSync(join(dir, 'deck.pptx'));
  assert.equal((await preflightFile(join(dir, 'deck.pptx'))).code, 'NOT_A_FILE');
});

test('NOT_READABLE when permissions deny reading', { skip: process.platform === 'win32' ? 'POSIX permissions' : false }, async (t) => {
  const dir = tempDir(t);
  const p = await makeDeck(join(dir, 'private.pptx'));
  chmodSync(p, 0o000);
  if (!isRoot) {
    const r = await preflightFile(p);
    assert.equal(r.code, 'NOT_READABLE');
    assert.match((r as { detail?: string }).detail ?? '', /EACCES/);
    return;
  }
  // Root reads anything: ask an unprivileged child process instead.
  chmodSync(dir, 0o755);
  const script = `import('${join(REPO_ROOT, 'src/core/preflight/index.ts')}').then(async (m) => console.log(JSON.stringify(await (m.preflightFile ?? m.default.preflightFile)(${JSON.stringify(p)}))))`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { uid: 65534, gid: 65534, cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, HOME: '/tmp' } });
  const r = JSON.parse(out.trim().split('\n').pop()!);
  assert.equal(r.code, 'NOT_READABLE');
  assert.match(r.detail, /EACCES/);
});

test('WRONG_EXTENSION for other files; every deck extension is accepted', async (t) => {
  const dir = tempDir(t);
  for (const name of ['notes.docx', 'deck.key', 'README', 'slides.odp', 'deck.pptx.bak']) {
    const p = join(dir, name);
    writeFileSync(p, 'x');
    assert.equal((await preflightFile(p)).code, 'WRONG_EXTENSION', name);
  }
  const data = await makeDeck(join(dir, 'src.pptx'));
  for (const ext of ['.pptx', '.PPTX', '.pptm', '.ppsx', '.ppsm', '.potx', '.potm']) {
    const p = join(dir, `copy${ext}`);
    writeFileSync(p, await import('node:fs').then((fs) => fs.readFileSync(data)));
    const r = await preflightFile(p);
    assert.equal(r.ok, true, ext);
    // pptxgenjs writes a plain presentation: other extensions get told so.
    if (r.ok && ext.toLowerCase() !== '.pptx') assert.ok(r.warnings.some((w) => w.includes(`name says ${ext.toLowerCase()}`)), `${ext}: ${r.warnings}`);
  }
});

test('relative paths come back absolute', async (t) => {
  const dir = tempDir(t);
  await makeDeck(join(dir, 'rel.pptx'));
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    const r = await preflightFile('rel.pptx');
    assert.equal(r.path, join(dir, 'rel.pptx'));
  } finally {
    process.chdir(cwd);
  }
});
