/**
 * The UI is served from our own `altdeck://app/` protocol, never from file://: a
 * file:// page shares its origin with every file on the disk, while this origin
 * holds only the renderer folder. Plain functions over the Fetch API's Request and
 * Response (global in Node and Electron), so they are tested without Electron;
 * main registers them with protocol.registerSchemesAsPrivileged / protocol.handle.
 */
import { readFile } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { CSP } from './security';

export const APP_SCHEME = 'altdeck';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const RENDERER_URL = `${APP_ORIGIN}/index.html`;

/**
 * Registered before the app is ready. `standard` gives the page a real origin (relative
 * URLs, storage scoped to it); `secure` makes it a secure context like https. No fetch,
 * CORS or service workers: the page loads its own script and style, nothing else.
 */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: false, corsEnabled: false, allowServiceWorkers: false, bypassCSP: false, stream: false },
} as const;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** The file under `root` an app URL names, or null for anything else (other host, `..`, NUL, unknown type). */
export function resolveAppFile(url: string, root: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST || u.username || u.password) return null;
  let path: string;
  try {
    path = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  if (path.includes('\0') || path.includes('\\')) return null;
  const file = resolve(root, `.${path === '/' ? '/index.html' : path}`);
  const rel = relative(resolve(root), file);
  if (!rel || rel.startsWith('..') || isAbsolute(rel) || rel.split(sep).includes('..')) return null;
  if (!CONTENT_TYPES[extname(file).toLowerCase()]) return null;
  return file;
}

/** The protocol handler: GET of the renderer's own files, with the CSP on every answer. */
export function createAppProtocolHandler(root: string, read: (file: string) => Promise<Buffer> = readFile) {
  const headers = (type: string) => ({ 'Content-Type': type, 'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' });
  return async (request: { url: string; method: string }): Promise<Response> => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response('method not allowed', { status: 405, headers: headers('text/plain') });
    const file = resolveAppFile(request.url, root);
    if (!file) return new Response('not found', { status: 404, headers: headers('text/plain') });
    try {
      const body = await read(file);
      return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers: headers(CONTENT_TYPES[extname(file).toLowerCase()]) });
    } catch {
      return new Response('not found', { status: 404, headers: headers('text/plain') });
    }
  };
}
