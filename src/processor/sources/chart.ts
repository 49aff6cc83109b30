/**
 * ALT text from a chart's own data, written as findings: what kind of chart,
 * its title, and what a sighted reader sees at a glance (the trend, the largest
 * and smallest values, the shares of a pie). Values and categories are shown as
 * the chart shows them (its number format: dates stay dates, percentages stay
 * percentages) in the slide's language. The short ALT carries the finding; the
 * long description carries the whole data table.
 * Classic charts (c:chartSpace) and chartex (cx:, funnel, waterfall, …).
 */
import { attr, child, children, find, findAll, parseXml, textOf, type XmlNode } from '../xml/tree';
import { frame, formatList, type FrameKey, type Lang } from '../lang';
import { formatValue, parseNumberFormat, type NumberFormat } from '../lang/numfmt';
import { chartFindings, type Finding } from './chart-findings';

export type ChartKind =
  | 'bar' | 'column' | 'line' | 'pie' | 'doughnut' | 'area' | 'scatter' | 'radar' | 'bubble' | 'stock' | 'surface'
  | 'funnel' | 'waterfall' | 'treemap' | 'sunburst' | 'histogram' | 'boxWhisker' | 'map' | 'other';

export interface ChartSeries {
  name: string | null;
  /** Cached values as written in the part ("32", "0.45"); '' where a point is missing. */
  values: string[];
  /** The values' number format code (the value axis's own, else the series cache's). */
  format: string | null;
}

export interface ChartFacts {
  title: string | null;
  kind: ChartKind | null;
  series: ChartSeries[];
  /** Category labels as cached: text, or numbers to format with categoryFormat. */
  categories: string[];
  categoryFormat: string | null;
  /** The category axis is a date axis (c:dateAx): its numbers are Excel dates even under "General". */
  dateAxis: boolean;
  axisTitles: string[];
  date1904: boolean;
  /** c:grouping of bar, line and area charts. */
  grouping: 'stacked' | 'percentStacked' | null;
}

const KINDS: Record<string, ChartKind> = {
  barChart: 'bar', bar3DChart: 'bar', lineChart: 'line', line3DChart: 'line', pieChart: 'pie', pie3DChart: 'pie', ofPieChart: 'pie',
  doughnutChart: 'doughnut', areaChart: 'area', area3DChart: 'area', scatterChart: 'scatter', radarChart: 'radar', bubbleChart: 'bubble',
  stockChart: 'stock', surfaceChart: 'surface', surface3DChart: 'surface',
};
const CHARTEX_KINDS: Record<string, ChartKind> = {
  funnel: 'funnel', waterfall: 'waterfall', treemap: 'treemap', sunburst: 'sunburst', clusteredColumn: 'histogram', paretoLine: 'histogram',
  boxWhisker: 'boxWhisker', regionMap: 'map',
};

function richText(xml: string, node: XmlNode | undefined): string | null {
  if (!node) return null;
  const ts = findAll(node, 't').map((t) => textOf(xml, t));
  const s = ts.join('').replace(/\s+/g, ' ').trim();
  if (s) return s;
  const v = find(node, 'v');
  const sv = v ? textOf(xml, v).replace(/\s+/g, ' ').trim() : '';
  return sv || null;
}

/** Points of a c:cat / c:val (str/num cache or literal; the first level of multi-level labels) in index order. */
function points(xml: string, node: XmlNode | undefined): { values: string[]; format: string | null } {
  if (!node) return { values: [], format: null };
  const lvl = find(node, 'lvl');
  const scope = lvl ?? node;
  const fc = find(node, 'formatCode');
  const count = find(node, 'ptCount');
  const pts = findAll(scope, 'pt').map((p) => ({ idx: Number(attr(p, 'idx') ?? 0), v: child(p, 'v') }));
  const n = Math.min(10000, Math.max(Number(count ? attr(count, 'val') : 0) || 0, ...pts.map((p) => p.idx + 1), 0));
  const values: string[] = new Array(n).fill('');
  for (const p of pts) if (p.v && p.idx < n) values[p.idx] = textOf(xml, p.v).trim();
  return { values, format: fc ? textOf(xml, fc).trim() || null : null };
}

function axisFormat(ax: XmlNode | undefined): string | null {
  const nf = ax ? child(ax, 'numFmt') : undefined;
  if (!nf) return null;
  const code = attr(nf, 'formatCode');
  return code && attr(nf, 'sourceLinked') !== '1' ? code : null;
}

export function chartFacts(xml: string): ChartFacts {
  const root = parseXml(xml);
  const chart = child(root, 'chart') ?? root;
  const d1904 = child(root, 'date1904');
  const facts: ChartFacts = {
    title: null, kind: null, series: [], categories: [], categoryFormat: null, dateAxis: false, axisTitles: [], grouping: null,
    date1904: !!d1904 && (attr(d1904, 'val') === '1' || attr(d1904, 'val') === 'true'),
  };
  const titleNode = child(chart, 'title');
  facts.title = richText(xml, titleNode ? child(titleNode, 'tx') ?? titleNode : undefined);
  const plotArea = find(chart, 'plotArea');
  if (plotArea) {
    const axes = new Map<string, XmlNode>();
    for (const ax of plotArea.children) {
      if (!/Ax$/.test(ax.local)) continue;
      const id = child(ax, 'axId');
      if (id) axes.set(attr(id, 'val') ?? '', ax);
      const t = richText(xml, child(ax, 'title'));
      if (t) facts.axisTitles.push(t);
    }
    for (const c of plotArea.children) {
      const kind = KINDS[c.local];
      if (!kind) continue;
      const ids = children(c, 'axId').map((a) => attr(a, 'val') ?? '');
      const catAx = ids.map((i) => axes.get(i)).find((a) => a && (a.local === 'catAx' || a.local === 'dateAx'));
      const valAx = ids.map((i) => axes.get(i)).find((a) => a && a.local === 'valAx');
      if (!facts.kind) {
        facts.kind = kind;
        const dir = child(c, 'barDir');
        if (kind === 'bar' && (!dir || attr(dir, 'val') === 'col')) facts.kind = 'column';
        const g = attr(child(c, 'grouping') ?? c, 'val');
        if (g === 'stacked' || g === 'percentStacked') facts.grouping = g;
      }
      for (const ser of children(c, 'ser')) {
        const val = points(xml, child(ser, 'val') ?? child(ser, 'yVal'));
        facts.series.push({ name: richText(xml, child(ser, 'tx')), values: val.values, format: axisFormat(valAx) ?? val.format });
        if (!facts.categories.length) {
          const cat = points(xml, child(ser, 'cat') ?? child(ser, 'xVal'));
          facts.categories = cat.values;
          facts.categoryFormat = axisFormat(catAx) ?? cat.format;
          facts.dateAxis = catAx?.local === 'dateAx';
        }
      }
    }
  }
  if (root.local === 'chartSpace' && !facts.kind && !facts.series.length) chartexFacts(xml, root, facts);
  // a deleted auto-title with one series shows the series name as the title
  if (!facts.title && facts.series.length === 1 && facts.series[0].name) {
    const del = child(chart, 'autoTitleDeleted');
    if (!del || attr(del, 'val') === '0' || attr(del, 'val') === 'false') facts.title = facts.series[0].name;
  }
  return facts;
}

/** chartex: each series names its kind (layoutId) and its data block (dataId). */
function chartexFacts(xml: string, root: XmlNode, facts: ChartFacts): void {
  const data = new Map<string, XmlNode>();
  for (const d of findAll(root, 'data')) data.set(attr(d, 'id') ?? '', d);
  for (const s of findAll(root, 'series')) {
    const layout = attr(s, 'layoutId') ?? '';
    if (!facts.kind) facts.kind = CHARTEX_KINDS[layout] ?? 'other';
    const dataId = child(s, 'dataId');
    const block = data.get(dataId ? (attr(dataId, 'val') ?? '') : '') ?? [...data.values()][0];
    const num = block ? children(block, 'numDim').find((n) => (attr(n, 'type') ?? 'val') === 'val') ?? child(block, 'numDim') : undefined;
    const lvl = num ? child(num, 'lvl') : undefined;
    const values = lvl ? children(lvl, 'pt').map((p) => textOf(xml, p).trim()) : [];
    facts.series.push({ name: richText(xml, child(s, 'tx')), values, format: lvl ? (attr(lvl, 'formatCode') ?? null) : null });
    if (!facts.categories.length && block) {
      const str = children(block, 'strDim').find((n) => attr(n, 'type') === 'cat') ?? child(block, 'strDim');
      const l = str ? child(str, 'lvl') : undefined;
      if (l) facts.categories = children(l, 'pt').map((p) => textOf(xml, p).trim());
    }
  }
  const t = find(root, 'title');
  if (!facts.title && t) facts.title = richText(xml, t);
}

/* ---------- words ---------- */

const ALT_MAX = 150;

/** Titles that are identifiers, not words (a GUID left by a generator). */
function usableTitle(t: string | null): string | null {
  if (!t) return null;
  if (/^\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?$/i.test(t.trim())) return null;
  return t;
}

export interface ChartText {
  alt: string | null;
  long: string;
}

/** Formats categories and values of one chart for one language. */
export function chartLabels(f: ChartFacts, lang: Lang) {
  const catFmt: NumberFormat = parseNumberFormat(f.categoryFormat);
  // a date axis under "General" still holds dates
  const dateFmt: NumberFormat = catFmt.kind === 'general' && f.dateAxis ? parseNumberFormat('d mmm yyyy') : catFmt;
  const category = (i: number): string => {
    const raw = f.categories[i];
    if (raw === undefined || raw === '') return String(i + 1);
    return formatValue(lang, raw, dateFmt, f.date1904);
  };
  const value = (s: ChartSeries, raw: string): string => formatValue(lang, raw, parseNumberFormat(s.format), f.date1904);
  const seriesName = (s: ChartSeries, i: number): string => s.name ?? frame(lang, 'chart.unnamedSeries', { n: i + 1 });
  const pct = new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 0 });
  const pctFine = new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 });
  const percent = (x: number): string => (x < 0.01 ? pctFine : pct).format(x);
  return { category, value, seriesName, percent, dateCategories: dateFmt.kind === 'date' };
}

function findingText(lang: Lang, x: Finding, maxItems = Infinity): string {
  switch (x.kind) {
    case 'rises':
    case 'falls':
      return frame(lang, `chart.${x.kind}`, { from: x.from, to: x.to, a: x.a, b: x.b });
    case 'steady':
      return frame(lang, 'chart.steady', { value: x.value, a: x.a, b: x.b });
    case 'peak':
    case 'highest':
    case 'lowest':
      return frame(lang, `chart.${x.kind}`, { value: x.value, at: x.at });
    case 'shares': {
      const shown = x.items.slice(0, maxItems).map((i) => frame(lang, 'chart.share', { name: i.name, share: i.share }));
      if (x.items.length > shown.length) shown.push(frame(lang, 'chart.more', { count: x.items.length - shown.length }));
      return formatList(lang, shown);
    }
  }
}

/** Adds parts to `head` while the whole stays within the ALT limit. */
function fit(head: string, parts: string[], sep: string): string {
  let text = head;
  for (const p of parts) {
    if ((text + sep + p).length > ALT_MAX) break;
    text += sep + p;
  }
  return text;
}

export function chartAlt(f: ChartFacts, lang: Lang = 'en'): ChartText {
  const kindWord = frame(lang, `chart.type.${f.kind ?? 'other'}` as FrameKey);
  const type = f.grouping ? frame(lang, `chart.${f.grouping}`, { type: kindWord }) : kindWord;
  const title = usableTitle(f.title);
  const sep = frame(lang, 'sep');
  const listSep = frame(lang, 'listSep');
  const labels = chartLabels(f, lang);
  const names = f.series.map((s, i) => labels.seriesName(s, i));
  const head = title ? frame(lang, 'chart.titled', { type, title }) : type;

  const perSeries = chartFindings(f, labels);
  const parts: string[] = [];
  const findingsOf = (i: number) => perSeries[i].map((x) => findingText(lang, x));
  const shares = perSeries[0]?.[0]?.kind === 'shares' ? perSeries[0][0] : null;
  if (shares) {
    // as many slices as fit, largest first
    for (let k = shares.items.length; k >= 1; k--) {
      const t = findingText(lang, shares, k);
      if (k === 1 || (head + sep + t).length <= ALT_MAX) {
        parts.push(t);
        break;
      }
    }
  } else if (perSeries.length === 1) {
    parts.push(...findingsOf(0));
  } else {
    // one line per series, its main finding first
    perSeries.forEach((fs, i) => {
      if (fs.length) parts.push(frame(lang, 'chart.seriesFinding', { series: names[i], finding: findingText(lang, fs[0]) }));
    });
  }
  let alt: string | null = null;
  if (parts.length) alt = fit(head, parts, sep);
  if (!alt || alt === head) {
    // no values to judge: what the chart is made of
    const more: string[] = [];
    const shown = names.length > 4 ? [...names.slice(0, 4), frame(lang, 'chart.more', { count: names.length - 4 })] : names;
    if (names.length > 1 || (!title && names.length === 1)) more.push(frame(lang, 'chart.series', { count: names.length, names: formatList(lang, shown) }));
    if (f.categories.length > 1) more.push(frame(lang, 'chart.span', { from: labels.category(0), to: labels.category(f.categories.length - 1) }));
    if (title || more.length || names.length) alt = fit(head, more, sep);
  }

  const long: string[] = [head];
  const allFindings = perSeries.flatMap((fs, i) =>
    fs.map((x) => (perSeries.length > 1 && f.kind !== 'pie' && f.kind !== 'doughnut' ? frame(lang, 'chart.seriesFinding', { series: names[i], finding: findingText(lang, x) }) : findingText(lang, x))),
  );
  if (allFindings.length) long.push(allFindings.join(sep));
  if (f.axisTitles.length) long.push(frame(lang, 'chart.long.axes', { axes: f.axisTitles.join(sep) }));
  f.series.slice(0, 12).forEach((s, i) => {
    const pts = s.values.slice(0, 60).map((v, k) => (f.categories.length ? frame(lang, 'chart.long.point', { category: labels.category(k), value: v === '' ? '–' : labels.value(s, v) }) : labels.value(s, v)));
    if (s.values.length > 60) pts.push(frame(lang, 'chart.more', { count: s.values.length - 60 }));
    long.push(pts.length ? frame(lang, 'chart.long.series', { series: names[i], values: pts.join(listSep) }) : names[i]);
  });
  if (f.series.length > 12) long.push(frame(lang, 'chart.more', { count: f.series.length - 12 }));
  return { alt, long: long.join('\n') };
}
