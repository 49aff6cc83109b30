/**
 * The window's security rules, as plain functions over small interfaces so they are
 * unit-tested without Electron. The renderer loads only our bundled file; it may not
 * navigate, open windows, embed webviews, ask for permissions or reach the network.
 */

/** No remote content at all: scripts and styles from our own file only, no eval. */
export const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The options every AltDeck window is created with; DevTools only outside a packaged build. */
export function secureWebPreferences(preload: string, devTools = false) {
  return {
    preload,
    devTools,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    // Middle-click could open links outside the window's navigation rules.
    disableBlinkFeatures: 'Auxclick',
    navigateOnDragDrop: false,
    spellcheck: false,
    webviewTag: false,
  } as const;
}

/** True when `url` is exactly our renderer page (query and hash ignored). */
export function isAppUrl(url: string | undefined | null, rendererUrl: string): boolean {
  if (!url) return false;
  try {
    const a = new URL(url);
    const b = new URL(rendererUrl);
    return a.protocol === b.protocol && a.host === b.host && a.pathname === b.pathname;
  } catch {
    return false;
  }
}

/** IPC is only answered for our own top-level page, never a frame or a foreign page. */
export function isTrustedSender(
  event: { senderFrame?: { url: string; parent: unknown } | null },
  rendererUrl: string,
): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent) return false;
  return isAppUrl(frame.url, rendererUrl);
}

/**
 * Only our app's own URLs (same scheme and host, under `appRoot`'s path: the
 * altdeck://app/ protocol), data: images, and DevTools where they are allowed
 * (never in a packaged build).
 */
export function isAllowedRequest(url: string, appRoot: string, allowDevTools = false): boolean {
  if (url.startsWith('data:image/')) return true;
  if (url.startsWith('devtools:')) return allowDevTools;
  try {
    const u = new URL(url);
    const root = new URL(appRoot.endsWith('/') ? appRoot : `${appRoot}/`);
    if (u.protocol !== root.protocol || u.host !== root.host) return false;
    return decodeURIComponent(u.pathname).startsWith(decodeURIComponent(root.pathname));
  } catch {
    return false;
  }
}

export interface WebContentsLike {
  on(event: 'will-navigate' | 'will-redirect', fn: (e: { preventDefault(): void }, url: string) => void): unknown;
  on(event: 'will-attach-webview', fn: (e: { preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(fn: (d: { url: string }) => { action: 'deny' }): void;
}

export function hardenWebContents(contents: WebContentsLike, onBlocked: (what: string, url: string) => void): void {
  contents.on('will-navigate', (e, url) => {
    e.preventDefault();
    onBlocked('navigation', url);
  });
  contents.on('will-redirect', (e, url) => {
    e.preventDefault();
    onBlocked('redirect', url);
  });
  contents.on('will-attach-webview', (e) => {
    e.preventDefault();
    onBlocked('webview', '');
  });
  contents.setWindowOpenHandler(({ url }) => {
    onBlocked('new window', url);
    return { action: 'deny' };
  });
}
