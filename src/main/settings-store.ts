/**
 * The app's settings, persisted as JSON in the app-data folder. Written to a temp
 * file and renamed so a crash mid-write never leaves half a settings file; an
 * unreadable or foreign file falls back to the defaults instead of blocking start-up.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DEFAULT_APP_SETTINGS, type AppSettings, type RendererSettings } from '../shared/ipc';
import type { BatchSettings } from '../shared/types';
import { appSettingsPatch, settingsFileSchema } from './ipc-schemas';

export interface SettingsStore {
  get(): AppSettings;
  /** From the window: everything but the custom processor, which is kept as the file has it. */
  set(patch: Partial<RendererSettings>): AppSettings;
  readonly file: string;
}

export function openSettingsStore(dir: string, fileName = 'settings.json'): SettingsStore {
  const file = join(dir, fileName);
  let current = load(file);
  return {
    file,
    get: () => ({ ...current }),
    set(patch) {
      const parsed = appSettingsPatch.parse(patch) as Partial<AppSettings>;
      current = { ...current, ...parsed };
      mkdirSync(dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(current, null, 2));
      renameSync(tmp, file);
      return { ...current };
    },
  };
}

function load(file: string): AppSettings {
  try {
    const raw: unknown = JSON.parse(readFileSync(file, 'utf8'));
    // Keep only the keys we know, each only if valid: a setting from a newer or
    // hand-edited file must not poison the others.
    const out: AppSettings = { ...DEFAULT_APP_SETTINGS };
    if (raw && typeof raw === 'object') {
      for (const [k, v] of Object.entries(raw)) {
        const one = settingsFileSchema.safeParse({ [k]: v });
        if (one.success) Object.assign(out, one.data);
      }
    }
    return out;
  } catch {
    return { ...DEFAULT_APP_SETTINGS };
  }
}

/** The engine's batch settings from what the user set; empty strings mean "the default". */
export function toBatchSettings(s: AppSettings): Partial<BatchSettings> {
  const out: Partial<BatchSettings> = {
    workers: s.workers,
    timeoutSec: s.timeoutSec,
    maxAttempts: s.maxAttempts,
    errorThreshold: s.errorThreshold,
    altPolicy: s.altPolicy,
    ocr: s.ocr,
    writePlaceholders: s.writePlaceholders,
    modelServer: s.modelServer || null,
    model: s.model || null,
  };
  if (s.modelServer && s.modelApi && s.modelApi !== 'auto') out.modelApi = s.modelApi;
  if (s.modelServer && s.modelDomain.trim()) out.modelDomain = s.modelDomain.trim();
  if (s.outputDir) out.outputDir = s.outputDir;
  if (s.minFreeMB !== DEFAULT_APP_SETTINGS.minFreeMB) out.minFreeBytes = s.minFreeMB * 1024 ** 2;
  if (s.processor) out.processor = s.processor;
  return out;
}
