/**
 * E2E plumbing: build the renderer, run the engine host as a child process, launch
 * Debian's Chromium with puppeteer-core, and wire the page's `window.altdeck` to
 * main's handler table (page.exposeFunction stands in for Electron's IPC), which
 * reaches the engine's process over the utilityProcess message protocol.
 */
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { REPO_ROOT } from '../helpers/corpus';
import { APP_EVENT_CHANNEL, EVENT_CHANNEL, type AppEvent, type Channel } from '../../src/shared/ipc';
import { createBatchSignals } from '../../src/main/batch-signals';
import { createKeepAwake } from '../../src/main/lifecycle';
import { childChannel, connectEngine, type EngineClient } from '../../src/main/engine-client';
import { createIpcHandlers, type HandlerTable } from '../../src/main/ipc-handlers';
import { openSettingsStore } from '../../src/main/settings-store';

export const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => existsSync(p)) ?? null;
export const chromiumSkip: string | false = CHROMIUM ? false : 'Chromium not installed (apt-get install -y chromium)';
export const SCREENS_DIR = join(REPO_ROOT, 'test-artifacts', 'screens');

/** Builds the production renderer bundle into a temp folder; returns index.html's URL. */
export function buildRenderer(outDir: string): string {
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts', 'build.mjs'), '--only=renderer', `--outdir=${outDir}`], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`renderer build failed: ${r.stderr}${r.stdout}`);
  return pathToFileURL(join(outDir, 'renderer', 'index.html')).href;
}

export async function bundleWebPreload(): Promise<string> {
  const r = await build({
    entryPoints: [join(REPO_ROOT, 'test', 'e2e', 'web-preload.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
  });
  return r.outputFiles[0].text;
}

type HostMsg = { ok: boolean; result?: unknown; error?: string };

/**
 * The app's process boundary, as in Electron: this test process plays main (the
 * handler table main registers, createIpcHandlers, with dialogs and shell stood in),
 * and the engine runs in src/main/engine-host.ts, forked as a Node child speaking the
 * message protocol the utilityProcess speaks (src/shared/ipc.ts HostRequest/HostMessage).
 * The child can be SIGKILLed like a crash.
 */
export class EngineHost {
  readonly child: ChildProcess;
  readonly ready: Promise<void>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Paths the app asked the system to open (shell.openPath). */
  readonly opened: string[] = [];
  readonly client: EngineClient;
  private readonly handlers: HandlerTable;
  private stderr = '';
  private shuttingDown = false;
  onEvents: (events: unknown[]) => void = () => {};
  onAppEvent: (event: AppEvent) => void = () => {};
  /** What main would show outside the window: notifications, taskbar progress, the sleep blocker. */
  readonly notifications: Array<{ title: string; body: string }> = [];
  readonly progressBar: number[] = [];
  readonly sleepBlocked: boolean[] = [];

  constructor(home: string, env: NodeJS.ProcessEnv = {}) {
    this.child = fork(join(REPO_ROOT, 'src', 'main', 'engine-host.ts'), [], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      execArgv: ['--import', 'tsx'],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    this.child.stderr!.on('data', (d: Buffer) => (this.stderr = (this.stderr + d.toString()).slice(-8000)));
    this.exited = new Promise((r) => this.child.on('exit', (code, signal) => r({ code, signal })));
    this.client = connectEngine(() => childChannel(this.child), { home });
    // As main does (src/main/main.ts): keep-awake, taskbar progress and the finish notification from the same events.
    const keepAwake = createKeepAwake(
      { start: () => (this.sleepBlocked.push(true), 1), stop: () => void this.sleepBlocked.push(false) },
      (active) => this.onAppEvent({ type: 'keep-awake', active }),
    );
    const signals = createBatchSignals({ setProgress: (v) => void this.progressBar.push(v), notify: (title, body) => void this.notifications.push({ title, body }) });
    this.client.onEvents((events) => {
      for (const e of events) keepAwake.onEvent(e);
      signals.onEvents(events);
      this.onEvents(events);
    });
    this.ready = this.client.ready;
    this.handlers = createIpcHandlers(this.client.engine, {
      settings: openSettingsStore(home),
      appInfo: () => ({ version: 'e2e', platform: process.platform, homeDir: home, logFile: join(home, 'logs', 'altdeck.log'), pendingOpenFiles: [] }),
      pickInputs: async (kind) => (kind === 'folder' ? (JSON.parse(env.ALTDECK_E2E_PICK ?? '[]') as string[]) : []),
      pickFolder: async () => null,
      openPath: async (p) => {
        this.opened.push(p);
        return '';
      },
      showItemInFolder: () => {},
      logsDir: () => join(home, 'logs'),
      isShuttingDown: () => this.shuttingDown,
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  get log(): string {
    return this.stderr;
  }

  /** One call through main's handler table into the engine's process; resolves to { ok, result | error }. */
  async request(channel: string, payload: unknown): Promise<HostMsg> {
    const fn = this.handlers[channel as Channel];
    if (!fn) return { ok: false, error: `UNKNOWN_CHANNEL: ${channel}` };
    try {
      return { ok: true, result: (await fn(payload)) ?? null };
    } catch (err) {
      return { ok: false, error: err instanceof Error ? err.message : String(err) };
    }
  }

  async call<T = unknown>(channel: string, payload?: unknown): Promise<T> {
    const r = await this.request(channel, payload ?? null);
    if (!r.ok) throw new Error(r.error);
    return r.result as T;
  }

  /** As the app's quit: the engine stops its processors, the host exits. */
  async shutdown(): Promise<void> {
    this.shuttingDown = true;
    await this.client.shutdown();
    await this.exited;
  }
}

export async function launchChromium(t: { after(fn: () => unknown): void }): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'altdeck-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM!,
    headless: true,
    userDataDir: profile,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-dev-shm-usage',
      '--allow-file-access-from-files',
    ],
  });
  t.after(async () => {
    await browser.close().catch(() => {});
    rmSync(profile, { recursive: true, force: true });
  });
  return browser;
}

export interface AppPage {
  page: Page;
  /** Every URL the page requested (must all be file:). */
  requests: string[];
  setHost(h: EngineHost): void;
}

/** A page whose window.altdeck reaches whichever host is current (a crash replaces it). */
export async function openAppPage(browser: Browser, url: string, host: EngineHost, preloadJs: string): Promise<AppPage> {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  let current = host;
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (err) => console.error('[page error]', err));
  const wire = (h: EngineHost) => {
    h.onEvents = (events) => {
      void page.evaluate((ch, data) => window.__altdeckEmit(ch, data), EVENT_CHANNEL, events).catch(() => {});
    };
    h.onAppEvent = (event) => {
      void page.evaluate((ch, data) => window.__altdeckEmit(ch, data), APP_EVENT_CHANNEL, event).catch(() => {});
    };
  };
  wire(host);
  await page.exposeFunction('__altdeckInvoke', async (channel: string, payloadJson: string) =>
    JSON.stringify(await current.request(channel, JSON.parse(payloadJson))),
  );
  await page.evaluateOnNewDocument(preloadJs);
  await page.goto(url, { waitUntil: 'load' });
  return {
    page,
    requests,
    setHost(h) {
      current = h;
      wire(h);
    },
  };
}

export async function emitAppEvent(page: Page, event: unknown): Promise<void> {
  await page.evaluate((ch, e) => window.__altdeckEmit(ch, e), APP_EVENT_CHANNEL, event);
}

/** Drops files/folders on the drop zone the way Electron delivers them (File objects with paths). */
export async function dropPaths(page: Page, paths: string[]): Promise<void> {
  await page.evaluate((list: string[]) => {
    const dt = new DataTransfer();
    for (const p of list) {
      const name = p.split('/').pop()!;
      window.__altdeckTestPaths[name] = p;
      dt.items.add(new File([], name));
    }
    const zone = document.querySelector('[data-testid="dropzone"]')!;
    zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, paths);
}

let axeSource: string | null = null;

/** axe-core's serious and critical violations on the page as it is now. */
export async function axeViolations(page: Page): Promise<string[]> {
  axeSource ??= (await import('axe-core')).default.source as string;
  const injected = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined');
  if (!injected) await page.evaluate(axeSource);
  const results = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: Array<{ id: string; impact: string; help: string; nodes: Array<{ target: string[] }> }> }> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  return results.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id}: ${v.help} (${v.targets.join(', ')})`);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENS_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENS_DIR, `${name}.png`) as `${string}.png`, fullPage: true });
}

export async function clickButton(page: Page, label: string | RegExp, scope = 'body'): Promise<void> {
  const src = typeof label === 'string' ? `^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$` : label.source;
  const ok = await page.evaluate(
    (sel, pattern) => {
      const re = new RegExp(pattern);
      const b = [...document.querySelectorAll<HTMLButtonElement>(`${sel} button`)].find((x) => re.test(x.textContent!.trim()) && !x.disabled);
      b?.click();
      return !!b;
    },
    scope,
    src,
  );
  if (!ok) throw new Error(`no enabled button ${label} in ${scope}`);
}

/** Keyboard only: Tab until the button with this label has focus, then Enter. */
export async function pressButton(page: Page, label: string, scope = 'body'): Promise<void> {
  for (let i = 0; i < 80; i++) {
    const hit = await page.evaluate(
      (sel, want) => {
        const el = document.activeElement as HTMLButtonElement | null;
        return !!el && el.tagName === 'BUTTON' && !el.disabled && el.textContent!.trim() === want && !!el.closest(sel);
      },
      scope,
      label,
    );
    if (hit) {
      await page.keyboard.press('Enter');
      return;
    }
    await page.keyboard.press('Tab');
  }
  throw new Error(`could not reach the button ${label} with Tab`);
}

export async function textOf(page: Page, selector: string): Promise<string> {
  return page.$eval(selector, (el) => (el as HTMLElement).innerText);
}

/** Waits until fn(document) is truthy, with a readable failure. */
export async function waitFor(page: Page, what: string, fn: string, timeout = 60_000): Promise<void> {
  try {
    await page.waitForFunction(fn, { timeout, polling: 100 });
  } catch (err) {
    const body = await page.evaluate(() => document.body.innerText).catch(() => '');
    throw new Error(`timed out waiting for ${what}\n--- page text ---\n${body.slice(0, 2000)}`, { cause: err });
  }
}
