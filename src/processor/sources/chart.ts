/**
 * ALT text from a chart's own data: its title, type, series and categories.
 * Works for classic charts (c:chartSpace) and, loosely, for chartex (cx:).
 */
import { attr, child, children, find, findAll, parseXml, textOf, type XmlNode } from '../xml/tree';

export interface ChartFacts {
  title: string | null;
  type: string | null;
  series: Array<{ name: string | null; values: string[] }>;
  categories: string[];
  axisTitles: string[];
}

const TYPE_WORDS: Record<string, string> = {
  barChart: 'Bar chart',
  bar3DChart: 'Bar chart',
  lineChart: 'Line chart',
  line3DChart: 'Line chart',
  pieChart: 'Pie chart',
  pie3DChart: 'Pie chart',
  ofPieChart: 'Pie chart',
  doughnutChart: 'Doughnut chart',
  areaChart: 'Area chart',
  area3DChart: 'Area chart',
  scatterChart: 'Scatter chart',
  radarChart: 'Radar chart',
  bubbleChart: 'Bubble chart',
  stockChart: 'Stock chart',
  surfaceChart: 'Surface chart',
  surface3DChart: 'Surface chart',
};

function richText(xml: string, node: XmlNode | undefined): string | null {
  if (!node) return null;
  const ts = findAll(node, 't').map((t) => textOf(xml, t));
  const s = ts.join('').replace(/\s+/g, ' ').trim();
  if (s) return s;
  const v = find(node, 'v');
  const sv = v ? textOf(xml, v).trim() : '';
  return sv || null;
}

function points(xml: string, node: XmlNode | undefined): string[] {
  if (!node) return [];
  const pts = findAll(node, 'pt')
    .map((p) => ({ idx: Number(attr(p, 'idx') ?? 0), v: child(p, 'v') }))
    .filter((p) => p.v)
    .sort((a, b) => a.idx - b.idx);
  return pts.map((p) => textOf(xml, p.v!).trim());
}

export function chartFacts(xml: string): ChartFacts {
  const root = parseXml(xml);
  const chart = child(root, 'chart') ?? root;
  const facts: ChartFacts = { title: null, type: null, series: [], categories: [], axisTitles: [] };
  const titleNode = child(chart, 'title');
  facts.title = richText(xml, titleNode ? child(titleNode, 'tx') ?? titleNode : undefined);
  const plotArea = find(chart, 'plotArea');
  if (plotArea) {
    for (const c of plotArea.children) {
      if (!TYPE_WORDS[c.local]) continue;
      if (!facts.type) {
        facts.type = TYPE_WORDS[c.local];
        if (c.local.startsWith('bar')) {
          const dir = child(c, 'barDir');
          if (dir && attr(dir, 'val') === 'col') facts.type = 'Column chart';
        }
      }
      for (const ser of children(c, 'ser')) {
        const tx = child(ser, 'tx');
        const values = points(xml, child(ser, 'val') ?? child(ser, 'yVal'));
        facts.series.push({ name: richText(xml, tx), values });
        if (!facts.categories.length) facts.categories = points(xml, child(ser, 'cat') ?? child(ser, 'xVal'));
      }
    }
    for (const ax of plotArea.children) {
      if (!/Ax$/.test(ax.local)) continue;
      const t = richText(xml, child(ax, 'title'));
      if (t) facts.axisTitles.push(t);
    }
  }
  if (root.local === 'chartSpace' && !facts.type && !facts.series.length) {
    // chartex: series names and the layoutId say what kind of chart it is
    const series = findAll(root, 'series');
    for (const s of series) {
      const layout = attr(s, 'layoutId');
      if (layout && !facts.type) facts.type = `${layout[0].toUpperCase()}${layout.slice(1)} chart`;
      facts.series.push({ name: richText(xml, child(s, 'tx')), values: [] });
    }
    const strDim = find(root, 'strDim');
    if (strDim) facts.categories = findAll(strDim, 'pt').map((p) => textOf(xml, p).trim());
  }
  // a deleted auto-title with one series shows the series name as the title
  if (!facts.title && facts.series.length === 1 && facts.series[0].name) {
    const del = child(chart, 'autoTitleDeleted');
    if (!del || attr(del, 'val') === '0' || attr(del, 'val') === 'false') facts.title = facts.series[0].name;
  }
  return facts;
}

function list(items: string[], max: number): string {
  const clean = items.filter(Boolean);
  if (clean.length <= max) return clean.join(', ');
  return `${clean.slice(0, max).join(', ')} and ${clean.length - max} more`;
}

export function chartAlt(f: ChartFacts): { alt: string | null; long: string } {
  const type = f.type ?? 'Chart';
  const names = f.series.map((s) => s.name).filter((n): n is string => !!n);
  let alt: string | null = null;
  const parts: string[] = [];
  if (f.title) parts.push(`${type}: ${f.title}`);
  else if (names.length || f.categories.length) parts.push(type);
  if (parts.length) {
    if (names.length > 1 || (!f.title && names.length === 1)) parts.push(`${names.length === 1 ? 'series' : `${names.length} series`}: ${list(names, 4)}`);
    if (f.categories.length > 1) parts.push(`${f.categories[0]} to ${f.categories[f.categories.length - 1]}`);
    alt = parts.join('; ');
  }
  const long: string[] = [];
  long.push(f.title ? `${type} titled "${f.title}".` : `${type}.`);
  if (f.axisTitles.length) long.push(`Axes: ${f.axisTitles.join('; ')}.`);
  for (const s of f.series.slice(0, 12)) {
    const pairs = s.values.slice(0, 40).map((v, i) => (f.categories[i] ? `${f.categories[i]}: ${v}` : v));
    long.push(`${s.name ?? 'Series'}${pairs.length ? ` — ${pairs.join(', ')}${s.values.length > 40 ? ', …' : ''}` : ''}.`);
  }
  return { alt, long: long.join('\n') };
}
