/**
 * A small position-keeping XML reader. It builds an element tree whose nodes
 * remember where their start tag, attribute values and end tag sit in the
 * source string, so that edits can be spliced in without re-serialising a part
 * (which would reorder namespaces, change quoting and break byte preservation).
 *
 * It is not a validating parser: it accepts what PowerPoint, LibreOffice and
 * friends write, and throws XmlSyntaxError on anything it cannot make sense of,
 * so the caller can leave that part untouched.
 */
import { decodeEntities } from './escape';

export class XmlSyntaxError extends Error {
  constructor(message: string, public readonly position: number) {
    super(`${message} at offset ${position}`);
  }
}

export interface XmlAttr {
  name: string;
  value: string; // decoded
  quote: '"' | "'";
  /** Offsets of the raw value (inside the quotes) in the source. */
  valueStart: number;
  valueEnd: number;
}

export interface XmlNode {
  name: string;
  local: string;
  prefix: string;
  attrs: XmlAttr[];
  /** Offset of '<' of the start tag. */
  start: number;
  /** Offset just after the '>' of the start tag. */
  tagEnd: number;
  /** Offset of the last attribute's end (or of the name's end) inside the start tag: where a new attribute goes. */
  attrInsert: number;
  selfClosing: boolean;
  /** Offset of '<' of the end tag (= tagEnd for self-closing). */
  closeStart: number;
  /** Offset just after the element. */
  end: number;
  children: XmlNode[];
  parent: XmlNode | null;
}

const NAME_RE = /[^\s/>=]+/y;
const ATTR_RE = /\s*([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/y;

function makeNode(name: string, start: number, parent: XmlNode | null): XmlNode {
  const colon = name.indexOf(':');
  return {
    name,
    local: colon >= 0 ? name.slice(colon + 1) : name,
    prefix: colon >= 0 ? name.slice(0, colon) : '',
    attrs: [],
    start,
    tagEnd: start,
    attrInsert: start,
    selfClosing: false,
    closeStart: start,
    end: start,
    children: [],
    parent,
  };
}

/** Parse a whole part; returns the document element. */
export function parseXml(xml: string): XmlNode {
  const docRoot = makeNode('#document', 0, null);
  const stack: XmlNode[] = [docRoot];
  let i = 0;
  const n = xml.length;
  while (i < n) {
    const lt = xml.indexOf('<', i);
    if (lt < 0) break;
    if (xml.startsWith('<!--', lt)) {
      const e = xml.indexOf('-->', lt + 4);
      if (e < 0) throw new XmlSyntaxError('unterminated comment', lt);
      i = e + 3;
      continue;
    }
    if (xml.startsWith('<![CDATA[', lt)) {
      const e = xml.indexOf(']]>', lt + 9);
      if (e < 0) throw new XmlSyntaxError('unterminated CDATA', lt);
      i = e + 3;
      continue;
    }
    if (xml.startsWith('<?', lt)) {
      const e = xml.indexOf('?>', lt + 2);
      if (e < 0) throw new XmlSyntaxError('unterminated processing instruction', lt);
      i = e + 2;
      continue;
    }
    if (xml.startsWith('<!', lt)) {
      // DOCTYPE: OOXML never has an internal subset worth honouring
      const e = xml.indexOf('>', lt + 2);
      if (e < 0) throw new XmlSyntaxError('unterminated declaration', lt);
      i = e + 1;
      continue;
    }
    if (xml[lt + 1] === '/') {
      const e = xml.indexOf('>', lt + 2);
      if (e < 0) throw new XmlSyntaxError('unterminated end tag', lt);
      const name = xml.slice(lt + 2, e).trim();
      const top = stack[stack.length - 1];
      if (stack.length === 1 || top.name !== name) throw new XmlSyntaxError(`mismatched end tag </${name}>`, lt);
      top.closeStart = lt;
      top.end = e + 1;
      stack.pop();
      i = e + 1;
      continue;
    }
    NAME_RE.lastIndex = lt + 1;
    const m = NAME_RE.exec(xml);
    if (!m || m.index !== lt + 1) throw new XmlSyntaxError('bad start tag', lt);
    const parent = stack[stack.length - 1];
    const node = makeNode(m[0], lt, parent);
    let p = lt + 1 + m[0].length;
    node.attrInsert = p;
    for (;;) {
      ATTR_RE.lastIndex = p;
      const a = ATTR_RE.exec(xml);
      if (!a) break;
      const dq = a[2] !== undefined;
      const raw = dq ? a[2] : a[3];
      const valueEnd = ATTR_RE.lastIndex - 1;
      node.attrs.push({
        name: a[1],
        value: decodeEntities(raw),
        quote: dq ? '"' : "'",
        valueStart: valueEnd - raw.length,
        valueEnd,
      });
      p = ATTR_RE.lastIndex;
      node.attrInsert = p;
    }
    while (p < n && /\s/.test(xml[p])) p++;
    if (xml[p] === '/' && xml[p + 1] === '>') {
      node.selfClosing = true;
      node.tagEnd = p + 2;
      node.closeStart = node.tagEnd;
      node.end = node.tagEnd;
      parent.children.push(node);
      i = node.tagEnd;
      continue;
    }
    if (xml[p] !== '>') throw new XmlSyntaxError(`bad attribute in <${node.name}>`, p);
    node.tagEnd = p + 1;
    parent.children.push(node);
    stack.push(node);
    i = node.tagEnd;
  }
  if (stack.length !== 1) throw new XmlSyntaxError(`unclosed <${stack[stack.length - 1].name}>`, n);
  const root = docRoot.children[0];
  if (!root) throw new XmlSyntaxError('no document element', 0);
  root.parent = null;
  return root;
}

export function attr(node: XmlNode, name: string): string | undefined {
  for (const a of node.attrs) if (a.name === name) return a.value;
  return undefined;
}

/**
 * A namespaced attribute by local name, ignoring its prefix (r:embed, r:id across
 * transitional and strict). Prefixed attributes win: p:sldId has both id and r:id.
 */
export function attrLocal(node: XmlNode, local: string): string | undefined {
  let plain: string | undefined;
  for (const a of node.attrs) {
    if (a.name.startsWith('xmlns')) continue;
    const c = a.name.indexOf(':');
    if (c >= 0 && a.name.slice(c + 1) === local) return a.value;
    if (c < 0 && a.name === local) plain = a.value;
  }
  return plain;
}

export function child(node: XmlNode, local: string): XmlNode | undefined {
  return node.children.find((c) => c.local === local);
}

export function children(node: XmlNode, local: string): XmlNode[] {
  return node.children.filter((c) => c.local === local);
}

/** First descendant with the given local name, depth first (iterative: hostile nesting cannot overflow the stack). */
export function find(node: XmlNode, local: string): XmlNode | undefined {
  const stack = [...node.children].reverse();
  while (stack.length) {
    const n = stack.pop()!;
    if (n.local === local) return n;
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
  }
  return undefined;
}

export function findAll(node: XmlNode, local: string, out: XmlNode[] = []): XmlNode[] {
  const stack = [...node.children].reverse();
  while (stack.length) {
    const n = stack.pop()!;
    if (n.local === local) out.push(n);
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
  }
  return out;
}

/** Decoded text content of an element (text nodes and CDATA, all descendants). */
export function textOf(xml: string, node: XmlNode): string {
  if (node.selfClosing) return '';
  const inner = xml.slice(node.tagEnd, node.closeStart);
  let out = '';
  let i = 0;
  while (i < inner.length) {
    const lt = inner.indexOf('<', i);
    const stop = lt < 0 ? inner.length : lt;
    out += decodeEntities(inner.slice(i, stop));
    if (lt < 0) break;
    if (inner.startsWith('<![CDATA[', lt)) {
      const e = inner.indexOf(']]>', lt);
      out += inner.slice(lt + 9, e < 0 ? inner.length : e);
      i = e < 0 ? inner.length : e + 3;
    } else {
      const e = inner.indexOf('>', lt);
      i = e < 0 ? inner.length : e + 1;
    }
  }
  return out;
}

/** Namespace prefix bound to `uri` on the root element ('' if default, undefined if none). */
export function prefixFor(root: XmlNode, uri: string): string | undefined {
  for (const a of root.attrs) {
    if (a.value !== uri) continue;
    if (a.name === 'xmlns') return '';
    if (a.name.startsWith('xmlns:')) return a.name.slice(6);
  }
  return undefined;
}
