import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { CSP, hardenWebContents, isAllowedRequest, isAppUrl, isTrustedSender, secureWebPreferences } from '../../src/main/security';

const APP = 'file:///opt/AltDeck/resources/app.asar/dist/renderer/index.html';

test('window options: isolation, sandbox, no Node', () => {
  const w = secureWebPreferences('/p.js');
  assert.equal(w.contextIsolation, true);
  assert.equal(w.sandbox, true);
  assert.equal(w.nodeIntegration, false);
  assert.equal(w.nodeIntegrationInSubFrames, false);
  assert.equal(w.webSecurity, true);
  assert.equal(w.webviewTag, false);
  assert.equal(w.allowRunningInsecureContent, false);
});

test('CSP forbids remote content, eval and inline script', () => {
  assert.match(CSP, /default-src 'none'/);
  assert.match(CSP, /script-src 'self'(;|$)/);
  assert.match(CSP, /connect-src 'none'/);
  assert.doesNotMatch(CSP, /unsafe-inline|unsafe-eval|https?:/);
});

test('IPC sender check: only our top-level page', () => {
  assert.ok(isTrustedSender({ senderFrame: { url: APP, parent: null } }, APP));
  assert.ok(isTrustedSender({ senderFrame: { url: `${APP}#settings`, parent: null } }, APP));
  assert.ok(!isTrustedSender({ senderFrame: { url: APP, parent: {} } }, APP), 'a subframe');
  assert.ok(!isTrustedSender({ senderFrame: { url: 'https://evil.example/index.html', parent: null } }, APP));
  assert.ok(!isTrustedSender({ senderFrame: { url: 'file:///tmp/index.html', parent: null } }, APP));
  assert.ok(!isTrustedSender({ senderFrame: null }, APP));
  assert.ok(!isAppUrl('not a url', APP));
});

test('requests: only our own app:// files; DevTools only where allowed', () => {
  const root = 'altdeck://app';
  assert.ok(isAllowedRequest(`${root}/app.js`, root));
  assert.ok(isAllowedRequest(`${root}/index.html`, root));
  assert.ok(isAllowedRequest('data:image/png;base64,AAAA', root));
  assert.ok(!isAllowedRequest('devtools://devtools/x', root), 'packaged: no DevTools');
  assert.ok(isAllowedRequest('devtools://devtools/x', root, true), 'from a checkout');
  assert.ok(!isAllowedRequest('https://cdn.example.com/x.js', root));
  assert.ok(!isAllowedRequest('http://127.0.0.1:11434/api/generate', root), 'the renderer never talks to the model server itself');
  assert.ok(!isAllowedRequest('file:///etc/passwd', root));
  assert.ok(!isAllowedRequest('file:///opt/AltDeck/resources/app.asar/dist/renderer/app.js', root), 'not even our own files over file://');
  assert.ok(!isAllowedRequest('altdeck://evil/app.js', root));
  assert.ok(!isAllowedRequest('data:text/html,<script>', root));
});

test('DevTools are off unless asked for (main asks only when not packaged)', () => {
  assert.equal(secureWebPreferences('/p.js').devTools, false);
  assert.equal(secureWebPreferences('/p.js', true).devTools, true);
});

test('navigation, redirects, webviews and new windows are blocked', () => {
  const wc = new EventEmitter() as EventEmitter & { setWindowOpenHandler(fn: (d: { url: string }) => { action: 'deny' }): void; openHandler?: (d: { url: string }) => { action: string } };
  wc.setWindowOpenHandler = (fn) => (wc.openHandler = fn);
  const blocked: string[] = [];
  hardenWebContents(wc as never, (what, url) => blocked.push(`${what} ${url}`));
  for (const ev of ['will-navigate', 'will-redirect']) {
    let prevented = false;
    wc.emit(ev, { preventDefault: () => (prevented = true) }, 'https://evil.example');
    assert.ok(prevented, ev);
  }
  let prevented = false;
  wc.emit('will-attach-webview', { preventDefault: () => (prevented = true) });
  assert.ok(prevented);
  assert.deepEqual(wc.openHandler!({ url: 'https://x' }), { action: 'deny' });
  assert.equal(blocked.length, 4);
});
