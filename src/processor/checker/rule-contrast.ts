/**
 * "Hard-to-read text contrast" (issue 13): the WCAG 2.1 contrast ratio of every text run
 * against what is drawn behind it, where both are plain colours. Colours resolve through
 * the theme and the master's colour map (theme-colors.ts). Behind a text shape is, in turn:
 * its own fill (or its style's fillRef, or its placeholder's on the layout and master), the
 * nearest shape below it on the slide that covers it, the layout's and master's own shapes
 * (when shown), then the slide's, layout's or master's background (white when none is set).
 * A picture, gradient or pattern there, or a shape that covers the text only in part, makes
 * it "not checked" (said once per slide, never counted as passing). Text colour, size and
 * bold come from the run, else the shape's list style, its style's fontRef, its placeholder
 * on the layout and master, the master's text styles, the presentation's default text style,
 * else tx1 at 18 pt. Thresholds: 4.5:1, or 3:1 for large text (≥ 18 pt, or ≥ 14 pt bold).
 * Text in tables, charts and diagrams is not checked here. Flag only: no automatic fix.
 */
import type { CheckFinding } from '../../shared/checker';
import { attr, child, findAll, textOf, type XmlNode } from '../xml/tree';
import { groupTransform, IDENTITY, overlapArea, readXfrm, type Box, type Transform } from '../deck/geometry';
import { colorChild, colorMap, contrastRatio, hexOf, over, resolveColor, themeScheme, type ColorContext, type Rgb } from './theme-colors';

export interface ContrastPart {
  xml: string;
  root: XmlNode;
}

export interface ContrastSlide {
  number: number;
  part: string;
  xml: string;
  root: XmlNode;
  layout: ContrastPart | null;
  master: ContrastPart | null;
  theme: ContrastPart | null;
  presentation?: ContrastPart | null;
}

export const NORMAL_RATIO = 4.5;
export const LARGE_RATIO = 3;

type Fill = { kind: 'none' } | { kind: 'solid'; color: Rgb } | { kind: 'complex'; why: string };

interface Drawn {
  node: XmlNode;
  box: Box | null;
  fill: Fill;
}

const NONE: Fill = { kind: 'none' };
const scheme = (val: string) => ({ local: 'schemeClr', name: 'a:schemeClr', prefix: 'a', attrs: [{ name: 'val', value: val }], children: [] }) as unknown as XmlNode;
const HLINK = scheme('hlink');

/** A fill element list (spPr, bgPr, a style list item) as a Fill; null when it says nothing. */
function fillOf(holder: XmlNode | undefined, ctx: ColorContext, phClr: Rgb | null = null): Fill | null {
  if (!holder) return null;
  for (const c of holder.children) {
    if (c.local === 'noFill') return NONE;
    if (c.local === 'solidFill') {
      const col = resolveColor(colorChild(c), ctx, phClr);
      if (!col) return { kind: 'complex', why: 'a colour that cannot be resolved' };
      return col.alpha < 1 ? { kind: 'complex', why: 'a semi-transparent fill' } : { kind: 'solid', color: col };
    }
    if (c.local === 'gradFill') return { kind: 'complex', why: 'a gradient' };
    if (c.local === 'blipFill') return { kind: 'complex', why: 'a picture' };
    if (c.local === 'pattFill') return { kind: 'complex', why: 'a pattern' };
    if (c.local === 'grpFill') return { kind: 'complex', why: 'a group fill' };
  }
  return null;
}

/** A style reference (fillRef idx="2", bgRef idx="1001") through the theme's format scheme. */
function styleRefFill(ref: XmlNode | undefined, theme: XmlNode | null, ctx: ColorContext): Fill | null {
  if (!ref) return null;
  const idx = Number(attr(ref, 'idx'));
  if (!Number.isFinite(idx) || idx === 0) return NONE;
  const te = theme ? child(theme, 'themeElements') : undefined;
  const fmt = te ? child(te, 'fmtScheme') : undefined;
  const list = fmt ? child(fmt, idx >= 1000 ? 'bgFillStyleLst' : 'fillStyleLst') : undefined;
  const item = list?.children[idx >= 1000 ? idx - 1001 : idx - 1];
  if (!item) return null;
  const phClr = resolveColor(colorChild(ref), ctx);
  const wrapper = { ...item, children: [item] } as XmlNode;
  return fillOf(wrapper, ctx, phClr);
}

function backgroundOf(part: ContrastPart | null, theme: XmlNode | null, ctx: ColorContext): Fill | null {
  const cSld = part ? child(part.root, 'cSld') : undefined;
  const bg = cSld ? child(cSld, 'bg') : undefined;
  if (!bg) return null;
  const bgPr = child(bg, 'bgPr');
  if (bgPr) return fillOf(bgPr, ctx);
  return styleRefFill(child(bg, 'bgRef'), theme, ctx);
}

function phOf(shape: XmlNode): { type: string; idx: string | null } | null {
  const nv = shape.children.find((c) => c.local.startsWith('nv') && c.local.endsWith('Pr'));
  const nvPr = nv ? child(nv, 'nvPr') : undefined;
  const ph = nvPr ? child(nvPr, 'ph') : undefined;
  return ph ? { type: attr(ph, 'type') ?? 'body', idx: attr(ph, 'idx') ?? null } : null;
}

const isTitle = (t: string) => t === 'title' || t === 'ctrTitle';

/** The placeholder on a layout or master that a slide's placeholder inherits from. */
function matchPlaceholder(part: ContrastPart | null, ph: { type: string; idx: string | null }): XmlNode | undefined {
  const cSld = part ? child(part.root, 'cSld') : undefined;
  const tree = cSld ? child(cSld, 'spTree') : undefined;
  const list = (tree?.children ?? []).filter((s) => s.local === 'sp').map((sp) => ({ sp, ph: phOf(sp) })).filter((x) => x.ph);
  return (
    list.find((l) => ph.idx !== null && l.ph!.idx === ph.idx && !isTitle(ph.type))?.sp ??
    list.find((l) => l.ph!.type === ph.type || (isTitle(ph.type) && isTitle(l.ph!.type)))?.sp
  );
}

function shapeFill(sp: XmlNode, theme: XmlNode | null, ctx: ColorContext, inherited: XmlNode[]): Fill {
  for (const s of [sp, ...inherited]) {
    const own = fillOf(child(s, 'spPr'), ctx);
    if (own) return own;
    const style = child(s, 'style');
    const ref = style ? styleRefFill(child(style, 'fillRef'), theme, ctx) : null;
    if (ref) return ref;
  }
  return NONE;
}

/** Everything drawn on a part's shape tree, in z-order, with its box and fill. */
/** Where a placeholder without its own position is drawn (its layout's, then its master's). */
export type PlaceholderBoxOf = (ph: { sp: XmlNode; type: string; idx: string | null }) => Box | null;

function drawnOf(part: ContrastPart, theme: XmlNode | null, ctx: ColorContext, skipPlaceholders: boolean, inherit: PlaceholderBoxOf = () => null): Drawn[] {
  const out: Drawn[] = [];
  const cSld = child(part.root, 'cSld');
  const tree = cSld ? child(cSld, 'spTree') : undefined;
  let depth = 0;
  const visit = (node: XmlNode, tf: Transform) => {
    if (++depth > 64) return;
    for (const s of node.children) {
      const ph = phOf(s);
      const raw = (x: XmlNode | undefined) => {
        const b = readXfrm(x) ?? (ph ? inherit({ sp: s, ...ph }) : null);
        return b ? tf(b) : null;
      };
      if (skipPlaceholders && ph) continue;
      if (s.local === 'sp') {
        const spPr = child(s, 'spPr');
        out.push({ node: s, box: raw(spPr ? child(spPr, 'xfrm') : undefined), fill: shapeFill(s, theme, ctx, []) });
      } else if (s.local === 'pic') {
        const spPr = child(s, 'spPr');
        out.push({ node: s, box: raw(spPr ? child(spPr, 'xfrm') : undefined), fill: { kind: 'complex', why: 'a picture' } });
      } else if (s.local === 'graphicFrame') {
        out.push({ node: s, box: raw(child(s, 'xfrm')), fill: { kind: 'complex', why: 'a table, chart or diagram' } });
      } else if (s.local === 'grpSp') {
        const g = child(s, 'grpSpPr');
        visit(s, groupTransform(tf, g ? child(g, 'xfrm') : undefined));
      } else if (s.local === 'AlternateContent') {
        const br = s.children.find((c) => c.local === 'Choice' || c.local === 'Fallback');
        if (br) visit(br, tf);
      }
    }
    depth--;
  };
  if (tree) visit(tree, IDENTITY);
  return out;
}

interface RunStyle {
  color: Rgb | null;
  /** Why the colour is not a plain one (gradient text), when it is not. */
  complex?: string;
  size: number;
  bold: boolean;
}

function lvlPr(lst: XmlNode | undefined, lvl: number): XmlNode | undefined {
  return lst ? child(lst, `lvl${lvl + 1}pPr`) : undefined;
}

function bodyStyleName(type: string | null): 'titleStyle' | 'bodyStyle' | 'otherStyle' {
  if (type === null) return 'otherStyle';
  if (isTitle(type)) return 'titleStyle';
  if (type === 'dt' || type === 'ftr' || type === 'sldNum') return 'otherStyle';
  return 'bodyStyle';
}

/** The run properties that apply to a run, nearest first (DrawingML's inheritance). */
function runChain(r: XmlNode, p: XmlNode, sp: XmlNode, inherited: XmlNode[], slide: ContrastSlide, phType: string | null): { near: XmlNode[]; far: XmlNode[] } {
  const pPr = child(p, 'pPr');
  const lvl = Math.max(0, Math.min(8, Number(pPr ? attr(pPr, 'lvl') : 0) || 0));
  const chain: (XmlNode | undefined)[] = [child(r, 'rPr'), pPr ? child(pPr, 'defRPr') : undefined];
  for (const s of [sp, ...inherited]) {
    const tx = child(s, 'txBody');
    const l = lvlPr(tx ? child(tx, 'lstStyle') : undefined, lvl);
    chain.push(l ? child(l, 'defRPr') : undefined);
  }
  const near = chain.filter((x): x is XmlNode => !!x);
  chain.length = 0;
  const master = slide.master?.root;
  const txStyles = master ? child(master, 'txStyles') : undefined;
  const ms = txStyles ? child(txStyles, bodyStyleName(phType)) : undefined;
  const ml = lvlPr(ms, lvl);
  chain.push(ml ? child(ml, 'defRPr') : undefined);
  if (phType === null && slide.presentation) {
    const d = child(slide.presentation.root, 'defaultTextStyle');
    const dl = lvlPr(d, lvl);
    chain.push(dl ? child(dl, 'defRPr') : undefined);
  }
  return { near, far: chain.filter((x): x is XmlNode => !!x) };
}

/** A shape's style (fontRef) colours its text before the master's and the presentation's defaults do. */
function runStyle({ near, far }: { near: XmlNode[]; far: XmlNode[] }, fontRef: XmlNode | undefined, ctx: ColorContext): RunStyle {
  const fontRefHolder = fontRef && colorChild(fontRef) ? [fontRef] : [];
  const chain = [...near, ...fontRefHolder, ...far];
  let color: Rgb | null | undefined;
  let complex: string | undefined;
  let size: number | undefined;
  let bold: boolean | undefined;
  for (const rp of chain) {
    if (color === undefined && complex === undefined && rp === fontRef) color = resolveColor(colorChild(fontRef), ctx);
    else if (color === undefined && complex === undefined) {
      for (const c of rp.children) {
        if (c.local === 'solidFill') {
          color = resolveColor(colorChild(c), ctx);
          if (!color) complex = 'a colour that cannot be resolved';
          break;
        }
        if (c.local === 'gradFill' || c.local === 'blipFill' || c.local === 'pattFill') {
          complex = 'text filled with a gradient or picture';
          break;
        }
        if (c.local === 'noFill') {
          complex = 'text without a fill';
          break;
        }
      }
    }
    if (size === undefined && attr(rp, 'sz')) size = Number(attr(rp, 'sz')) / 100;
    if (bold === undefined && attr(rp, 'b') !== undefined) bold = attr(rp, 'b') === '1' || attr(rp, 'b') === 'true';
  }
  if (color === undefined && complex === undefined) color = resolveColor(scheme('tx1'), ctx);
  return { color: color ?? null, complex, size: Number.isFinite(size) && size! > 0 ? size! : 18, bold: !!bold };
}

export interface ContrastResult {
  findings: CheckFinding[];
  /** Text shapes whose contrast was computed (pass or fail): the score's denominator. */
  checked: number;
  notChecked: number;
}

const floor1 = (x: number) => Math.floor(x * 10) / 10;

/** What is behind a text shape: a plain colour, or why it cannot be known. */
function behind(d: Drawn, index: number, below: Drawn[], decorations: Drawn[], background: Fill): Fill {
  if (d.fill.kind !== 'none') return d.fill;
  // a shape whose position is unknown may sit on anything the slide draws
  if (!d.box) return below.slice(0, index).some((o) => o.fill.kind !== 'none') || decorations.some((o) => o.fill.kind !== 'none') ? { kind: 'complex', why: 'a shape whose position is not known' } : background;
  const area = d.box.cx * d.box.cy;
  for (const layer of [below.slice(0, index).reverse(), [...decorations].reverse()]) {
    for (const o of layer) {
      if (!o.box || o.fill.kind === 'none') continue;
      const ov = overlapArea(d.box, o.box);
      if (ov <= 0 || ov < 0.02 * area) continue;
      if (o.fill.kind === 'complex') return o.fill;
      if (ov < 0.98 * area) return { kind: 'complex', why: 'a shape that covers the text only in part' };
      return o.fill;
    }
  }
  return background;
}

export function checkContrast(slide: ContrastSlide, placeholderBox?: PlaceholderBoxOf): ContrastResult {
  const findings: CheckFinding[] = [];
  const theme = slide.theme?.root ?? null;
  const ctx: ColorContext = { scheme: themeScheme(theme), clrMap: colorMap(slide.master?.root, slide.layout?.root, slide.root) };
  const white: Fill = { kind: 'solid', color: { r: 1, g: 1, b: 1, alpha: 1 } };
  const background = backgroundOf(slide, theme, ctx) ?? backgroundOf(slide.layout, theme, ctx) ?? backgroundOf(slide.master, theme, ctx) ?? white;
  const showMaster = (p: ContrastPart | null) => !p || !['0', 'false'].includes(attr(p.root, 'showMasterSp') ?? '');
  const decorations: Drawn[] = [];
  if (showMaster(slide) && slide.layout) {
    if (showMaster(slide.layout) && slide.master) decorations.push(...drawnOf(slide.master, theme, ctx, true));
    decorations.push(...drawnOf(slide.layout, theme, ctx, true));
  }
  const drawn = drawnOf(slide, theme, ctx, false, placeholderBox);
  let checked = 0;
  const skipped = new Map<string, number>();
  drawn.forEach((d, i) => {
    if (d.node.local !== 'sp') return;
    const tx = child(d.node, 'txBody');
    if (!tx) return;
    const nv = child(d.node, 'nvSpPr');
    const cNvPr = nv ? child(nv, 'cNvPr') : undefined;
    if (cNvPr && ['1', 'true'].includes(attr(cNvPr, 'hidden') ?? '')) return;
    const ph = phOf(d.node);
    const inherited = ph ? [matchPlaceholder(slide.layout, ph), matchPlaceholder(slide.master, ph)].filter((x): x is XmlNode => !!x) : [];
    const runs = findAll(tx, 'r').filter((r) => {
      const t = child(r, 't');
      return t && textOf(slide.xml, t).trim();
    });
    if (!runs.length) return;
    let fill = d.fill;
    if (fill.kind === 'none' && inherited.length) fill = shapeFill(d.node, theme, ctx, inherited);
    const back = behind({ ...d, fill }, i, drawn, decorations, background);
    if (back.kind !== 'solid') {
      const why = back.kind === 'complex' ? back.why : 'nothing';
      skipped.set(why, (skipped.get(why) ?? 0) + 1);
      return;
    }
    const style = child(d.node, 'style');
    const fontRef = style ? child(style, 'fontRef') : undefined;
    let worst: { ratio: number; need: number; text: string; fg: Rgb; size: number; bold: boolean } | null = null;
    let unresolved: string | null = null;
    for (const r of runs) {
      const p = r.parent!;
      const st = runStyle(runChain(r, p, d.node, inherited, slide, ph?.type ?? null), fontRef, ctx);
      // PowerPoint draws link text in the theme's hyperlink colour unless the link keeps the
      // text's own colour (a:hlinkClick/…/ahyp:hlinkClr val="tx", PowerPoint 2019 and later)
      const rPr = child(r, 'rPr');
      const h = rPr ? child(rPr, 'hlinkClick') : undefined;
      if (h && !findAll(h, 'hlinkClr').some((c) => attr(c, 'val') === 'tx')) {
        const hl = resolveColor(HLINK, ctx);
        if (hl) {
          st.color = hl;
          st.complex = undefined;
        }
      }
      if (!st.color) {
        unresolved = st.complex ?? 'a colour that cannot be resolved';
        continue;
      }
      const fg = over(st.color, back.color);
      const ratio = contrastRatio(fg, back.color);
      const need = st.size >= 18 || (st.size >= 14 && st.bold) ? LARGE_RATIO : NORMAL_RATIO;
      if (!worst || ratio / need < worst.ratio / worst.need) worst = { ratio, need, text: textOf(slide.xml, child(r, 't')!).trim(), fg, size: st.size, bold: st.bold };
    }
    if (!worst) {
      skipped.set(unresolved ?? 'nothing', (skipped.get(unresolved ?? 'nothing') ?? 0) + 1);
      return;
    }
    checked++;
    if (worst.ratio >= worst.need) return;
    const name = (cNvPr && attr(cNvPr, 'name')) || 'a text box';
    const excerpt = worst.text.length > 40 ? `${worst.text.slice(0, 40)}…` : worst.text;
    findings.push({
      rule: 'low-contrast',
      slide: slide.number,
      part: slide.part,
      target: (cNvPr && attr(cNvPr, 'id')) || '',
      outcome: 'flagged',
      message: `The text “${excerpt}” in “${name}” has a contrast of ${floor1(worst.ratio)}:1 (${hexOf(worst.fg)} on ${hexOf(back.color)}); ${worst.need === LARGE_RATIO ? 'large' : 'normal'} text (${worst.size} pt${worst.bold ? ' bold' : ''}) needs ${worst.need}:1. Darken the text or lighten what is behind it.`,
      current: `${floor1(worst.ratio)}:1`,
      trust: 'none',
    });
  });
  const notChecked = [...skipped.values()].reduce((a, b) => a + b, 0);
  if (notChecked) {
    const whys = [...skipped.keys()].join(', ');
    findings.push({
      rule: 'low-contrast',
      slide: slide.number,
      part: slide.part,
      target: '',
      outcome: 'not-checked',
      message: `The contrast of ${notChecked} text ${notChecked === 1 ? 'shape' : 'shapes'} on this slide was not checked: behind the text is ${whys}. Check it by eye.`,
      trust: 'none',
    });
  }
  return { findings, checked, notChecked };
}
