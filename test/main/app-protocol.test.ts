/**
 * The UI's own protocol (issue 12: not file://): only the renderer folder's files,
 * with the strict CSP on every answer; nothing outside it, whatever the URL says.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAppProtocolHandler, RENDERER_URL, resolveAppFile } from '../../src/main/app-protocol';
import { CSP } from '../../src/main/security';
import { tempDir } from '../helpers/tmp';

const ROOT = '/opt/AltDeck/resources/app.asar/dist/renderer';

test('app URLs map to files of the renderer folder only', () => {
  assert.equal(resolveAppFile(RENDERER_URL, ROOT), join(ROOT, 'index.html'));
  assert.equal(resolveAppFile('altdeck://app/', ROOT), join(ROOT, 'index.html'));
  assert.equal(resolveAppFile('altdeck://app/app.js?v=1#x', ROOT), join(ROOT, 'app.js'));
  assert.equal(resolveAppFile('altdeck://app/assets/a%20b.png', ROOT), join(ROOT, 'assets', 'a b.png'));
  // a URL's own dot segments are resolved within the origin: still inside the folder
  assert.equal(resolveAppFile('altdeck://app/../main/main.js', ROOT), join(ROOT, 'main', 'main.js'));
  assert.equal(resolveAppFile('altdeck://app/%2e%2e/main/main.js', ROOT), join(ROOT, 'main', 'main.js'));
  // encoded slashes decode to a real "../": refused
  for (const bad of [
    'altdeck://app/%2e%2e%2fmain%2fmain.js',
    'altdeck://app/..%5cmain%5cmain.js',
    'altdeck://app/x%00.js',
    'altdeck://app/%E0%A4%A',
    'altdeck://evil/index.html',
    'altdeck://user:pw@app/index.html',
    'file:///opt/AltDeck/resources/app.asar/dist/renderer/index.html',
    'https://app/index.html',
    'altdeck://app/preload.exe',
    'not a url',
  ]) {
    assert.equal(resolveAppFile(bad, ROOT), null, bad);
  }
});

test('the handler serves files with their type and the CSP; 404 and 405 otherwise', async (t) => {
  const root = join(tempDir(t), 'renderer');
  mkdirSync(root);
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>AltDeck</title>');
  writeFileSync(join(root, 'app.js'), 'console.log(1)');
  writeFileSync(join(root, '..', 'secret.json'), '{"s":1}');
  const handle = createAppProtocolHandler(root);
  const page = await handle(new Request(RENDERER_URL));
  assert.equal(page.status, 200);
  assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
  assert.equal(page.headers.get('content-security-policy'), CSP);
  assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
  assert.match(await page.text(), /<title>AltDeck<\/title>/);
  const js = await handle(new Request('altdeck://app/app.js'));
  assert.equal(js.headers.get('content-type'), 'text/javascript; charset=utf-8');
  const out = await handle(new Request('altdeck://app/%2e%2e%2fsecret.json'));
  assert.equal(out.status, 404);
  assert.equal(out.headers.get('content-security-policy'), CSP);
  assert.equal((await handle(new Request('altdeck://app/missing.js'))).status, 404);
  assert.equal((await handle({ url: RENDERER_URL, method: 'POST' })).status, 405);
});
