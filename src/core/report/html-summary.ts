/**
 * The HTML report's summary, first on the page (issue 14 §3): counts by outcome and the
 * score before and after, what needs attention ranked by severity, the roll-up per
 * folder. Each part is one entry of SUMMARY_SECTIONS, so a new part (checker rule
 * counts, a roll-up per course) is one more entry, rendered in order under its own h2.
 */
import type { AltScore } from '../../shared/types';
import { STANDING_LABELS } from '../../shared/score';
import type { ReportModel, ReportSummary } from './model';
import { STATE_LABELS } from './model';
import { ATTENTION_KINDS, ATTENTION_TITLES, outcomeOf, type AttentionKind, type FolderRollup, type ReportOverview } from './overview';
import { escapeHtml } from './html-page';

export interface HtmlSection {
  /** The h2's id (an anchor), unique on the page. */
  id: string;
  title: string;
  /** The section's content under its h2; '' leaves the section out. */
  render(model: ReportModel, overview: ReportOverview): string;
}

/** Decks listed by name per kind of attention; the rest are counted (the filter under "All decks" finds them). */
export const ATTENTION_LIST_MAX = 100;

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** The read-back's disagreement with the processor, in one sentence (issue 14 §2). */
export function notInFileLine(n: number): string {
  return `${n} image${n === 1 ? '' : 's'} the processor reported as written ${n === 1 ? 'has' : 'have'} no ALT in the file`;
}

function outcomeTable(s: ReportSummary): string {
  const rows: Array<[string, number]> = [
    ['Decks', s.decks],
    ['Done', s.counts.succeeded],
    ['Failed', s.counts.failed],
    ['Skipped', s.counts.skipped],
  ];
  if (s.counts.rejected) rows.push(['Not accepted by the check', s.counts.rejected]);
  if (s.counts.cancelled) rows.push(['Cancelled', s.counts.cancelled]);
  const waiting = s.counts.pending + s.counts.running + s.counts.retrying;
  if (waiting) rows.push(['Not finished yet', waiting]);
  rows.push(['Images found', s.pictures], ['New ALT text written', s.written], ['ALT text by a person, kept', s.kept]);
  if (s.proposed) rows.push(['ALT text proposed (audit only)', s.proposed]);
  if (s.decorative) rows.push(['Marked decorative', s.decorative]);
  rows.push(['Needs review by a person', s.needsReview], ['Needs a person: nothing in the deck says what it shows', s.unresolved]);
  return (
    '<table class="summary"><caption>Batch summary</caption><thead><tr><th scope="col">Measure</th><th scope="col" class="num">Value</th></tr></thead><tbody>' +
    rows.map(([k, v]) => `<tr><th scope="row">${escapeHtml(k)}</th><td class="num">${v}</td></tr>`).join('') +
    '</tbody></table>'
  );
}

const pct = (s: AltScore | null) => (s && s.images ? `${Math.round((s.done / s.images) * 100)} %` : '—');

function scoreTable(s: ReportSummary): string {
  const standings = (['done', 'draft', 'missing'] as const).map(
    (k) => `<tr><th scope="row">${escapeHtml(STANDING_LABELS[k])}</th><td class="num">${s.scoreBefore ? s.scoreBefore[k] : '—'}</td><td class="num">${s.scoreAfter ? s.scoreAfter[k] : '—'}</td></tr>`,
  );
  return (
    '<table class="summary score"><caption>Accessibility score (images)</caption><thead><tr><th scope="col">Images</th><th scope="col" class="num">Before</th><th scope="col" class="num">After</th></tr></thead><tbody>' +
    standings.join('') +
    `<tr><th scope="row">Share done</th><td class="num">${pct(s.scoreBefore)}</td><td class="num">${pct(s.scoreAfter)}</td></tr>` +
    '</tbody></table>' +
    '<p class="small">Done: a person wrote the ALT text, approved it in review, or marked the image decorative. ' +
    'Draft: text AltDeck took from the deck’s data (charts, tables, SmartArt), a vision model or evidence in the deck (captions, links, file names, Office auto-captions, OCR); it is in the deck but nobody has checked it. ' +
    'Missing alternative text: nothing, junk, or a placeholder. Only done images count as accessible. ' +
    'Every figure after the run is read back from the written decks.</p>'
  );
}

function attentionWhy(model: ReportModel, deck: number, kind: AttentionKind, count: number): string {
  const d = model.decks[deck];
  if (kind === 'failed') return escapeHtml(d.error ? `${STATE_LABELS[d.state]}: ${d.error.code}` : STATE_LABELS[d.state]);
  const parts: string[] = [];
  if (d.notInFile) parts.push(notInFileLine(d.notInFile));
  if (kind === 'missing' && count > d.notInFile) parts.push(`${plural(count, 'image')} without ALT text`);
  parts.push(`${d.totals.needsReview} to review`);
  return escapeHtml(parts.join('; '));
}

function attentionSection(model: ReportModel, o: ReportOverview): string {
  const out: string[] = [];
  const by = (k: string) => model.decks.filter((d) => outcomeOf(d) === k).length;
  const line = [...ATTENTION_KINDS.map((k) => `${escapeHtml(ATTENTION_TITLES[k])}: ${plural(by(k), 'deck')}`), `Nothing to do: ${plural(by('done'), 'deck')}`];
  if (by('waiting')) line.push(`Not finished yet: ${plural(by('waiting'), 'deck')}`);
  out.push(`<p class="outcomes">${line.join(' · ')}</p>`);
  if (model.summary.notInFile) out.push(`<p class="warn"><strong>${escapeHtml(notInFileLine(model.summary.notInFile))}.</strong> They are counted as missing alternative text.</p>`);
  if (!o.attention.length) return out.join('\n') + '<p>Nothing needs attention.</p>';
  for (const kind of ATTENTION_KINDS) {
    const rows = o.attention.filter((a) => a.kind === kind);
    if (!rows.length) continue;
    const images = rows.reduce((n, r) => n + r.count, 0);
    out.push(`<h3 id="attention-${kind}">${escapeHtml(ATTENTION_TITLES[kind])}: ${plural(rows.length, 'deck')}${kind === 'failed' ? '' : `, ${plural(images, 'image')}`}</h3>`);
    out.push(
      `<ol>${rows
        .slice(0, ATTENTION_LIST_MAX)
        .map((r) => `<li><a href="#deck-${r.deck + 1}">${escapeHtml(model.decks[r.deck].relPath)}</a> (${attentionWhy(model, r.deck, kind, r.count)})</li>`)
        .join('')}</ol>`,
    );
    if (rows.length > ATTENTION_LIST_MAX) out.push(`<p class="small">And ${plural(rows.length - ATTENTION_LIST_MAX, 'more deck')}: all are under “All decks” below (Show: ${escapeHtml(ATTENTION_TITLES[kind])}).</p>`);
  }
  return out.join('\n');
}

function folderRow(f: FolderRollup): string {
  const a = f.scoreAfter;
  const b = f.scoreBefore;
  return (
    `<tr><th scope="row">${f.folder ? escapeHtml(f.folder) : '<span class="none">(top folder)</span>'}</th>` +
    `<td class="num">${f.decks}</td><td class="num">${f.done}</td><td class="num">${f.failed}</td>` +
    `<td class="num">${a?.images ?? 0}</td><td class="num">${b?.missing ?? '—'}</td><td class="num">${a?.missing ?? '—'}</td><td class="num">${a?.draft ?? '—'}</td>` +
    `<td class="num">${pct(b)}</td><td class="num">${pct(a)}</td></tr>`
  );
}

function folderSection(_m: ReportModel, o: ReportOverview): string {
  if (o.folders.length < 2) return '';
  // Ten columns do not fit 320 px: the table scrolls inside its own region, not the page (WCAG reflow allows it for data tables).
  return (
    '<div class="wide" role="region" aria-label="Decks and images per folder" tabindex="0">' +
    '<table class="folders"><caption>Decks and images per folder</caption><thead><tr>' +
    '<th scope="col">Folder</th><th scope="col" class="num">Decks</th><th scope="col" class="num">Done</th><th scope="col" class="num">Failed</th>' +
    '<th scope="col" class="num">Images</th><th scope="col" class="num">Missing before</th><th scope="col" class="num">Missing after</th><th scope="col" class="num">Drafts to review</th>' +
    '<th scope="col" class="num">Done before</th><th scope="col" class="num">Done after</th>' +
    `</tr></thead><tbody>${o.folders.map(folderRow).join('')}</tbody></table></div>`
  );
}

/** In page order. Add a section here (or splice one in) to add it to every HTML report. */
/** "12 decisions for 30 images": what the review costs a person, against the batch's size (issue 11 §1). */
export function reviewWorkLine(w: NonNullable<ReportModel['input']['reviewWork']>): string {
  return `${plural(w.decisions, 'decision')} for ${plural(w.images, 'image')} to review (identical images are decided once), ${w.decided.toLocaleString('en-US')} made.`;
}

export const SUMMARY_SECTIONS: HtmlSection[] = [
  { id: 'summary', title: 'Summary', render: (m) => outcomeTable(m.summary) + scoreTable(m.summary) + (m.input.reviewWork ? `<p class="review-work">${escapeHtml(reviewWorkLine(m.input.reviewWork))}</p>` : '') },
  { id: 'attention', title: 'What needs attention', render: attentionSection },
  { id: 'folders', title: 'By folder', render: folderSection },
];

export function renderSummarySections(model: ReportModel, overview: ReportOverview, sections: HtmlSection[] = SUMMARY_SECTIONS): string {
  return sections
    .map((s) => {
      const body = s.render(model, overview);
      return body ? `<h2 id="${escapeHtml(s.id)}">${escapeHtml(s.title)}</h2>\n${body}\n` : '';
    })
    .join('');
}
