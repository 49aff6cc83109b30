/**
 * A small, tolerant XML tag scanner: enough to count elements and read attributes
 * of OOXML parts quickly, without building a tree. Namespace prefixes are dropped
 * (strict OOXML and odd writers use other prefixes); callers match local names.
 */

export type TagKind = 'open' | 'close' | 'empty';

export interface Tag {
  kind: TagKind;
  /** Local name, prefix removed. */
  name: string;
  /** Raw attribute text; read it with attr(). */
  attrs: string;
}

const TOKEN =
  /<(\/?)([A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<![^>]*>|</g;

/**
 * Calls `onTag` for every element tag. Returns a description of the first
 * well-formedness problem seen (unbalanced or unparsable tag), or null.
 */
export function scanTags(xml: string, onTag: (tag: Tag) => void): string | null {
  const stack: string[] = [];
  let problem: string | null = null;
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(xml); m; m = TOKEN.exec(xml)) {
    const local = m[3];
    if (local === undefined) {
      if (m[0] === '<' && !problem) problem = `unparsable markup at offset ${m.index}`;
      continue;
    }
    const qname = (m[2] ?? '') + local;
    if (m[1]) {
      const top = stack.pop();
      if (top !== qname && !problem) problem = `</${qname}> closes <${top ?? 'nothing'}>`;
      onTag({ kind: 'close', name: local, attrs: '' });
    } else if (m[5]) {
      onTag({ kind: 'empty', name: local, attrs: m[4] });
    } else {
      stack.push(qname);
      onTag({ kind: 'open', name: local, attrs: m[4] });
    }
  }
  if (!problem && stack.length) problem = `<${stack[stack.length - 1]}> is never closed`;
  return problem;
}

const elementPatterns = new Map<string, RegExp>();

/**
 * Like scanTags, but only for the named elements: a slide of several megabytes is
 * scanned in milliseconds. The well-formedness check is limited accordingly: the
 * named elements must balance and the root element must be closed at the end
 * (which catches truncated parts); full validation is the processor's job.
 */
export function scanElements(xml: string, names: readonly string[], onTag: (tag: Tag) => void): string | null {
  const key = names.join('|');
  let re = elementPatterns.get(key);
  if (!re) {
    re = new RegExp(`<(/?)([A-Za-z_][\\w.\\-]*:)?(${key})(?=[\\s/>])((?:[^>"']|"[^"]*"|'[^']*')*?)(/?)>`, 'g');
    elementPatterns.set(key, re);
  }
  const stack: string[] = [];
  let problem: string | null = null;
  re.lastIndex = 0;
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    const qname = (m[2] ?? '') + m[3];
    if (m[1]) {
      const top = stack.pop();
      if (top !== qname && !problem) problem = `</${qname}> closes <${top ?? 'nothing'}>`;
      onTag({ kind: 'close', name: m[3], attrs: '' });
    } else if (m[5]) {
      onTag({ kind: 'empty', name: m[3], attrs: m[4] });
    } else {
      stack.push(qname);
      onTag({ kind: 'open', name: m[3], attrs: m[4] });
    }
  }
  if (!problem && stack.length) problem = `<${stack[stack.length - 1]}> is never closed`;
  if (!problem) {
    const root = rootElement(xml);
    if (!root) problem = 'no root element';
    else if (!root.selfClosing && !new RegExp(`</${root.qname.replace(/[.\-]/g, '\\$&')}\\s*>\\s*$`).test(xml)) problem = `<${root.qname}> is never closed (cut short?)`;
  }
  return problem;
}

/** The document element: its qualified name and its attribute text. */
export function rootElement(xml: string): { qname: string; name: string; attrs: string; selfClosing: boolean } | null {
  const re = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<![^>]*>|<(([A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*))((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>/g;
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    if (m[1]) return { qname: m[1], name: m[3], attrs: m[4], selfClosing: m[5] === '/' };
  }
  return null;
}

const attrPatterns = new Map<string, RegExp>();

/**
 * Attribute value by name, entities decoded; null when absent. `name` may be
 * `descr` (unprefixed only) or `*:id` (any prefixed `id`, e.g. r:id in any namespace prefix).
 */
export function attr(attrs: string, name: string): string | null {
  let re = attrPatterns.get(name);
  if (!re) {
    re = name.startsWith('*:')
      ? new RegExp(`(?:^|\\s)[A-Za-z_][\\w.\\-]*:${name.slice(2)}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`)
      : new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`);
    attrPatterns.set(name, re);
  }
  const m = re.exec(attrs);
  if (!m) return null;
  return decodeEntities(m[1] ?? m[2] ?? '');
}

export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) => {
    switch (e) {
      case 'amp':
        return '&';
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
    }
    const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
  });
}

/** Text of an XML part, honouring a UTF-16 byte order mark. */
export function decodeXml(buf: Buffer): string {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return buf.toString('utf16le', 2);
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    const swapped = Buffer.from(buf.subarray(2, 2 + ((buf.length - 2) & ~1)));
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  return buf.toString('utf8');
}
