/**
 * DrawingML colours as a reader sees them (issue 13, contrast): the theme's colour scheme
 * (ppt/theme/themeN.xml a:clrScheme), the master's p:clrMap (bg1 → lt1, tx1 → dk1…) with a
 * slide's or layout's override, and every colour element (srgbClr, schemeClr, sysClr,
 * prstClr, scrgbClr, hslClr) with the modifiers that change what is drawn: lumMod/lumOff,
 * hueMod/hueOff, satMod/satOff (in HSL), tint and shade (in linear RGB, as Office and
 * LibreOffice apply them), inv, gray, alpha. WCAG 2.1 relative luminance and contrast ratio.
 */
import { attr, child, type XmlNode } from '../xml/tree';

export interface Rgb {
  r: number;
  g: number;
  b: number;
  /** 0–1; below 1 the colour shows what is behind it. */
  alpha: number;
}

export interface ColorContext {
  /** dk1, lt1, dk2, lt2, accent1–6, hlink, folHlink → hex. */
  scheme: Map<string, string>;
  /** bg1, tx1, bg2, tx2, accent1… → scheme slot (dk1, lt1…). */
  clrMap: Map<string, string>;
}

const DEFAULT_MAP: Record<string, string> = { bg1: 'lt1', tx1: 'dk1', bg2: 'lt2', tx2: 'dk2' };

const PRESET: Record<string, string> = {
  black: '000000', white: 'FFFFFF', red: 'FF0000', green: '008000', blue: '0000FF', yellow: 'FFFF00', cyan: '00FFFF',
  magenta: 'FF00FF', gray: '808080', grey: '808080', silver: 'C0C0C0', maroon: '800000', navy: '000080', olive: '808000',
  purple: '800080', teal: '008080', orange: 'FFA500', lime: '00FF00', ltGray: 'D3D3D3', dkGray: 'A9A9A9', darkGray: 'A9A9A9', lightGray: 'D3D3D3',
};
const SYSTEM: Record<string, string> = { windowText: '000000', window: 'FFFFFF', btnText: '000000', btnFace: 'F0F0F0', highlightText: 'FFFFFF', highlight: '0078D7', captionText: '000000', menuText: '000000', menu: 'F0F0F0' };

/** The colour scheme of a theme part. */
export function themeScheme(theme: XmlNode | null | undefined): Map<string, string> {
  const out = new Map<string, string>();
  const te = theme ? child(theme, 'themeElements') : undefined;
  const cs = te ? child(te, 'clrScheme') : undefined;
  for (const slot of cs?.children ?? []) {
    const c = slot.children[0];
    if (!c) continue;
    const hex = c.local === 'srgbClr' ? attr(c, 'val') : c.local === 'sysClr' ? (attr(c, 'lastClr') ?? SYSTEM[attr(c, 'val') ?? '']) : undefined;
    if (hex && /^[0-9a-f]{6}$/i.test(hex)) out.set(slot.local, hex.toUpperCase());
  }
  return out;
}

/** The master's p:clrMap, with a layout's then a slide's a:overrideClrMapping applied (a:masterClrMapping keeps it). */
export function colorMap(master: XmlNode | null | undefined, ...overrides: (XmlNode | null | undefined)[]): Map<string, string> {
  const map = new Map(Object.entries(DEFAULT_MAP));
  const base = master ? child(master, 'clrMap') : undefined;
  for (const a of base?.attrs ?? []) if (!a.name.startsWith('xmlns')) map.set(a.name, a.value);
  for (const part of overrides) {
    const ovr = part ? child(part, 'clrMapOvr') : undefined;
    const o = ovr ? child(ovr, 'overrideClrMapping') : undefined;
    for (const a of o?.attrs ?? []) if (!a.name.startsWith('xmlns')) map.set(a.name, a.value);
  }
  return map;
}

const hexRgb = (hex: string): Rgb => ({ r: parseInt(hex.slice(0, 2), 16) / 255, g: parseInt(hex.slice(2, 4), 16) / 255, b: parseInt(hex.slice(4, 6), 16) / 255, alpha: 1 });
const toLinear = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
const fromLinear = (c: number) => (c <= 0.0031308 ? c * 12.92 : 1.055 * c ** (1 / 2.4) - 0.055);
const clamp = (v: number) => Math.max(0, Math.min(1, v));

function toHsl({ r, g, b }: Rgb): [number, number, number] {
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const l = (max + min) / 2;
  if (max === min) return [0, 0, l];
  const d = max - min;
  const s = l > 0.5 ? d / (2 - max - min) : d / (max + min);
  const h = max === r ? (g - b) / d + (g < b ? 6 : 0) : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  return [h * 60, s, l];
}

function fromHsl(h: number, s: number, l: number, alpha: number): Rgb {
  if (s === 0) return { r: l, g: l, b: l, alpha };
  const q = l < 0.5 ? l * (1 + s) : l + s - l * s;
  const p = 2 * l - q;
  const hue = (t: number) => {
    t = ((t % 1) + 1) % 1;
    if (t < 1 / 6) return p + (q - p) * 6 * t;
    if (t < 1 / 2) return q;
    if (t < 2 / 3) return p + (q - p) * (2 / 3 - t) * 6;
    return p;
  };
  const k = h / 360;
  return { r: hue(k + 1 / 3), g: hue(k), b: hue(k - 1 / 3), alpha };
}

function modify(c: Rgb, mods: XmlNode[]): Rgb {
  let out = { ...c };
  for (const m of mods) {
    const v = Number(attr(m, 'val')) / 100000;
    if (!Number.isFinite(v) && !['inv', 'gray', 'comp'].includes(m.local)) continue;
    switch (m.local) {
      case 'lumMod':
      case 'lumOff':
      case 'satMod':
      case 'satOff':
      case 'hueMod':
      case 'hueOff': {
        let [h, s, l] = toHsl(out);
        if (m.local === 'lumMod') l = clamp(l * v);
        if (m.local === 'lumOff') l = clamp(l + v);
        if (m.local === 'satMod') s = clamp(s * v);
        if (m.local === 'satOff') s = clamp(s + v);
        if (m.local === 'hueMod') h = (h * v) % 360;
        if (m.local === 'hueOff') h = (h + (Number(attr(m, 'val')) / 60000)) % 360;
        out = fromHsl(h, s, l, out.alpha);
        break;
      }
      case 'tint':
        out = { r: fromLinear(1 - (1 - toLinear(out.r)) * v), g: fromLinear(1 - (1 - toLinear(out.g)) * v), b: fromLinear(1 - (1 - toLinear(out.b)) * v), alpha: out.alpha };
        break;
      case 'shade':
        out = { r: fromLinear(toLinear(out.r) * v), g: fromLinear(toLinear(out.g) * v), b: fromLinear(toLinear(out.b) * v), alpha: out.alpha };
        break;
      case 'inv':
        out = { r: 1 - out.r, g: 1 - out.g, b: 1 - out.b, alpha: out.alpha };
        break;
      case 'gray': {
        const y = 0.2126 * out.r + 0.7152 * out.g + 0.0722 * out.b;
        out = { r: y, g: y, b: y, alpha: out.alpha };
        break;
      }
      case 'alpha':
        out.alpha = clamp(v);
        break;
      default:
        break;
    }
  }
  return out;
}

/**
 * The colour a colour element draws, or null when it cannot be known (an unknown scheme
 * slot, `phClr` without the colour it stands for).
 */
export function resolveColor(el: XmlNode | undefined, ctx: ColorContext, phClr: Rgb | null = null): Rgb | null {
  if (!el) return null;
  let base: Rgb | null = null;
  switch (el.local) {
    case 'srgbClr': {
      const v = attr(el, 'val') ?? '';
      base = /^[0-9a-f]{6}$/i.test(v) ? hexRgb(v) : null;
      break;
    }
    case 'sysClr': {
      const v = attr(el, 'lastClr') ?? SYSTEM[attr(el, 'val') ?? ''];
      base = v && /^[0-9a-f]{6}$/i.test(v) ? hexRgb(v) : null;
      break;
    }
    case 'prstClr': {
      const v = PRESET[attr(el, 'val') ?? ''];
      base = v ? hexRgb(v) : null;
      break;
    }
    case 'scrgbClr': {
      const p = (n: string) => fromLinear(clamp(Number(attr(el, n)) / 100000));
      base = { r: p('r'), g: p('g'), b: p('b'), alpha: 1 };
      if ([base.r, base.g, base.b].some((x) => !Number.isFinite(x))) base = null;
      break;
    }
    case 'hslClr':
      base = fromHsl(Number(attr(el, 'hue')) / 60000, Number(attr(el, 'sat')) / 100000, Number(attr(el, 'lum')) / 100000, 1);
      break;
    case 'schemeClr': {
      const v = attr(el, 'val') ?? '';
      if (v === 'phClr') base = phClr ? { ...phClr } : null;
      else {
        const slot = ctx.clrMap.get(v) ?? v;
        const hex = ctx.scheme.get(slot);
        base = hex ? hexRgb(hex) : null;
      }
      break;
    }
    default:
      return null;
  }
  return base ? modify(base, el.children) : null;
}

/** The colour element inside a fill or colour holder (a:solidFill, a:fontRef, p:bgRef…). */
export function colorChild(holder: XmlNode | undefined): XmlNode | undefined {
  return holder?.children.find((c) => /^(srgbClr|schemeClr|sysClr|prstClr|scrgbClr|hslClr)$/.test(c.local));
}

export function relativeLuminance(c: Rgb): number {
  return 0.2126 * toLinear(c.r) + 0.7152 * toLinear(c.g) + 0.0722 * toLinear(c.b);
}

/** WCAG 2.1 contrast ratio (1–21). */
export function contrastRatio(a: Rgb, b: Rgb): number {
  const la = relativeLuminance(a);
  const lb = relativeLuminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** Text over a colour: a semi-transparent text colour blended over it (the ratio PowerPoint's checker computes the same way). */
export function over(top: Rgb, under: Rgb): Rgb {
  const a = top.alpha;
  return { r: top.r * a + under.r * (1 - a), g: top.g * a + under.g * (1 - a), b: top.b * a + under.b * (1 - a), alpha: 1 };
}

export function hexOf(c: Rgb): string {
  const h = (v: number) => Math.round(clamp(v) * 255).toString(16).padStart(2, '0');
  return `#${h(c.r)}${h(c.g)}${h(c.b)}`.toUpperCase();
}
