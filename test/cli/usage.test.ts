/**
 * issue 14 §4: a command line that behaves in scripts. Usage, help and version;
 * option errors that say what was meant; exit codes; no batch for a mistyped path
 * or an empty folder; one line per deck on a re-run; `batches` columns;
 * `review --export --all` as a sheet a second reviewer fills in and imports.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { makeWorld } from '../engine/helpers';
import { fixtureCommandLine } from '../fixtures/processors';
import { parseCli, UsageError } from '../../src/cli/args';
import { closest, editDistance } from '../../src/cli/suggest';
import { parseCsv } from '../../src/core/review/csv';
import { runCli } from './run-cli';

const batchCount = (home: string): number => {
  if (!existsSync(join(home, 'altdeck.db'))) return 0;
  const d = new Database(join(home, 'altdeck.db'), { readonly: true });
  try {
    return (d.prepare('SELECT count(*) AS n FROM batches').get() as { n: number }).n;
  } finally {
    d.close();
  }
};

test('parseCli: --version, help per command, did-you-mean for options and commands, --source checked', () => {
  assert.deepEqual(parseCli(['--version']), { cmd: 'version' });
  assert.throws(() => parseCli([]), /Give a command/);
  assert.deepEqual(parseCli(['--help']), { cmd: 'help' });
  assert.deepEqual(parseCli(['-V']), { cmd: 'version' });
  assert.deepEqual(parseCli(['help', 'batch']), { cmd: 'help', topic: 'batch' });
  assert.deepEqual(parseCli(['batch', '--help']), { cmd: 'help', topic: 'batch' });
  assert.deepEqual(parseCli(['review', 'x', '-h']), { cmd: 'help', topic: 'review' });
  assert.throws(() => parseCli(['help', 'bach']), /There is no command "bach"\. Did you mean batch\?/);
  assert.throws(() => parseCli(['batch', 'x', '--worker', '2']), /Unknown option --worker\. Did you mean --workers\?/);
  assert.throws(() => parseCli(['batch', 'x', '--dryrun']), /Did you mean --dry-run\?/);
  assert.throws(() => parseCli(['batch', 'x', '--wrokers', '2']), /Did you mean --workers\?/);
  assert.throws(() => parseCli(['batch', 'x', '--zzzzzzzz']), (e: Error) => e instanceof UsageError && !/Did you mean/.test(e.message));
  assert.throws(() => parseCli(['batch', 'x', '--out']), /--out needs a value/);
  assert.throws(() => parseCli(['batch', 'x', '--force=yes']), /--force takes no value/);
  assert.throws(() => parseCli(['bacth', 'x']), /Unknown command "bacth"\. Did you mean batch\?/);
  assert.throws(() => parseCli(['review', '20261122_141500_1a2b3c4d', '--approve-all', '--source', 'bogus']), /--source must be one of person, .*not "bogus"/);
  assert.throws(() => parseCli(['review', '20261122_141500_1a2b3c4d', '--approve-all', '--source', 'modle']), /Did you mean model\?/);
  assert.throws(() => parseCli(['review', '20261122_141500_1a2b3c4d', '--source', 'model']), /--source goes with --approve-all/);
  assert.throws(() => parseCli(['review', '20261122_141500_1a2b3c4d', '--all']), /--all goes with --export/);
  assert.throws(() => parseCli(['status', '--workers', '2']), /--workers is not an option of altdeck status \(it goes with altdeck batch\)/);
  assert.throws(() => parseCli(['batch', 'x', '--format', 'csv']), /--format is not an option of altdeck batch \(it goes with altdeck report\)/);
  assert.throws(() => parseCli(['retry', '20261122_141500_1a2b3c4d', '--source', 'ocr']), /goes with altdeck review/);
  assert.ok(parseCli(['report', '20261122_141500_1a2b3c4d', '--out', 'r.csv', '--format', 'csv', '--home', 'h']).cmd === 'report');
  const ok = parseCli(['review', '20261122_141500_1a2b3c4d', '--approve-all', '--source', 'ocr']);
  assert.ok(ok.cmd === 'review' && ok.source === 'ocr' && ok.action === 'approve-all');
  const all = parseCli(['review', '20261122_141500_1a2b3c4d', '--export', 'f.csv', '--all']);
  assert.ok(all.cmd === 'review' && all.all && all.action === 'export');
  assert.equal(editDistance('bacth', 'batch'), 1, 'a swap of neighbours is one slip');
  assert.equal(closest('x', ['batch', 'batches']), null);
});

test('exit codes: --version and help exit 0 on stdout; usage errors exit 2 with the sentence and where the usage is on stderr', async () => {
  const v = await runCli(['--version']);
  assert.equal(v.code, 0);
  assert.match(v.stdout, /^altdeck \d+\.\d+\.\d+\n$/);
  const h1 = await runCli(['help', 'batch']);
  const h2 = await runCli(['batch', '--help']);
  assert.equal(h1.code, 0);
  assert.equal(h2.code, 0);
  assert.equal(h1.stdout, h2.stdout);
  assert.match(h1.stdout, /--workers N/);
  assert.doesNotMatch(h1.stdout, /altdeck review/, 'only the command asked about');
  const bare = await runCli([]);
  assert.equal(bare.code, 2);
  assert.match(bare.stderr, /Give a command\.[\s\S]*altdeck batch/);
  const typo = await runCli(['batch', 'somewhere', '--worker', '2']);
  assert.equal(typo.code, 2);
  assert.match(typo.stderr, /^altdeck: Unknown option --worker\. Did you mean --workers\?/);
  assert.equal(typo.stdout, '');
  assert.match(typo.stderr, /Run `altdeck help batch` for the usage\.\n$/);
  const src = await runCli(['review', '20261122_141500_1a2b3c4d', '--approve-all', '--source', 'bogus']);
  assert.equal(src.code, 2, 'not "0 approved" with exit 0');
  assert.match(src.stderr, /--source must be one of/);
  assert.doesNotMatch(src.stdout, /approved/);
});

test('a mistyped path, an empty folder, or only unusable files: exit 2 with a sentence, and no batch is created', async (t) => {
  const w = await makeWorld(t, 1);
  const typo = await runCli(['batch', join(w.root, 'decsk'), '--home', w.home]);
  assert.equal(typo.code, 2);
  assert.match(typo.stderr, /decsk does not exist\. Check the path; nothing was started\./);
  const typo2 = await runCli(['batch', w.inputs, join(w.root, 'decsk'), '--home', w.home, '--out', w.out]);
  assert.equal(typo2.code, 2, 'one mistyped path among good ones is still a mistake in the command');
  const empty = join(w.root, 'empty');
  mkdirSync(empty);
  const none = await runCli(['batch', empty, '--home', w.home]);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /No PowerPoint decks were found.*Nothing was started/);
  const dry = await runCli(['batch', empty, '--dry-run', '--home', w.home]);
  assert.equal(dry.code, 2);
  writeFileSync(join(empty, 'broken.pptx'), 'not a zip');
  const bad = await runCli(['batch', empty, '--home', w.home, '--json']);
  assert.equal(bad.code, 2);
  const s = JSON.parse(bad.stdout);
  assert.equal(s.batchId, null);
  assert.equal(s.items[0].code, 'NOT_ZIP');
  assert.match(s.items[0].message, /\w+/);
  assert.equal(batchCount(w.home), 0, 'nothing left behind for --resume to trip on');
  const resume = await runCli(['batch', '--resume', '--home', w.home]);
  assert.equal(resume.code, 2);
  assert.match(resume.stderr, /There is no unfinished batch to resume/);
});

test('a re-run prints one line per deck; batches shows kind, input and output folders', async (t) => {
  const w = await makeWorld(t, 3);
  const args = ['batch', w.inputs, '--home', w.home, '--out', w.out, '--processor', fixtureCommandLine('succeed')];
  const first = await runCli(args);
  assert.equal(first.code, 0, first.stderr);
  const again = await runCli(args);
  assert.equal(again.code, 0, again.stderr);
  const all = again.stdout + again.stderr;
  for (const d of w.decks) assert.equal(all.split(d).length - 1, 1, `${d} mentioned once:\n${all}`);
  assert.match(again.stdout, /3 deck\(s\) were already done with the same settings and were skipped/);
  assert.equal((await runCli(['batch', w.inputs, '--dry-run', '--home', w.home])).code, 0);
  const list = await runCli(['batches', '--home', w.home]);
  const lines = list.stdout.trim().split('\n');
  assert.equal(lines.length, 3);
  assert.match(lines[0], /dry run .* 3 accepted, 0 rejected/);
  assert.ok(lines[0].includes(w.inputs) && !lines[0].includes(w.out), 'a dry run writes nowhere');
  for (const l of lines.slice(1)) {
    assert.match(l, /\bprocess\b/);
    assert.ok(l.includes(`${w.inputs} -> ${w.out}`), l);
  }
  const json = JSON.parse((await runCli(['batches', '--home', w.home, '--json'])).stdout);
  assert.deepEqual(json.map((b: { kind: string }) => b.kind), ['dry run', 'process', 'process']);
  assert.equal(json[1].inputDir, w.inputs);
  assert.equal(json[1].outputDir, w.out);
});

test('review --export --all: pending proposals too, as a sheet a second reviewer fills in; import takes it back', async (t) => {
  const w = await makeWorld(t, 1);
  const r = await runCli(['batch', w.inputs, '--out', w.out, '--home', w.home, '--json', '--timeout', '120']);
  assert.equal(r.code, 0, r.stderr);
  const batchId = JSON.parse(r.stdout).batchId;
  const counts = JSON.parse((await runCli(['review', batchId, '--home', w.home, '--json'])).stdout);
  assert.ok(counts.items >= 2 && counts.undecided === counts.items, JSON.stringify(counts));
  const decidedOnly = join(w.root, 'decided.csv');
  assert.equal((await runCli(['review', batchId, '--export', decidedOnly, '--home', w.home])).code, 0);
  assert.equal(parseCsv(readFileSync(decidedOnly, 'utf8').replace(/^\uFEFF/, '')).length, 1, 'without --all: only decisions (none yet)');
  const sheet = join(w.root, 'sheet.csv');
  assert.equal((await runCli(['review', batchId, '--export', sheet, '--all', '--home', w.home])).code, 0);
  const [head, ...rows] = parseCsv(readFileSync(sheet, 'utf8').replace(/^\uFEFF/, ''));
  assert.equal(rows.length, counts.items, 'one row per image to review');
  for (const c of ['itemKey', 'proposed', 'action', 'text', 'oldAlt', 'reasons']) assert.ok(head.includes(c), c);
  const col = (name: string) => head.indexOf(name);
  assert.ok(rows.every((row) => row[col('action')] === ''), 'pending rows have no action yet');
  // The second reviewer: writes text for the first; approves the second where it has a proposal, else marks it decorative; leaves the rest.
  rows[0][col('text')] = 'Histology slide, liver lobule at 40x';
  rows[0][col('reviewer')] = 'second';
  const secondAction = rows[1][col('proposed')] ? 'approve' : 'decorative';
  rows[1][col('action')] = secondAction;
  const esc = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  writeFileSync(sheet, [head, ...rows].map((row) => row.map(esc).join(',')).join('\r\n') + '\r\n');
  const imp = await runCli(['review', batchId, '--import', sheet, '--home', w.home, '--json']);
  assert.equal(imp.code, 0, imp.stderr);
  const res = JSON.parse(imp.stdout);
  assert.equal(res.imported, 2);
  assert.equal(res.unmatched, 0);
  assert.equal(res.blank ?? 0, counts.items - 2);
  const after = JSON.parse((await runCli(['review', batchId, '--home', w.home, '--json'])).stdout);
  assert.equal(after.reviewed, 2);
  assert.equal(after.edited, 1, 'a row with only text is an edit');
  assert.equal(secondAction === 'approve' ? after.approved : after.decorative, 1);
  // Applying the decisions is a new apply batch: the CLI says so, not "Resuming".
  const apply = await runCli(['review', batchId, '--apply', '--home', w.home, '--json']);
  assert.equal(apply.code, 0, apply.stderr);
  assert.match(apply.stderr, /^Applying batch \d{8}_\d{6}_[0-9a-f]{8}/m);
  assert.doesNotMatch(apply.stderr, /Resuming/);
  const kinds = JSON.parse((await runCli(['batches', '--home', w.home, '--json'])).stdout);
  assert.equal(kinds[0].kind, 'apply');
  assert.equal(kinds[0].parentBatchId, batchId);
});
