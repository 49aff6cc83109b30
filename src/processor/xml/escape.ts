/**
 * Attribute escaping and entity decoding for targeted edits of OOXML parts.
 * We never re-serialise a part, so these two functions are the whole contract
 * between a JS string and the bytes we splice into a start tag.
 */

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decode predefined entities and character references (&#xA; &#10;). Unknown entities are kept verbatim. */
export function decodeEntities(raw: string): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z][A-Za-z0-9]*);/g, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      if (!Number.isFinite(code) || code > 0x10ffff) return whole;
      try {
        return String.fromCodePoint(code);
      } catch {
        return whole;
      }
    }
    return NAMED[ref] ?? whole;
  });
}

/** True for code points XML 1.0 allows in a document. */
function xmlAllowed(cp: number): boolean {
  return (
    cp === 0x9 ||
    cp === 0xa ||
    cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

/** Remove characters XML cannot carry at all (C0 controls, lone surrogates, U+FFFE/FFFF). */
export function stripXmlForbidden(text: string): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    // a lone surrogate iterates as one UTF-16 unit in the surrogate range
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    if (xmlAllowed(cp)) out += ch;
  }
  return out;
}

/**
 * Escape a value for a double- or single-quoted attribute. Whitespace other than
 * the space becomes a character reference, because attribute-value normalisation
 * would otherwise turn a newline into a space when the deck is read back.
 */
export function escapeAttr(value: string, quote: '"' | "'" = '"'): string {
  const clean = stripXmlForbidden(value);
  let out = '';
  for (const ch of clean) {
    switch (ch) {
      case '&':
        out += '&amp;';
        break;
      case '<':
        out += '&lt;';
        break;
      case '>':
        out += '&gt;';
        break;
      case '"':
        out += quote === '"' ? '&quot;' : ch;
        break;
      case "'":
        out += quote === "'" ? '&apos;' : ch;
        break;
      case '\n':
        out += '&#xA;';
        break;
      case '\r':
        out += '&#xD;';
        break;
      case '\t':
        out += '&#x9;';
        break;
      default:
        out += ch;
    }
  }
  return out;
}

/** Escape text content (between tags). */
export function escapeText(value: string): string {
  return stripXmlForbidden(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
