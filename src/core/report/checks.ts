/**
 * The checker rules in the reports (issue 13): per deck, per folder, per course and for the
 * batch, every rule's counts before and after, the 0–100 score in its band, and what no
 * tool can check. One model (checksModel) that the HTML section, the JSON field and the
 * checks CSV all render, so they never disagree. A course is the first folder under the
 * batch's common root (shared/check-score.ts courseOf).
 */
import { CHECK_RULE_NAMES, CHECK_RULE_SEVERITY, CHECK_RULES, NOT_CHECKABLE, SCORE_BANDS, findingKey, type CheckFinding, type CheckRuleId } from '../../shared/checker';
import { courseOf, deckCheckScore, folderOf, groupScore, type CheckScore, type FindingDecisionLike, type RuleCounts } from '../../shared/check-score';
import { scoreOf, withReadBack } from '../../shared/score';
import type { AltItem, JobInfo } from '../../shared/types';
import type { ReportInput } from './model';
import { csvCell } from './csv';

export interface DeckChecksView {
  jobId: number;
  relPath: string;
  folder: string;
  course: string;
  findings: CheckFinding[];
  before: CheckScore;
  after: CheckScore;
}

export interface GroupChecksView {
  name: string;
  decks: number;
  before: CheckScore;
  after: CheckScore;
}

export interface ChecksModel {
  decks: DeckChecksView[];
  batch: GroupChecksView;
  folders: GroupChecksView[];
  courses: GroupChecksView[];
  notCheckable: readonly string[];
}

/** Decisions on findings, by `${jobId}|${findingKey}` (the review of issue 13). */
export type FindingDecisions = Map<string, FindingDecisionLike>;

function deckView(job: JobInfo, input: ReportInput, findingDecisions?: FindingDecisions): DeckChecksView | null {
  const r = job.result;
  const restricted = job.error?.code === 'ENCRYPTED';
  if (!r && !restricted) return null;
  const readBack = r?.readBack ?? null;
  // The slides' images only, as the image score counts them and as PowerPoint's checker does:
  // a layout's or master's picture is never read out on a slide, so it is not "missing" here.
  const items: AltItem[] = withReadBack(r?.items ?? [], readBack);
  const altDecision = (item: AltItem) => input.review?.decisions.get(`${job.id}|${item.part}#${item.shapeId}`) ?? null;
  const findings = r?.checks ?? [];
  const checked = r?.checkedCounts ?? {};
  const decisionOf = (f: CheckFinding) => findingDecisions?.get(`${job.id}|${findingKey(f)}`) ?? null;
  return {
    jobId: job.id,
    relPath: job.relPath || job.inputPath,
    folder: folderOf(job.relPath || job.inputPath),
    course: courseOf(job.relPath || job.inputPath),
    findings,
    before: deckCheckScore({ findings, checked, alt: scoreOf(items, 'before'), restricted }, 'before'),
    after: deckCheckScore({ findings, checked, alt: scoreOf(items, 'after', altDecision), restricted }, 'after', decisionOf),
  };
}

function group(name: string, decks: DeckChecksView[]): GroupChecksView {
  return { name, decks: decks.length, before: groupScore(decks.map((d) => d.before)), after: groupScore(decks.map((d) => d.after)) };
}

function groupsBy(decks: DeckChecksView[], key: (d: DeckChecksView) => string): GroupChecksView[] {
  const m = new Map<string, DeckChecksView[]>();
  for (const d of decks) {
    const k = key(d);
    if (!m.has(k)) m.set(k, []);
    m.get(k)!.push(d);
  }
  return [...m.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([k, list]) => group(k, list));
}

export function checksModel(input: ReportInput, findingDecisions?: FindingDecisions): ChecksModel {
  const jobs = [...input.jobs].sort((a, b) => (a.relPath < b.relPath ? -1 : a.relPath > b.relPath ? 1 : a.id - b.id));
  const decks = jobs.map((j) => deckView(j, input, findingDecisions)).filter((d): d is DeckChecksView => d !== null);
  return {
    decks,
    batch: group('Batch', decks),
    folders: groupsBy(decks, (d) => d.folder),
    courses: groupsBy(decks, (d) => d.course),
    notCheckable: NOT_CHECKABLE,
  };
}

const scoreText = (s: CheckScore) => (s.score === null ? '—' : `${s.score} (${s.band})`);

/** Rules that apply anywhere in the model, in CHECK_RULES order. */
function rulesIn(...counts: RuleCounts[]): CheckRuleId[] {
  return CHECK_RULES.filter((id) => counts.some((c) => (c[id]?.checked ?? 0) > 0 || (c[id]?.issues ?? 0) > 0));
}

// ---------------------------------------------------------------- HTML

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function countCell(c: RuleCounts[CheckRuleId]): string {
  if (!c || !c.checked) return '<td class="num">—</td>';
  const extra = [c.draft ? `${c.draft} awaiting review` : '', c.notChecked ? `${c.notChecked} not checked` : ''].filter(Boolean).join(', ');
  return `<td class="num">${c.issues} of ${c.checked}${extra ? `<br><span class="meta">${esc(extra)}</span>` : ''}</td>`;
}

function groupTable(caption: string, head: string, rows: GroupChecksView[]): string {
  const body = rows
    .map((g) => `<tr><th scope="row">${esc(g.name)}</th><td class="num">${g.decks}</td><td class="num">${esc(scoreText(g.before))}</td><td class="num">${esc(scoreText(g.after))}</td></tr>`)
    .join('');
  return `<table class="checks-rollup"><caption>${esc(caption)}</caption><thead><tr><th scope="col">${esc(head)}</th><th scope="col" class="num">Decks</th><th scope="col" class="num">Score before</th><th scope="col" class="num">Score after</th></tr></thead><tbody>${body}</tbody></table>`;
}

/** The report's "Accessibility checker" section: batch counts per rule, roll-ups, what no tool can check. */
export function checksHtml(m: ChecksModel): string {
  const b = m.batch;
  const ids = rulesIn(b.before.rules, b.after.rules);
  const rows = ids
    .map((id) => `<tr><th scope="row">${esc(CHECK_RULE_NAMES[id])}</th><td>${CHECK_RULE_SEVERITY[id]}</td>${countCell(b.before.rules[id])}${countCell(b.after.rules[id])}</tr>`)
    .join('');
  const bands = SCORE_BANDS.map((x) => `${x.min === x.max ? x.min : `${x.min}–${x.max}`} ${x.label}`).join(', ');
  const review = m.decks.reduce((n, d) => n + d.findings.filter((f) => f.outcome === 'proposed').length, 0);
  return [
    `<h2 id="checks">Accessibility checker</h2>`,
    `<p>Score from 0 to 100 (${esc(bands)}): before <strong>${esc(scoreText(b.before))}</strong>, after <strong>${esc(scoreText(b.after))}</strong>, the mean of ${b.decks} deck${b.decks === 1 ? '' : 's'}. Each rule counts the share of what it checked that passes, weighted by severity (error 3, warning 2, tip 1). Drafts awaiting review do not pass until a person approves them${review ? `; ${review} proposal${review === 1 ? '' : 's'} await review` : ''}.</p>`,
    `<table class="checks"><caption>Issues per rule (issues of things checked), before and after</caption><thead><tr><th scope="col">Rule (as PowerPoint names it)</th><th scope="col">Severity</th><th scope="col" class="num">Before</th><th scope="col" class="num">After</th></tr></thead><tbody>${rows}</tbody></table>`,
    groupTable('Score per course (first folder under the batch’s root)', 'Course', m.courses),
    groupTable('Score per folder', 'Folder', m.folders),
    `<h3 id="not-checkable">What no tool can check</h3><ul>${m.notCheckable.map((s) => `<li>${esc(s)}</li>`).join('')}</ul>`,
  ].join('\n');
}

/** One deck's findings, for its section of the report. */
export function deckFindingsHtml(d: DeckChecksView | undefined): string {
  if (!d || !d.findings.length) return '';
  const rows = d.findings
    .map(
      (f) =>
        `<tr><td>${f.slide ?? 'deck'}</td><td>${esc(CHECK_RULE_NAMES[f.rule])}</td><td>${esc(f.outcome)}${f.written ? '' : f.outcome === 'fixed' || f.outcome === 'proposed' ? ' (not written)' : ''}</td><td>${esc(f.message)}</td></tr>`,
    )
    .join('');
  return `<table class="findings"><caption>Checker findings: score ${esc(scoreText(d.before))} before, ${esc(scoreText(d.after))} after</caption><thead><tr><th scope="col">Slide</th><th scope="col">Rule</th><th scope="col">Outcome</th><th scope="col">What AltDeck found and did</th></tr></thead><tbody>${rows}</tbody></table>`;
}

// ---------------------------------------------------------------- CSV

/** The checks CSV: one row per deck, folder, course and the batch; per rule, issues before and after. */
export const CHECKS_CSV_FIXED = ['level', 'name', 'decks', 'score_before', 'band_before', 'score_after', 'band_after', 'awaiting_review'] as const;

export function checksCsv(m: ChecksModel): string {
  const head = [...CHECKS_CSV_FIXED, ...CHECK_RULES.flatMap((id) => [`${id}_checked`, `${id}_before`, `${id}_after`, `${id}_awaiting_review`])];
  const lines = [head.join(',')];
  const row = (level: string, name: string, decks: number, before: CheckScore, after: CheckScore) => {
    const awaiting = Object.values(after.rules).reduce((n, c) => n + (c?.draft ?? 0), 0);
    const cells: Array<string | number> = [level, name, decks, before.score ?? '', before.band ?? '', after.score ?? '', after.band ?? '', awaiting];
    for (const id of CHECK_RULES) {
      const b = before.rules[id];
      const a = after.rules[id];
      cells.push(b?.checked ?? '', b?.checked ? b.issues : '', a?.checked ? a.issues : '', a?.checked ? a.draft : '');
    }
    lines.push(cells.map((c) => csvCell(String(c))).join(','));
  };
  row('batch', 'Batch', m.batch.decks, m.batch.before, m.batch.after);
  for (const g of m.courses) row('course', g.name, g.decks, g.before, g.after);
  for (const g of m.folders) row('folder', g.name, g.decks, g.before, g.after);
  for (const d of m.decks) row('deck', d.relPath, 1, d.before, d.after);
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

// ---------------------------------------------------------------- JSON

export function checksJson(m: ChecksModel) {
  return {
    rules: CHECK_RULES.map((id) => ({ id, name: CHECK_RULE_NAMES[id], severity: CHECK_RULE_SEVERITY[id] })),
    bands: SCORE_BANDS,
    notCheckable: m.notCheckable,
    batch: m.batch,
    courses: m.courses,
    folders: m.folders,
    decks: m.decks,
  };
}
