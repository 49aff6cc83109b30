/**
 * Outputs open in LibreOffice wherever the input does: a small sample (a
 * generated lecture deck and up to four corpus decks with auto-captions, charts,
 * mc:AlternateContent and a LibreOffice-written deck) is converted to PDF
 * before and after; the output must convert too, with the same number of pages.
 * Runs when `soffice` is on PATH, skips otherwise.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, copyFileSync } from 'node:fs';
import { join, basename } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CORPUS_DIR, corpusAvailable } from '../helpers/corpus';
import { tempDir } from '../helpers/tmp';
import { lectureDeck, lectureDeckWithoutNotes } from './fixtures';
import { processDeck } from '../../src/processor/process-deck';
import { soffice as testSoffice, sofficeSkip } from '../helpers/libreoffice';

const soffice = testSoffice;

const SAMPLE = ['shapecrawler__022.pptx', 'poi__tika-2605.pptx', 'aspose__Funnel.pptx', 'poi__ececapstonespring2012.pptx'];

/** Pages in the PDF LibreOffice makes of a deck, or null when it cannot open it. */
function pdfPages(deck: string, outDir: string, profile: string): number | null {
  mkdirSync(outDir, { recursive: true });
  const r = spawnSync(soffice!, [`-env:UserInstallation=${pathToFileURL(profile).href}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', outDir, deck], {
    encoding: 'utf8',
    timeout: 180_000,
  });
  const pdf = join(outDir, basename(deck).replace(/\.[^.]+$/, '.pdf'));
  if (r.status !== 0 || !existsSync(pdf)) return null;
  return (readFileSync(pdf, 'latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
}

test('outputs convert to PDF in LibreOffice wherever the inputs do', { skip: sofficeSkip, timeout: 900_000 }, async (t) => {
  const dir = tempDir(t);
  const profile = join(dir, 'lo-profile');
  const decks = [await lectureDeck(join(dir, 'in-lecture.pptx')), await lectureDeckWithoutNotes(join(dir, 'in-lecture-no-notes.pptx'))];
  if (corpusAvailable) {
    const present = new Set(readdirSync(CORPUS_DIR));
    for (const f of SAMPLE) if (present.has(f)) {
      const copy = join(dir, `in-${f}`);
      copyFileSync(join(CORPUS_DIR, f), copy);
      decks.push(copy);
    }
  }
  let compared = 0;
  for (const input of decks) {
    const output = join(dir, `out-${basename(input).replace(/^in-/, '')}`);
    const r = await processDeck({ input, output, notesLongDescriptions: true });
    assert.ok(r.wroteOutput, input);
    const before = pdfPages(input, join(dir, 'pdf-in'), profile);
    if (before === null) {
      t.diagnostic(`${basename(input)}: LibreOffice cannot open the input either`);
      continue;
    }
    const after = pdfPages(output, join(dir, 'pdf-out'), profile);
    assert.notEqual(after, null, `${basename(output)} does not open in LibreOffice`);
    assert.equal(after, before, `${basename(output)}: same number of pages`);
    compared++;
  }
  assert.ok(compared >= 1);
  t.diagnostic(`${compared} decks compared`);
});
