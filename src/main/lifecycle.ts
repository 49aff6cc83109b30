/**
 * Main's lifecycle logic with Electron's modules passed in, so it runs (and is
 * unit-tested) under plain Node: single-instance hand-over, graceful quit,
 * keeping the machine awake while a batch runs.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { EngineEvent } from '../shared/engine-api';

/** The parts of Electron's `app` the lifecycle uses. */
export interface AppLike {
  requestSingleInstanceLock(data?: Record<string, unknown>): boolean;
  quit(): void;
  exit(code?: number): void;
  on(event: 'second-instance', fn: (e: unknown, argv: string[], cwd: string, data?: unknown) => void): unknown;
  on(event: 'before-quit', fn: (e: { preventDefault(): void }) => void): unknown;
  on(event: 'window-all-closed', fn: () => void): unknown;
  on(event: 'open-file', fn: (e: { preventDefault(): void }, path: string) => void): unknown;
}

export interface WindowLike {
  isMinimized(): boolean;
  restore(): void;
  show(): void;
  focus(): void;
}

export interface Logger {
  info(...a: unknown[]): void;
  warn(...a: unknown[]): void;
  error(...a: unknown[]): void;
}

const DECK_EXT = /\.(pptx|pptm|ppsx|potx|ppt)$/i;

/**
 * The decks and folders a launch was asked to open. Skips the executable, the app
 * path and flags (Chromium adds its own, e.g. --allow-file-access-from-files).
 */
export function pathsFromArgv(argv: string[], cwd: string, skip = 1): string[] {
  const out: string[] = [];
  for (const arg of argv.slice(skip)) {
    if (!arg || arg.startsWith('-')) continue;
    const p = isAbsolute(arg) ? arg : resolve(cwd, arg);
    if (p.endsWith('.asar') || p === cwd) continue;
    // Folders count (drop a share on the icon); other files only when they look like decks.
    if (DECK_EXT.test(p) || (existsSync(p) && !/\.(js|mjs|cjs|json)$/i.test(p))) out.push(p);
  }
  return [...new Set(out)];
}

export interface ShutdownDeps {
  shutdownEngine(): Promise<void>;
  /** Show "finishing…" in the window. */
  notify(message: string): void;
  /** Actually quit (called once the engine is down). */
  quit(): void;
  log: Logger;
  /**
   * Asked before quitting while a batch runs; false keeps the app running. Absent or
   * resolving true: quit (decks in flight go back to the queue, the batch is resumable).
   */
  confirmQuit?(): boolean | Promise<boolean>;
  /** After this, quit anyway: a stuck shutdown must not keep the app alive forever. */
  hardLimitMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
}

export interface ShutdownController {
  /** Wire to app 'before-quit'. */
  onBeforeQuit(e: { preventDefault(): void }): void;
  isShuttingDown(): boolean;
  /** Resolves when the engine is down (or the hard limit passed). */
  readonly done: Promise<void>;
}

/**
 * The first quit request is held back (preventDefault) while the engine stops its
 * processors (SIGTERM, grace, SIGKILL) and returns their decks to pending; then the
 * quit is replayed and let through.
 */
export function createShutdown(d: ShutdownDeps): ShutdownController {
  let phase: 'running' | 'confirming' | 'finishing' | 'done' = 'running';
  let resolveDone!: () => void;
  const done = new Promise<void>((r) => (resolveDone = r));
  const setTimer = d.setTimer ?? ((fn, ms) => setTimeout(fn, ms).unref());

  const finish = (why: string) => {
    if (phase === 'done') return;
    phase = 'done';
    d.log.info(`shutdown: ${why}`);
    resolveDone();
    d.quit();
  };

  return {
    done,
    isShuttingDown: () => phase === 'finishing' || phase === 'done',
    onBeforeQuit(e) {
      if (phase === 'done') return; // the replayed quit: let it through
      e.preventDefault();
      if (phase === 'finishing' || phase === 'confirming') return; // a second Cmd+Q while finishing or asking
      const answer = d.confirmQuit ? d.confirmQuit() : true;
      if (answer === true) return begin();
      if (answer === false) return void d.log.info('quit cancelled: a batch is running');
      phase = 'confirming';
      answer.then(
        (yes) => (yes ? begin() : ((phase = 'running'), d.log.info('quit cancelled: a batch is running'))),
        () => begin(),
      );
    },
  };

  function begin() {
    phase = 'finishing';
    d.notify('Finishing: stopping the decks in progress and saving the queue…');
    setTimer(() => finish('hard limit reached, quitting anyway'), d.hardLimitMs ?? 30_000);
    d.shutdownEngine().then(
      () => finish('engine stopped cleanly'),
      (err) => {
        d.log.error('engine shutdown failed', err);
        finish('engine shutdown failed');
      },
    );
  }
}

/** The question asked before quitting (or closing the window) while a batch runs; button 0 quits. */
export const QUIT_QUESTION = {
  type: 'question' as const,
  buttons: ['Stop the batch and quit', 'Keep running'],
  defaultId: 1,
  cancelId: 1,
  title: 'A batch is running',
  message: 'A batch is running. Quit AltDeck?',
  detail: 'The decks in progress stop and go back to the queue; nothing is lost. The batch can be resumed when AltDeck starts again.',
};

export interface SingleInstanceDeps {
  app: AppLike;
  getWindow(): WindowLike | null;
  /** Files handed over by a second launch (or macOS open-file). */
  openFiles(paths: string[]): void;
  log: Logger;
}

/**
 * Returns false when another AltDeck already runs: this launch hands its files to
 * that one (through Electron's second-instance event) and quits.
 */
export function claimSingleInstance(d: SingleInstanceDeps, argv: string[], cwd: string): boolean {
  const paths = pathsFromArgv(argv, cwd);
  if (!d.app.requestSingleInstanceLock({ paths })) {
    d.log.info('another AltDeck is running: handing over', paths);
    d.app.quit();
    return false;
  }
  d.app.on('second-instance', (_e, secondArgv, secondCwd, data) => {
    const handed = (data as { paths?: unknown } | undefined)?.paths;
    const list = Array.isArray(handed) && handed.every((p) => typeof p === 'string') ? (handed as string[]) : pathsFromArgv(secondArgv, secondCwd);
    const win = d.getWindow();
    if (win) {
      if (win.isMinimized()) win.restore();
      win.show();
      win.focus();
    }
    if (list.length) d.openFiles(list);
  });
  d.app.on('open-file', (e, path) => {
    e.preventDefault();
    d.openFiles([path]);
  });
  return true;
}

/**
 * Keeps the machine awake while any batch is active (a sleeping laptop would stall
 * a night's batch); the blocker is released when the last active batch stops.
 */
export function createKeepAwake(blocker: { start(): number; stop(id: number): void }, onChange: (active: boolean) => void) {
  const active = new Set<string>();
  let id: number | null = null;
  return {
    onEvent(e: EngineEvent) {
      if (e.type !== 'batch-state') return;
      const was = active.size > 0;
      if (e.batch.state === 'active') active.add(e.batch.id);
      else active.delete(e.batch.id);
      const now = active.size > 0;
      if (now && id === null) id = blocker.start();
      if (!now && id !== null) {
        blocker.stop(id);
        id = null;
      }
      if (was !== now) onChange(now);
    },
    isActive: () => id !== null,
  };
}
