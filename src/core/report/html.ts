/**
 * The HTML report: one self-contained file a coordinator can e-mail or open from a
 * share on a machine without internet. No external URL of any kind, inline CSS and one
 * inline script, each allowed by its hash in the page's Content-Security-Policy. The
 * summary comes first (html-summary.ts); each deck's image table sits in a closed
 * <details>, so 2,000 decks make a page one can scroll; search, filter and sort
 * (html-script.ts) work on the deck list and the page reads fine without them. The
 * report is about accessibility, so it must itself pass: headings in order, captioned
 * tables with scoped headers, text marks rather than colour alone, AA contrast, reflow.
 */
import {
  buildModel,
  SOURCE_LABELS,
  STATE_LABELS,
  STATUS_LABELS,
  TRUST_LABELS,
  VERDICT_LABELS,
  type DeckView,
  type ReportInput,
} from './model';
import { outcomeOf } from './overview';
import { notInFileLine, renderSummarySections } from './html-summary';
import { deckTools, REPORT_SCRIPT } from './html-script';
import { trustOf, type AltItem, type AltScore } from '../../shared/types';
import { scoreLine } from '../../shared/score';
import { formatDuration } from '../progress/format';
import type { Thumbnail } from './thumbnails';
import { thumbnailKey } from './thumbnails';
import { checksHtml, checksModel, deckFindingsHtml, type DeckChecksView } from './checks';
import { dateText, escapeHtml, reportCsp, reportPage } from './html-page';

export { escapeHtml } from './html-page';
export { notInFileLine } from './html-summary';

export interface HtmlOptions {
  /** Key `${jobId}:${mediaPart}`, from collectThumbnails(). */
  thumbnails?: Map<string, Thumbnail>;
}

// Colours checked for WCAG AA (4.5:1) against their backgrounds.
const CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; font-size: 1rem; line-height: 1.5; color: #1a1a1a; background: #ffffff; }
/* Deck names on shares are often one long unbroken word: let them wrap rather than push the page sideways. */
main { max-width: 80rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; overflow-wrap: anywhere; }
h1 { font-size: 1.75rem; margin: 0.5rem 0; }
h2 { font-size: 1.4rem; margin: 2rem 0 0.75rem; border-bottom: 2px solid #1a1a1a; }
h3 { font-size: 1.15rem; margin: 0; overflow-wrap: anywhere; }
a { color: #0b4f9c; }
a:focus { outline: 3px solid #0b4f9c; outline-offset: 2px; }
.meta { color: #404040; margin: 0 0 1rem; }
.meta span { display: inline-block; max-width: 100%; margin-right: 1.25rem; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1rem; }
caption { text-align: left; font-weight: 600; padding: 0.25rem 0; }
th, td { border: 1px solid #767676; padding: 0.4rem 0.5rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
thead th { background: #eef1f4; }
/* The two-column summary has room: only the image tables may break words anywhere (needed to reflow at 320 px). */
.summary th, .summary td { overflow-wrap: break-word; }
.num { text-align: right; font-variant-numeric: tabular-nums; overflow-wrap: normal; }
.summary { max-width: 40rem; }
.deck { border-top: 1px solid #767676; padding-top: 1rem; margin-top: 1.5rem; }
.deck-info { margin: 0.25rem 0 0.5rem; }
.alt { white-space: pre-wrap; }
.none { color: #595959; font-style: italic; }
.small { font-size: 0.9rem; color: #404040; }
.thumb img { display: block; max-width: 8rem; max-height: 6rem; height: auto; width: auto; background: #fff; border: 1px solid #767676; }
.placeholder { display: block; max-width: 10rem; font-size: 0.85rem; color: #404040; border: 1px dashed #767676; padding: 0.25rem; }
.review { display: inline-block; font-weight: 700; color: #3d2e00; background: #fff4ce; border: 2px solid #8a6d00; padding: 0 0.35rem; }
.ok { color: #1d5b2a; font-weight: 600; }
.error { color: #5f0d0d; background: #fdecea; border-left: 4px solid #b00020; padding: 0.5rem 0.75rem; margin: 0.5rem 0; }
.error code { font-weight: 700; }
ul.reasons { margin: 0.25rem 0 0; padding-left: 1.1rem; }
details > summary { cursor: pointer; color: #0b4f9c; padding: 0.25rem 0; }
details > summary:focus { outline: 3px solid #0b4f9c; outline-offset: 2px; }
.tools { background: #eef1f4; border: 1px solid #767676; padding: 0.5rem 0.75rem; margin: 0.5rem 0 1rem; }
.tools input, .tools select, .tools button { font: inherit; margin: 0.25rem 1rem 0.25rem 0.25rem; padding: 0.2rem 0.4rem; border: 1px solid #404040; border-radius: 2px; background: #fff; color: #1a1a1a; }
.tools input:focus, .tools select:focus, .tools button:focus { outline: 3px solid #0b4f9c; outline-offset: 1px; }
.tools p { margin: 0.25rem 0 0; font-weight: 600; }
.wide { overflow-x: auto; max-width: 100%; }
.wide:focus { outline: 3px solid #0b4f9c; outline-offset: 2px; }
.folders td, .folders th { overflow-wrap: normal; }
.warn { background: #fff4ce; border-left: 4px solid #8a6d00; padding: 0.5rem 0.75rem; }
@media (max-width: 40rem) { main { padding: 0.5rem; } .thumb img { max-width: 5rem; } }
@media print { a { color: inherit; } .deck { break-inside: avoid-page; } }
`;

const CSP = reportCsp(CSS, { images: true, script: REPORT_SCRIPT });

/** Only inline images we made ourselves; anything else (e.g. a tampered map) becomes text. */
const SAFE_DATA_URL = /^data:image\/(png|jpeg|gif);base64,[A-Za-z0-9+/]+=*$/;

/** A deck's checker score as checks.ts words it: "89 (High)". */
const checkScoreText = (s: { score: number | null; band?: string | null }) => (s.score === null ? '—' : `${s.score} (${s.band})`);

/** "3 done, 5 draft (awaiting review), 2 missing alternative text" */
const scoreText = (s: AltScore | null) => (s ? scoreLine(s) : '—');

function altCell(text: string | null): string {
  return text && text.trim() ? `<span class="alt">${escapeHtml(text)}</span>` : '<span class="none">(none)</span>';
}

/** Where a picture was first shown in a deck's table, so a repeat can point there instead of inlining it again. */
interface Shown {
  rowId: string;
  label: string;
}

function whereLabel(item: AltItem): string {
  return item.slide > 0 ? `Slide ${item.slide}` : item.part;
}

function thumbCell(jobId: number | null, item: AltItem, thumbs: Map<string, Thumbnail> | undefined, firstShown: Shown | undefined): string {
  if (!item.mediaPart) return `<span class="placeholder">No picture file (${escapeHtml(item.kind)})</span>`;
  const t = jobId === null ? undefined : thumbs?.get(thumbnailKey(jobId, item.mediaPart));
  if (t && 'dataUrl' in t && SAFE_DATA_URL.test(t.dataUrl)) {
    // A logo pasted on every slide would otherwise be inlined 40 times (real decks do this).
    if (firstShown) return `<span class="placeholder">Same picture as <a href="#${firstShown.rowId}">${escapeHtml(firstShown.label)}</a></span>`;
    // alt="": the ALT text under review sits in the next cells; repeating it here would read it twice.
    return `<img src="${t.dataUrl}" alt="">`;
  }
  const text = t && 'placeholder' in t ? t.placeholder : 'No preview.';
  return `<span class="placeholder">${escapeHtml(text)}</span>`;
}

function itemRow(d: DeckView, item: AltItem, rowId: string, thumbs: Map<string, Thumbnail> | undefined, shown: Map<string, Shown>): string {
  const where = escapeHtml(whereLabel(item));
  const first = item.mediaPart ? shown.get(item.mediaPart) : undefined;
  if (item.mediaPart && !first) shown.set(item.mediaPart, { rowId, label: `${whereLabel(item)} (${item.shapeName || `shape ${item.shapeId}`})` });
  const review = item.needsReview
    ? `<span class="review">&#9888; Needs review</span>` +
      (item.reviewReasons.length ? `<ul class="reasons">${item.reviewReasons.map((r) => `<li>${escapeHtml(r)}</li>`).join('')}</ul>` : '')
    : '<span class="ok">OK</span>';
  return (
    `<tr id="${rowId}">` +
    `<th scope="row">${where}<br><span class="small">${escapeHtml(item.shapeName || `shape ${item.shapeId}`)} (${escapeHtml(item.kind)})</span></th>` +
    `<td class="thumb">${thumbCell(d.jobId, item, thumbs, first)}</td>` +
    `<td>${altCell(item.oldAlt)}<br><span class="small">${escapeHtml(VERDICT_LABELS[item.oldAltVerdict] ?? item.oldAltVerdict)}</span></td>` +
    `<td>${altCell(item.newAlt)}${item.missingInFile ? '<br><strong>Not in the written deck: it has no ALT text there.</strong>' : ''}</td>` +
    `<td>${escapeHtml(SOURCE_LABELS[item.source] ?? item.source)}<br><span class="small">Trust: ${escapeHtml(TRUST_LABELS[item.trust ?? trustOf(item.source)])}. ${escapeHtml(STATUS_LABELS[item.status] ?? item.status)}</span></td>` +
    `<td>${review}</td>` +
    '</tr>'
  );
}

function deckSection(d: DeckView, index: number, thumbs: Map<string, Thumbnail> | undefined, multiBatch: boolean, checks?: DeckChecksView): string {
  const id = `deck-${index + 1}`;
  const shown = new Map<string, Shown>();
  const info: string[] = [`<span>State: <strong>${escapeHtml(STATE_LABELS[d.state])}</strong></span>`];
  if (multiBatch && d.batchId) info.push(`<span>Batch: ${escapeHtml(d.batchId)}</span>`);
  if (d.outputPath) info.push(`<span>Output: ${escapeHtml(d.outputPath)}</span>`);
  if (d.relPath !== d.path) info.push(`<span>Full path: ${escapeHtml(d.path)}</span>`);
  if (d.totals.pictures) {
    info.push(`<span>${d.totals.pictures} image${d.totals.pictures === 1 ? '' : 's'}, ${d.totals.needsReview} to review</span>`);
    info.push(`<span>Before: ${escapeHtml(scoreText(d.scoreBefore))}.</span>`);
    info.push(`<span>After: ${escapeHtml(scoreText(d.scoreAfter))}.</span>`);
  }
  if (d.readBack) {
    const rb = d.readBack;
    info.push(`<span>Read back from the written deck: ${rb.pictures} slide picture${rb.pictures === 1 ? '' : 's'}, ${rb.missingAlt} without ALT text</span>`);
  }
  if (d.review && d.review.items) {
    const r = d.review;
    info.push(`<span>Reviewed ${r.reviewed} of ${r.items}: ${r.approved} approved, ${r.edited} edited, ${r.decorative} decorative, ${r.rejected} kept as they were</span>`);
  }
  const data = `data-outcome="${outcomeOf(d)}" data-missing="${d.scoreAfter?.missing ?? d.totals.unresolved}" data-draft="${Math.max(d.scoreAfter?.draft ?? 0, d.totals.needsReview)}" data-batch="${escapeHtml(d.batchId ?? '')}"`;
  const parts = [`<section class="deck" aria-labelledby="${id}" ${data}><h3 id="${id}">${escapeHtml(d.relPath)}</h3>`, `<p class="deck-info meta">${info.join(' ')}</p>`];
  if (d.notInFile) parts.push(`<p class="error">${escapeHtml(notInFileLine(d.notInFile))}: counted as missing alternative text.</p>`);
  const findings = deckFindingsHtml(checks);
  // Closed like the image table (page height); its summary line keeps the deck's checker score in view.
  if (findings && checks) parts.push(`<details class="findings"><summary>Checker findings (${checks.findings.length}): score ${escapeHtml(checkScoreText(checks.before))} before, ${escapeHtml(checkScoreText(checks.after))} after</summary>${findings}</details>`);
  if (d.error) {
    parts.push(
      `<p class="error"><code>${escapeHtml(d.error.code)}</code>: ${escapeHtml(d.error.message)}` +
        (d.error.detail ? `<br><span>Detail: ${escapeHtml(d.error.detail)}</span>` : '') +
        '</p>',
    );
  }
  if (d.items.length) {
    // Closed: 2,000 decks of image tables would make a page hundreds of thousands of pixels tall.
    parts.push(
      `<details><summary>Images in ${escapeHtml(d.relPath)} (${d.items.length})</summary>` +
        `<table><caption>Images in ${escapeHtml(d.relPath)}</caption><thead><tr>` +
        '<th scope="col">Where</th><th scope="col">Preview</th><th scope="col">Old ALT text</th><th scope="col">New ALT text</th><th scope="col">Source</th><th scope="col">Review</th>' +
        `</tr></thead><tbody>${d.items.map((i, k) => itemRow(d, i, `${id}-${k + 1}`, thumbs, shown)).join('')}</tbody></table></details>`,
    );
  } else if (!d.error && !d.totals.pictures) {
    parts.push('<p>No images in this deck.</p>');
  }
  parts.push('</section>');
  return parts.join('\n');
}

export function toHtml(input: ReportInput, opts: HtmlOptions = {}): string {
  const model = buildModel(input);
  const checks = checksModel(input, input.checkDecisions);
  const checksByJob = new Map(checks.decks.map((d) => [d.jobId, d]));
  const b = input.batch;
  const scope = input.scope;
  const multiBatch = !!scope && scope.batches.length > 1;
  const title = scope ? `ALT text report for the output folder ${scope.outputDir}: AltDeck` : `ALT text report, batch ${b.id}: AltDeck`;
  const meta = scope
    ? `<span>Output folder: ${escapeHtml(scope.outputDir)}</span> <span>${scope.batches.length} batch${scope.batches.length === 1 ? '' : 'es'} wrote here (the latest result per deck)</span> <span>Newest batch ${escapeHtml(b.id)}</span>`
    : `<span>Batch ${escapeHtml(b.id)}</span> <span>Batch state: ${escapeHtml(b.state)}</span>`;
  return reportPage(
    title,
    CSS,
    CSP,
    `<h1>ALT text report</h1>
<p class="meta">${meta} <span>Generated ${escapeHtml(dateText(input.generatedAt))}</span> <span>AltDeck ${escapeHtml(input.appVersion)}</span> <span>ALT policy: ${escapeHtml(b.settings.altPolicy)}</span>${!scope && b.activeMs ? ` <span>Processing time (every run): ${escapeHtml(formatDuration(b.activeMs))}</span>` : ''}</p>
${renderSummarySections(model, model.overview)}${checksHtml(checks)}
<h2 id="decks">All decks</h2>
${deckTools(model.decks.length)}
<div id="deck-list">
${model.decks.map((d, i) => deckSection(d, i, opts.thumbnails, multiBatch, d.jobId === null ? undefined : checksByJob.get(d.jobId))).join('\n')}
</div>
`,
    REPORT_SCRIPT,
  );
}
