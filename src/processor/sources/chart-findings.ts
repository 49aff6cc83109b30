/**
 * What a sighted reader sees in a chart, computed from its cached values: the
 * trend along ordered categories (time, numbers, lines), a peak or dip between
 * the ends, the largest and smallest value across unordered categories, and the
 * shares of a pie. Pure: values in, findings (already formatted labels) out.
 */
import type { ChartFacts, ChartSeries } from './chart';

export type Finding =
  | { kind: 'rises' | 'falls'; from: string; to: string; a: string; b: string }
  | { kind: 'steady'; value: string; a: string; b: string }
  | { kind: 'peak' | 'highest' | 'lowest'; value: string; at: string }
  | { kind: 'shares'; items: Array<{ name: string; share: string }> };

export interface Labels {
  category(i: number): string;
  value(s: ChartSeries, raw: string): string;
  percent(x: number): string;
  dateCategories: boolean;
}

// Categories that read as a sequence: years, quarters, months, numbers, dates.
const ORDERED_TEXT = /^(\d{4}|[Qq]\d|\d(st|nd|rd|th)\s*(qtr|quarter)|(qtr|quarter|quartal|trimestre|кв\.?)\s*\d|\d+|(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\.?(\s*\d{2,4})?)$/i;

/** Kinds whose values can be compared point by point. Waterfalls hold differences, stock and box charts ranges: no findings there. */
const COMPARABLE = new Set(['bar', 'column', 'line', 'area', 'pie', 'doughnut', 'scatter', 'radar', 'funnel']);

// Month names in every language we write, long and short ("Januar", "janv.", "1月", "يناير").
const MONTHS: ReadonlySet<string> = (() => {
  const out = new Set<string>();
  for (const lang of ['en', 'de', 'fr', 'es', 'it', 'pt', 'nl', 'ru', 'pl', 'ja', 'zh', 'ko', 'ar', 'he']) {
    for (const month of ['long', 'short'] as const) {
      for (let m = 0; m < 12; m++) {
        out.add(new Intl.DateTimeFormat(lang, { month, timeZone: 'UTC' }).format(new Date(Date.UTC(2001, m, 1))).toLowerCase().replace(/\.$/, ''));
      }
    }
  }
  return out;
})();

// Words of time that number a sequence; "Group 1, Group 2" or "Category 1…4" stay unordered.
const TIME_WORDS = new Set(
  ('week woche semaine semana settimana неделя tydzień tydz day tag jour día dia giorno dag день dzień month monat mois mes mese maand месяц miesiąc ' +
    'year jahr année año anno ano jaar год rok quarter qtr quartal trimestre kwartaal квартал кв kwartał kw visit besuch visite visita bezoek визит wizyta ' +
    'semester term session sitzung séance sesión sessione sessie сессия sesja cycle zyklus ciclo cyclus цикл cykl lecture vorlesung cours clase lezione college лекция wykład')
    .split(' '),
);

/** "Week 1, Week 2, Week 3", "Кв. 1 … Кв. 4", "Visit 2 … Visit 5": a word of time and rising numbers. */
function numberedSequence(cats: string[]): boolean {
  const parts = cats.map((c) => /^(\D*?)\s*(\d+)\s*(\D*)$/u.exec(c.trim()));
  if (parts.some((p) => !p)) return false;
  const word = parts[0]![1].toLowerCase().replace(/[.\s]+$/, '');
  if (!TIME_WORDS.has(word) || parts[0]![3]) return false;
  const same = parts.every((p) => p![1] === parts[0]![1] && p![3] === parts[0]![3]);
  return same && parts.every((p, i) => i === 0 || Number(p![2]) > Number(parts[i - 1]![2]));
}

export function isOrdered(f: ChartFacts, labels: Pick<Labels, 'dateCategories'>): boolean {
  if (f.kind === 'line' || f.kind === 'area') return true;
  if (f.kind !== 'bar' && f.kind !== 'column') return false;
  if (labels.dateCategories) return true;
  const cats = f.categories.filter((c) => c !== '');
  if (cats.length < 2) return false;
  if (cats.every((c) => ORDERED_TEXT.test(c.trim()) || MONTHS.has(c.trim().toLowerCase().replace(/\.$/, '')))) return true;
  return numberedSequence(cats);
}

export function chartFindings(f: ChartFacts, labels: Labels): Finding[][] {
  if (!f.kind || !COMPARABLE.has(f.kind)) return f.series.map(() => []);
  const ordered = isOrdered(f, labels);
  return f.series.map((s, si) => {
    const pts = s.values.map((raw, i) => ({ i, raw, v: raw === '' ? NaN : Number(raw) })).filter((p) => Number.isFinite(p.v));
    if (pts.length < 2) return [];
    const at = (p: { i: number }) => labels.category(p.i);
    const val = (p: { raw: string }) => labels.value(s, p.raw);
    if (f.kind === 'pie' || f.kind === 'doughnut') {
      // a pie shows its first series; a doughnut's rings are read one by one
      if (f.kind === 'pie' && si > 0) return [];
      const total = pts.reduce((a, p) => a + Math.max(0, p.v), 0);
      if (!(total > 0)) return [];
      const items = pts
        .filter((p) => p.v > 0)
        .sort((a, b) => b.v - a.v)
        .map((p) => ({ name: at(p), share: labels.percent(p.v / total) }));
      return [{ kind: 'shares', items }];
    }
    let max = pts[0];
    let min = pts[0];
    for (const p of pts) {
      if (p.v > max.v) max = p;
      if (p.v < min.v) min = p;
    }
    const range = max.v - min.v;
    const first = pts[0];
    const last = pts[pts.length - 1];
    const scale = Math.max(Math.abs(max.v), Math.abs(min.v));
    if (range <= 0.05 * scale || range === 0) return [{ kind: 'steady', value: val(first), a: at(first), b: at(last) }];
    const out: Finding[] = [];
    if (!ordered) {
      out.push({ kind: 'highest', value: val(max), at: at(max) }, { kind: 'lowest', value: val(min), at: at(min) });
      return out;
    }
    const delta = last.v - first.v;
    const trend = Math.abs(delta) >= 0.1 * range;
    if (trend) out.push({ kind: delta > 0 ? 'rises' : 'falls', from: val(first), to: val(last), a: at(first), b: at(last) });
    const interior = (p: { i: number }) => p.i !== first.i && p.i !== last.i;
    if (interior(max) && max.v - Math.max(first.v, last.v) >= 0.1 * range) out.push({ kind: 'peak', value: val(max), at: at(max) });
    if (interior(min) && Math.min(first.v, last.v) - min.v >= 0.1 * range) out.push({ kind: 'lowest', value: val(min), at: at(min) });
    if (!out.length) out.push({ kind: 'highest', value: val(max), at: at(max) }, { kind: 'lowest', value: val(min), at: at(min) });
    return out;
  });
}
