/**
 * The app's own channels (settings, dialogs, opening files): what main answers without
 * the engine. Part of the one IPC contract, src/shared/ipc.ts.
 */
import type { AltPolicy, ModelApiKind } from './types';

/** What the user can set in the app; persisted by main in the app-data folder. */
export interface AppSettings {
  workers: number;
  timeoutSec: number;
  maxAttempts: number;
  /** Fraction 0..1 of failed decks that stops the batch; 0 disables. */
  errorThreshold: number;
  /** Empty = next to the inputs in an "AltDeck output" folder (the engine's default). */
  outputDir: string;
  altPolicy: AltPolicy;
  /** Loopback vision model server (Ollama or OpenAI-compatible API) or empty. */
  modelServer: string;
  model: string;
  /** Which API the server speaks; auto asks it. */
  modelApi: ModelApiKind;
  /** Context line for the model, e.g. "medical school lecture"; empty = none. */
  modelDomain: string;
  ocr: boolean;
  /** Write a placeholder ALT where nothing says what an image shows (still counted as missing). */
  writePlaceholders: boolean;
  /**
   * Custom processor command line; empty = the built-in one. Read-only for the window:
   * only the settings file (IT) or the CLI sets it, see RendererSettings.
   */
  processor: string;
  /** Free space (MB, 1 MB = 1024 KB) kept on the output drive; below it the batch pauses with LOW_DISK. */
  minFreeMB: number;
}

/**
 * What the window may change: everything but the custom processor. A command line
 * that main runs must never come from the page (a compromised page would mean code
 * execution); `settings:set` and `engine:createBatch` refuse it.
 */
export type RendererSettings = Omit<AppSettings, 'processor'>;

/** The one sentence the IPC refusal and the UI use. */
export const PROCESSOR_FROM_SETTINGS_FILE_ONLY =
  'A custom processor is set only in the settings file (settings.json in the AltDeck data folder) or with the CLI’s --processor, never from the window.';

/**
 * PowerPoint files that can carry macros. `app:openPath` never opens one (that would
 * run its macros with one click from AltDeck); it shows the file in its folder instead.
 */
export const MACRO_ENABLED_EXTENSIONS: readonly string[] = ['.pptm', '.ppsm', '.potm', '.ppam'];

export const DEFAULT_APP_SETTINGS: AppSettings = {
  workers: 2,
  timeoutSec: 300,
  maxAttempts: 3,
  errorThreshold: 0.5,
  outputDir: '',
  altPolicy: 'preserve',
  modelServer: '',
  model: '',
  modelApi: 'auto',
  modelDomain: '',
  ocr: true,
  writePlaceholders: false,
  processor: '',
  minFreeMB: 1024,
};

export interface AppInfo {
  version: string;
  platform: string;
  homeDir: string;
  logFile: string;
  /** Files handed over at launch (command line / a second launch) not yet picked up. */
  pendingOpenFiles: string[];
}

export type PickKind = 'decks' | 'folder';

/** Events main pushes that do not come from the engine. */
export type AppEvent =
  | { type: 'open-files'; paths: string[] }
  | { type: 'shutting-down'; message: string }
  | { type: 'keep-awake'; active: boolean };

/** The settings and app channels: [payload, result]. */
export interface AppContract {
  'settings:get': [void, AppSettings];
  'settings:set': [Partial<RendererSettings>, AppSettings];
  'app:info': [void, AppInfo];
  /**
   * Native open dialog; [] when cancelled. Decks or one folder: Windows and Linux
   * dialogs cannot pick files and folders at once.
   */
  'app:pickInputs': [{ kind: PickKind } | void, string[]];
  'app:pickFolder': [void, string | null];
  /**
   * Open a deck or report with the system's application: '' when opened; otherwise a
   * sentence (e.g. a macro-enabled deck shown in its folder instead).
   */
  'app:openPath': [{ path: string }, string];
  'app:showInFolder': [{ path: string }, void];
  'app:openLogs': [void, void];
  'app:openOutputs': [{ batchId: string }, void];
}

export const APP_CHANNELS = [
  'settings:get',
  'settings:set',
  'app:info',
  'app:pickInputs',
  'app:pickFolder',
  'app:openPath',
  'app:showInFolder',
  'app:openLogs',
  'app:openOutputs',
] as const satisfies readonly (keyof AppContract)[];
