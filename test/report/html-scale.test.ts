/**
 * Issue 14 §3 at scale: the HTML report of a generated 500-deck batch (real deck files,
 * previews really read and downscaled) stays a few MB, leads with the summary, ranks
 * what needs attention, rolls up per folder, and lists every deck for the filter.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { collectThumbnails, DEFAULT_MAX_TOTAL_BYTES, toHtml } from '../../src/core/report';
import { ATTENTION_LIST_MAX } from '../../src/core/report/html-summary';
import { readImageSize } from '../../src/processor/sources/image-header';
import { tempDir } from '../helpers/tmp';
import { bigBatchInput, makePhotoDecks } from './big-batch';

const MB = 1024 * 1024;

test('500 decks: a few MB, summary first, ranked attention, folder roll-up, every deck listed, previews ≤ 256 px', { timeout: 120_000 }, async (t) => {
  const input = bigBatchInput(await makePhotoDecks(tempDir(t)), 500);
  const thumbs = await collectThumbnails(input.jobs);
  const html = toHtml(input, { thumbnails: thumbs });
  const bytes = Buffer.byteLength(html);
  const previews = [...html.matchAll(/src="data:[^"]+"/g)].reduce((n, m) => n + m[0].length, 0);
  t.diagnostic(`500 decks, ${input.jobs.length * 7} images: ${(bytes / MB).toFixed(2)} MB, of which previews ${(previews / MB).toFixed(2)} MB`);
  assert.ok(bytes < 6 * MB, `${(bytes / MB).toFixed(1)} MB`);

  // Previews: within the page budget, each at most 256 px, and the budget is shared out (not all in the first decks).
  const imgs = [...html.matchAll(/<img src="data:image\/(png|jpeg);base64,([A-Za-z0-9+/=]+)"/g)];
  assert.ok(imgs.length > 100, `${imgs.length} previews`);
  assert.ok(imgs.reduce((n, m) => n + m[0].length, 0) <= DEFAULT_MAX_TOTAL_BYTES + imgs.length * 12);
  for (const m of imgs) {
    const size = readImageSize(Buffer.from(m[2], 'base64'))!;
    assert.ok(size && Math.max(size.width, size.height) <= 256 && size.format === m[1].replace('jpeg', 'jpeg'), JSON.stringify(size));
  }
  assert.ok(imgs.some((m) => m[1] === 'png'), 'the picture with transparency stays PNG');
  assert.ok(imgs.some((m) => m[1] === 'jpeg'), 'photos become JPEG');
  assert.match(html, /EMF drawing: no preview in the report/);
  const lastDeck = html.lastIndexOf('<section class="deck"');
  assert.ok(html.indexOf('<img src="data:', lastDeck - 200_000) > 0, 'decks late in the batch still get previews');

  // Summary first; attention ranked failed → missing → drafts; then folders, then the decks.
  const at = (s: string) => html.indexOf(s);
  assert.ok(at('id="summary"') < at('id="attention"') && at('id="attention"') < at('id="folders"') && at('id="folders"') < at('id="decks"'));
  assert.ok(at('id="attention-failed"') < at('id="attention-missing"') && at('id="attention-missing"') < at('id="attention-draft"'));
  assert.match(html, /<h3 id="attention-failed">Failed or not processed: 15 decks<\/h3>/);
  // Counts by outcome, adding up to the batch.
  const outcomes = /<p class="outcomes">(.*?)<\/p>/.exec(html)![1];
  assert.equal([...outcomes.matchAll(/: (\d+) decks?/g)].reduce((n, m) => n + Number(m[1]), 0), 500, outcomes);
  assert.match(outcomes, /^Failed or not processed: 15 decks · Missing ALT text: \d+ decks · Drafts to review: \d+ decks · Nothing to do: \d+ decks$/);
  const missingDecks = input.jobs.filter((j) => j.result && j.id % 4 >= 2).length;
  assert.match(html, new RegExp(`<h3 id="attention-missing">Missing ALT text: ${missingDecks} decks, [\\d,]+ images</h3>`));
  assert.match(html, new RegExp(`And ${missingDecks - ATTENTION_LIST_MAX} more decks: all are under “All decks” below`));
  // Within "missing", most images first.
  const missingList = html.slice(at('id="attention-missing"'), at('id="attention-draft"'));
  const counts = [...missingList.matchAll(/(\d+) images? without ALT text/g)].map((m) => Number(m[1]));
  assert.deepEqual(counts, [...counts].sort((a, b) => b - a));

  // Folder roll-up: 60 folders ("Course c/Week w"), adding up to the batch.
  const folders = html.slice(at('<table class="folders">'), html.indexOf('</table>', at('<table class="folders">')));
  const rows = [...folders.matchAll(/<tr><th scope="row">([^<]+)<\/th><td class="num">(\d+)<\/td>/g)];
  assert.equal(rows.length, 60);
  assert.equal(rows.reduce((n, r) => n + Number(r[2]), 0), 500);

  // Every deck is in the list with what the filter needs; every link lands.
  const sections = [...html.matchAll(/<section class="deck" aria-labelledby="deck-\d+" data-outcome="(\w+)" data-missing="\d+" data-draft="\d+" data-batch="[^"]*">/g)];
  assert.equal(sections.length, 500);
  assert.equal(sections.filter((s) => s[1] === 'failed').length, 15);
  for (const m of html.matchAll(/href="#([^"]+)"/g)) assert.ok(html.includes(`id="${m[1]}"`), m[1]);
  const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1];
  assert.ok(html.includes(`'sha256-${createHash('sha256').update(script).digest('base64')}'`), 'the CSP allows the shipped script by its hash');
});
