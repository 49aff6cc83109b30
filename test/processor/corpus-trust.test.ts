/**
 * Issue 9, "Proof": the whole shared corpus at default settings with no model.
 * What AltDeck writes must be worth a screen-reader user's time, and what it
 * claims must be true:
 *   - no trivial text (fewer than 3 letters, "An image", single letters, symbols);
 *   - no junk left in place (a second run finds no junk ALT in any output);
 *   - at most 10 % of written texts identical to another text on the same slide;
 *   - the report separates done, draft and missing, and nothing AltDeck wrote counts as done.
 * Checks are per written item and per deck (WRITTEN_CHECKS, DECK_CHECKS) so more can be
 * added (languages, chart dates) without touching the loop. Skips without the corpus.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS_DIR, corpusSkip } from '../helpers/corpus';
import { tempDir } from '../helpers/tmp';
import { BadInputError, processDeck } from '../../src/processor/process-deck';
import { classifyAlt } from '../../src/processor/judge/classify';
import { buildModel } from '../../src/core/report/model';
import { scoreOf } from '../../src/shared/score';
import type { AltItem, BatchInfo, JobInfo, ProcessorResult } from '../../src/shared/types';

/** One deck's run: its file name, the first result (its output written) and a second run over that output. */
export interface DeckRun {
  file: string;
  result: ProcessorResult;
  rerun: ProcessorResult;
}

const TRIVIAL = /^(an?\s+)?(image|picture|photo|graphic|icon|logo)$/i;

/** Rules every written text must pass; each returns why it fails, or null. */
const WRITTEN_CHECKS: Array<(text: string, item: AltItem, run: DeckRun) => string | null> = [
  (t) => ((t.match(/\p{L}/gu)?.length ?? 0) >= 3 || /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/u.test(t) ? null : 'fewer than 3 letters'),
  (t) => (TRIVIAL.test(t.trim()) ? 'a generic word' : null),
  (t) => (['person', 'altdeck'].includes(classifyAlt(t).verdict) ? null : `judged ${classifyAlt(t).verdict}`),
  (t) => (/^(Picture|Chart|Table|Diagram|Video|Audio clip|Embedded object) (illustrating|on the slide|next to the text) “/.test(t) ? 'slide-title filler' : null),
];

/** Rules for a whole deck. */
const DECK_CHECKS: Array<(run: DeckRun) => string | null> = [
  // no junk left in place: what the first run left in the deck, a second run finds meaningful (or absent)
  (run) => {
    const junk = run.rerun.items.filter((i) => i.oldAltVerdict === 'junk' && !i.decorative);
    return junk.length ? `junk left in place: ${junk.map((i) => JSON.stringify(i.oldAlt)).join(', ')}` : null;
  },
  // AltDeck's output read again: its drafts are its own (recorded in the deck), never a person's "done"
  (run) => {
    const after = scoreOf(run.result.items, 'after');
    const again = scoreOf(run.rerun.items, 'before');
    return after && again && (again.done !== after.done || again.draft !== after.draft) ? `a re-run sees ${JSON.stringify(again)}, the run wrote ${JSON.stringify(after)}` : null;
  },
];

test('issue 9 over the whole corpus: no trivial text, no junk left, few repeats on a slide, an honest score', { skip: corpusSkip, timeout: 300_000 }, async (t) => {
  const dir = tempDir(t);
  const files = readdirSync(CORPUS_DIR)
    .filter((f) => !/\.(md|tsv)$/.test(f))
    .sort();
  const runs: DeckRun[] = [];
  const failures: string[] = [];
  for (const [k, file] of files.entries()) {
    const work = join(dir, String(k));
    mkdirSync(work);
    try {
      const result = await processDeck({ input: join(CORPUS_DIR, file), output: join(work, 'out.pptx'), durable: false });
      if (result.skipped) continue;
      const rerun = await processDeck({ input: join(work, 'out.pptx'), policy: 'audit' });
      runs.push({ file, result, rerun });
    } catch (e) {
      if (!(e instanceof BadInputError)) throw e;
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
  assert.ok(runs.length >= 170, `processed ${runs.length}`);

  let written = 0;
  let repeated = 0;
  for (const run of runs) {
    for (const check of DECK_CHECKS) {
      const why = check(run);
      if (why) failures.push(`${run.file}: ${why}`);
    }
    const bySlide = new Map<string, AltItem[]>();
    for (const i of run.result.items) {
      if (!bySlide.has(i.part)) bySlide.set(i.part, []);
      bySlide.get(i.part)!.push(i);
    }
    for (const i of run.result.items) {
      if (i.status !== 'written' || !i.newAlt) continue;
      written++;
      for (const check of WRITTEN_CHECKS) {
        const why = check(i.newAlt, i, run);
        if (why) failures.push(`${run.file} slide ${i.slide} #${i.shapeId}: ${JSON.stringify(i.newAlt)} ${why}`);
      }
      const same = bySlide.get(i.part)!.filter((o) => o !== i && o.newAlt && o.newAlt.trim().toLowerCase() === i.newAlt!.trim().toLowerCase());
      if (same.length) repeated++;
    }
  }
  t.diagnostic(`${runs.length} decks, ${written} texts written, ${repeated} identical to another on the same slide`);
  assert.deepEqual(failures, []);
  assert.ok(written > 250, `written ${written}`);
  assert.ok(repeated <= written * 0.1, `${repeated} of ${written} written texts repeat another on the same slide`);

  // the report: three numbers, and nothing AltDeck wrote is "done" before a person approves it
  const jobs = runs.map(
    (r, k) =>
      ({
        id: k + 1,
        batchId: 'b',
        inputPath: r.file,
        relPath: r.file,
        state: 'succeeded',
        attempts: 1,
        maxAttempts: 3,
        progressDone: 0,
        progressTotal: 0,
        workUnits: 0,
        outputPath: null,
        error: null,
        result: { ...r.result, layoutItems: [] },
        preflight: null,
        createdAt: 0,
        startedAt: null,
        finishedAt: null,
        runAfter: null,
        durationMs: null,
      }) as JobInfo,
  );
  const { summary, decks } = buildModel({ batch: { id: 'b', settings: { altPolicy: 'preserve' } } as unknown as BatchInfo, jobs, generatedAt: 0, appVersion: 't' });
  const before = summary.scoreBefore!;
  const after = summary.scoreAfter!;
  t.diagnostic(`before: ${JSON.stringify(before)} after: ${JSON.stringify(after)}`);
  assert.equal(after.done + after.draft + after.missing, after.images);
  // no review yet: only people's words are done, i.e. what was done before plus an author's words
  // taken out of an "image of …" wrapper (source person); never data, a model or evidence
  const salvaged = (items: AltItem[]) => items.filter((i) => i.status === 'written' && i.source === 'person').length;
  assert.equal(after.done, before.done + salvaged(runs.flatMap((r) => r.result.items)));
  assert.ok(after.draft > 0 && after.missing > 0, 'drafts and missing images are reported apart');
  for (const d of decks) if (d.scoreAfter) assert.equal(d.scoreAfter.done, d.scoreBefore!.done + salvaged(d.items), d.relPath);
});
