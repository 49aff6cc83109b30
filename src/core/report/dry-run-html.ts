/**
 * The dry run's HTML report: what the check found, before anything is written.
 * Self-contained like the processing report (no script, no URL, a CSP allowing only
 * this page's own style by hash) and accessible the same way: headings in order,
 * captioned tables with scoped headers, AA contrast. Static tables, a few hundred
 * bytes a deck, so 2,000 decks stay well under a megabyte.
 */
import { dateText, escapeHtml, reportCsp, reportPage } from './html-page';
import type { ReportInput } from './model';
import { dryRunPlan, estimateBasis, type DryRunDeck, type DryRunReject } from './dry-run';
import { formatDuration } from '../progress/format';

const CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; font-size: 1rem; line-height: 1.5; color: #1a1a1a; background: #ffffff; }
main { max-width: 80rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; overflow-wrap: anywhere; }
h1 { font-size: 1.75rem; margin: 0.5rem 0; }
h2 { font-size: 1.4rem; margin: 2rem 0 0.75rem; border-bottom: 2px solid #1a1a1a; }
a { color: #0b4f9c; }
a:focus { outline: 3px solid #0b4f9c; outline-offset: 2px; }
.meta { color: #404040; margin: 0 0 1rem; }
.meta span { display: inline-block; max-width: 100%; margin-right: 1.25rem; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1rem; }
caption { text-align: left; font-weight: 600; padding: 0.25rem 0; }
th, td { border: 1px solid #767676; padding: 0.4rem 0.5rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
thead th { background: #eef1f4; }
.summary { max-width: 44rem; }
.summary th, .summary td { overflow-wrap: break-word; }
.num { text-align: right; font-variant-numeric: tabular-nums; overflow-wrap: normal; white-space: nowrap; }
.small { font-size: 0.9rem; color: #404040; }
code { font-weight: 700; overflow-wrap: normal; white-space: nowrap; }
/* A data table may scroll inside its own box at 320 px (WCAG 1.4.10 exempts 2-D tables); the page never does. */
.wide { overflow-x: auto; max-width: 100%; }
.wide:focus { outline: 3px solid #0b4f9c; outline-offset: 2px; }
@media (max-width: 40rem) { main { padding: 0.5rem; } }
`;

const CSP = reportCsp(CSS);

const mb = (bytes: number) =>
  bytes < 1_048_576 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1_048_576).toLocaleString('en-US', { maximumFractionDigits: 1 })} MB`;

function table(caption: string, head: string[], rows: string[][], numeric: number[] = []): string {
  const th = head.map((h, i) => `<th scope="col"${numeric.includes(i) ? ' class="num"' : ''}>${escapeHtml(h)}</th>`).join('');
  const body = rows
    .map((r) => `<tr>${r.map((cell, i) => (i === 0 ? `<th scope="row">${cell}</th>` : `<td${numeric.includes(i) ? ' class="num"' : ''}>${cell}</td>`)).join('')}</tr>`)
    .join('');
  // Focusable so a keyboard user can scroll it when it is wider than the screen.
  return `<div class="wide" role="region" aria-label="${escapeHtml(caption)}" tabindex="0"><table><caption>${escapeHtml(caption)}</caption><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table></div>`;
}

function acceptedRow(d: DryRunDeck): string[] {
  const a = d.audit;
  return [
    escapeHtml(d.relPath),
    String(a.slides),
    String(a.pictures),
    String(a.picturesMissingAlt),
    String(a.graphicFrames),
    d.size === null ? '—' : escapeHtml(mb(d.size)),
    d.notes.length ? d.notes.map(escapeHtml).join('<br>') : '',
  ];
}

function rejectRow(r: Pick<DryRunReject, 'relPath' | 'code' | 'message' | 'detail'>): string[] {
  return [escapeHtml(r.relPath), `<code>${escapeHtml(r.code)}</code>`, escapeHtml(r.message) + (r.detail ? `<br><span class="small">Detail: ${escapeHtml(r.detail)}</span>` : '')];
}

export function toDryRunHtml(input: ReportInput): string {
  const b = input.batch;
  const plan = dryRunPlan(b, input.jobs);
  const t = plan.totals;
  const e = plan.estimate;
  const extraRejects = (input.rejected ?? []).map((p) => ({ relPath: p.path, code: p.code, message: p.message, detail: p.detail }));
  const rejected = [...plan.rejected, ...extraRejects];
  const summary: Array<[string, string]> = [
    ['Files checked', String(t.files + extraRejects.length)],
    ['Accepted', String(t.accepted)],
    ['Will be processed', String(t.toProcess)],
    ['Will be skipped (see below)', String(t.willSkip)],
    ['Not accepted (see below)', String(rejected.length)],
    ['Slides in accepted decks', String(t.slides)],
    ['Pictures in accepted decks', String(t.pictures)],
    ['Pictures missing meaningful ALT text', String(t.picturesMissingAlt)],
    ['Charts, tables, SmartArt and media', String(t.graphicFrames)],
    ['Size of accepted decks', mb(t.bytes)],
    ['Estimated processing time', e ? formatDuration(e.ms) : 'Unknown: a custom processor'],
  ];
  const summaryHtml =
    '<table class="summary"><caption>What the dry run found</caption><thead><tr><th scope="col">Measure</th><th scope="col" class="num">Value</th></tr></thead><tbody>' +
    summary.map(([k, v]) => `<tr><th scope="row">${escapeHtml(k)}</th><td class="num">${escapeHtml(v)}</td></tr>`).join('') +
    '</tbody></table>';
  const estimateHtml = e
    ? `<p>Processing will take <strong>${escapeHtml(formatDuration(e.ms))}</strong> for ${e.decks} deck${e.decks === 1 ? '' : 's'} with ${e.pictures} picture${e.pictures === 1 ? '' : 's'}. ` +
      `Based on ${escapeHtml(estimateBasis(e))}. Slow network shares, OCR and vision models vary most; the live estimate while the batch runs uses the measured speed.</p>`
    : '<p>No estimate: the batch uses a custom processor, whose speed AltDeck cannot know before it runs.</p>';
  const skipHtml = plan.willSkip.length
    ? table('Decks the run will leave as they are', ['Deck', 'Code', 'Why'], plan.willSkip.map((d) => rejectRow({ relPath: d.relPath, code: d.willSkip!.code, message: d.willSkip!.message })))
    : '<p>None.</p>';
  const rejectHtml = rejected.length ? table('Files the check did not accept', ['File', 'Code', 'What happened and what to do'], rejected.map(rejectRow)) : '<p>None.</p>';
  const acceptedHtml = plan.accepted.length
    ? table('Audit of each accepted deck', ['Deck', 'Slides', 'Pictures', 'Missing ALT', 'Charts, tables, SmartArt', 'Size', 'Notes'], plan.accepted.map(acceptedRow), [1, 2, 3, 4, 5])
    : '<p>No deck was accepted.</p>';

  return reportPage(
    `Dry run report, batch ${b.id}: AltDeck`,
    CSS,
    CSP,
    `<h1>Dry run report</h1>
<p class="meta"><span>Batch ${escapeHtml(b.id)}</span> <span>Input: ${escapeHtml(b.settings.inputRoot)}</span> <span>Generated ${escapeHtml(dateText(input.generatedAt))}</span> <span>AltDeck ${escapeHtml(input.appVersion)}</span> <span>ALT policy: ${escapeHtml(b.settings.altPolicy)}</span></p>
<p>Nothing was written: this is what a run with these settings would work on.</p>
<h2 id="summary">Summary</h2>
${summaryHtml}
<h2 id="estimate">How long it will take</h2>
${estimateHtml}
<h2 id="skipped">Will be skipped</h2>
${skipHtml}
<h2 id="rejected">Not accepted</h2>
${rejectHtml}
<h2 id="decks">Accepted decks</h2>
${acceptedHtml}
`,
  );
}
