/**
 * What the two HTML reports (html.ts, dry-run-html.ts) share: the page around their
 * content, self-contained (no URL) under a CSP that allows only the page's own style
 * and script by their hashes, escaping, and dates.
 */
import { createHash } from 'node:crypto';

export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export const sha256Base64 = (text: string) => createHash('sha256').update(text, 'utf8').digest('base64');

/**
 * The page's CSP: its own style by hash, with `images` the inline data: pictures we make,
 * with `script` its own script by hash (never 'unsafe-inline').
 */
export function reportCsp(css: string, opts: { images?: boolean; script?: string } = {}): string {
  const script = opts.script ? ` script-src 'sha256-${sha256Base64(opts.script)}';` : '';
  return `default-src 'none';${opts.images ? ' img-src data:;' : ''} style-src 'sha256-${sha256Base64(css)}';${script} base-uri 'none'; form-action 'none'`;
}

export function dateText(ms: number): string {
  // ISO in UTC: the same on every machine, sortable, and unambiguous between countries.
  return new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

/** The document around a report's content: `title` is text, `main` is HTML ending in a newline; `script` runs last. */
export function reportPage(title: string, css: string, csp: string, main: string, script?: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>${css}</style>
</head>
<body>
<main>
${main}</main>
${script ? `<script>${script}</script>\n` : ''}</body>
</html>
`;
}
