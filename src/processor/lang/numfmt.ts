/**
 * Numbers and dates as a chart shows them: Excel number format codes
 * (c:numFmt/@formatCode, c:numCache/c:formatCode) applied to cached values,
 * written in the slide's language. A date axis stores Excel serial numbers
 * (37261 = 5 January 2002); the format code says it is a date and which parts
 * it shows, the language says how they are written. Pure functions.
 */
import type { Lang } from './languages';

export interface NumberFormat {
  kind: 'general' | 'number' | 'percent' | 'scientific' | 'date' | 'text';
  decimals: number;
  /** Thousands separators ("#,##0"); General and "0.0" show none (a year stays 2019). */
  grouping?: boolean;
  prefix: string;
  suffix: string;
  date?: Intl.DateTimeFormatOptions;
}

const GENERAL: NumberFormat = { kind: 'general', decimals: 0, prefix: '', suffix: '' };

/** The first section of a format code, with colours, conditions and locale tags removed and literals kept apart. */
function tokens(section: string): { code: string; literals: Array<{ at: number; text: string }> } {
  let code = '';
  const literals: Array<{ at: number; text: string }> = [];
  for (let i = 0; i < section.length; i++) {
    const c = section[i];
    if (c === '"') {
      const e = section.indexOf('"', i + 1);
      const text = section.slice(i + 1, e < 0 ? section.length : e);
      literals.push({ at: code.length, text });
      i = e < 0 ? section.length : e;
    } else if (c === '\\') {
      literals.push({ at: code.length, text: section[i + 1] ?? '' });
      i++;
    } else if (c === '[') {
      const e = section.indexOf(']', i);
      const inner = section.slice(i + 1, e < 0 ? section.length : e);
      // [$€-407] is a currency symbol with its locale; [$-409] a locale alone; [Red], [>=100] drop
      const m = /^\$([^-]*)/.exec(inner);
      if (m && m[1]) literals.push({ at: code.length, text: m[1] });
      i = e < 0 ? section.length : e;
    } else if (c === '_' || c === '*') {
      i++; // spacing: "_)" leaves room for a parenthesis, "* " fills
    } else code += c;
  }
  return { code, literals };
}

function splitSections(formatCode: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < formatCode.length; i++) {
    const c = formatCode[i];
    if (c === '"') quoted = !quoted;
    if (c === '\\' && !quoted) {
      cur += c + (formatCode[i + 1] ?? '');
      i++;
      continue;
    }
    if (c === ';' && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/** What a format code shows. Unknown or empty codes are "General". */
export function parseNumberFormat(formatCode: string | null | undefined): NumberFormat {
  if (!formatCode || /^general$/i.test(formatCode.trim())) return GENERAL;
  const { code, literals } = tokens(splitSections(formatCode)[0]);
  if (code.trim() === '@') return { ...GENERAL, kind: 'text' };
  const lower = code.toLowerCase();
  const digits = /[0#?]/.test(lower);
  const dateish = /[ydhs]/.test(lower.replace(/e\+|e-/g, '')) || (/m/.test(lower) && !digits);
  if (dateish && !/[0#?]\.?[0#?]*e/i.test(lower)) {
    const date: Intl.DateTimeFormatOptions = { timeZone: 'UTC' };
    const runs = lower.match(/y+|m+|d+|h+|s+/g) ?? [];
    runs.forEach((r, i) => {
      if (r[0] === 'y') date.year = 'numeric';
      else if (r[0] === 'd') {
        if (r.length >= 4) date.weekday = 'long';
        else if (r.length === 3) date.weekday = 'short';
        else date.day = 'numeric';
      } else if (r[0] === 'h') date.hour = 'numeric';
      else if (r[0] === 's') date.second = '2-digit';
      else {
        // m after h or before s is minutes
        const minutes = runs[i - 1]?.[0] === 'h' || runs[i + 1]?.[0] === 's';
        if (minutes) date.minute = '2-digit';
        else date.month = r.length >= 5 ? 'narrow' : r.length === 4 ? 'long' : r.length === 3 ? 'short' : 'numeric';
      }
    });
    return { kind: 'date', decimals: 0, prefix: '', suffix: '', date };
  }
  if (!digits) return GENERAL;
  const firstDigit = code.search(/[0#?]/);
  let lastDigit = -1;
  for (let i = code.length - 1; i >= 0; i--) {
    if (/[0#?%]/.test(code[i])) {
      lastDigit = i;
      break;
    }
  }
  const body = code.slice(firstDigit, lastDigit + 1);
  const frac = /\.([0#?]*)/.exec(body);
  const decimals = frac ? frac[1].length : 0;
  const literalText = (from: number, to: number) => literals.filter((l) => l.at >= from && l.at <= to).map((l) => l.text).join('');
  const raw = (s: string) => s.replace(/[^$€£¥₹₽ ]/g, '');
  const prefix = (raw(code.slice(0, firstDigit)) + literalText(0, firstDigit)).trimStart();
  const suffix = (raw(code.slice(lastDigit + 1)) + literalText(lastDigit + 1, Infinity)).trimEnd();
  if (/e[+-]/i.test(body)) return { kind: 'scientific', decimals, prefix, suffix };
  const grouping = body.includes(',');
  if (body.includes('%')) return { kind: 'percent', decimals, grouping, prefix, suffix };
  return { kind: 'number', decimals, grouping, prefix, suffix };
}

/** An Excel serial day number as a UTC date (1900 system with its phantom 29 February 1900, or 1904). */
export function excelSerialToDate(serial: number, date1904 = false): Date {
  if (date1904) return new Date(Date.UTC(1904, 0, 1) + serial * 86400000);
  const days = serial < 60 ? serial : serial - 1; // Lotus' 1900-02-29 does not exist
  return new Date(Date.UTC(1899, 11, 31) + Math.round(days * 86400000));
}

/**
 * A cached value as the chart shows it, in `lang`. Non-numeric text is returned
 * unchanged (it is the author's).
 */
export function formatValue(lang: Lang, raw: string, fmt: NumberFormat, date1904 = false): string {
  const v = raw.trim();
  const n = Number(v);
  if (v === '' || !Number.isFinite(n) || fmt.kind === 'text') return raw;
  switch (fmt.kind) {
    case 'date':
      return new Intl.DateTimeFormat(lang, fmt.date).format(excelSerialToDate(n, date1904));
    case 'percent':
      return fmt.prefix + new Intl.NumberFormat(lang, { style: 'percent', minimumFractionDigits: fmt.decimals, maximumFractionDigits: fmt.decimals, useGrouping: !!fmt.grouping }).format(n) + fmt.suffix;
    case 'scientific':
      return fmt.prefix + new Intl.NumberFormat(lang, { notation: 'scientific', maximumFractionDigits: fmt.decimals }).format(n) + fmt.suffix;
    case 'number':
      return fmt.prefix + new Intl.NumberFormat(lang, { minimumFractionDigits: fmt.decimals, maximumFractionDigits: fmt.decimals, useGrouping: !!fmt.grouping }).format(n) + fmt.suffix;
    default: {
      // General: no separators (a year stays 2019), and rounded for reading aloud: a cell's
      // 32.70870299 is "32.71"; 0.000123 keeps three significant digits
      const a = Math.abs(n);
      const digits: Intl.NumberFormatOptions = a === 0 || a >= 100 ? { maximumFractionDigits: 1 } : a >= 1 ? { maximumFractionDigits: 2 } : { maximumSignificantDigits: 3 };
      return new Intl.NumberFormat(lang, { ...digits, useGrouping: false }).format(n);
    }
  }
}
