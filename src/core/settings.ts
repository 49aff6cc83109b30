/**
 * Batch settings: defaults, validation and the "settings key" that decides
 * whether an identical input was already done with the same settings.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { BatchSettings } from '../shared/types';

export const DEFAULT_SETTINGS: Omit<BatchSettings, 'outputDir' | 'inputRoot'> = {
  processor: null,
  workers: 1,
  timeoutSec: 300,
  graceSec: 10,
  maxAttempts: 3,
  errorThreshold: 0.5,
  altPolicy: 'preserve',
  force: false,
  dryRun: false,
  replaceOutputs: false,
  modelServer: null,
  model: null,
  ocr: false,
  notesLongDescriptions: false,
  markDecorative: false,
};

export const settingsSchema = z.object({
  processor: z.string().min(1).nullable(),
  workers: z.number().int().min(1).max(64),
  timeoutSec: z.number().positive().max(7 * 24 * 3600),
  graceSec: z.number().min(0).max(3600),
  maxAttempts: z.number().int().min(1).max(100),
  errorThreshold: z.number().min(0).max(1),
  outputDir: z.string().min(1),
  inputRoot: z.string().min(1),
  altPolicy: z.enum(['preserve', 'overwrite', 'audit']),
  force: z.boolean(),
  dryRun: z.boolean(),
  replaceOutputs: z.boolean(),
  minFreeBytes: z.number().int().min(0).optional(),
  modelServer: z.string().url().nullable(),
  model: z.string().min(1).nullable(),
  ocr: z.boolean(),
  notesLongDescriptions: z.boolean(),
  markDecorative: z.boolean(),
});

export const partialSettingsSchema = settingsSchema.partial();

export function resolveSettings(partial: Partial<BatchSettings>, required: { outputDir: string; inputRoot: string }): BatchSettings {
  const merged = { ...DEFAULT_SETTINGS, ...required, ...stripUndefined(partial) };
  return settingsSchema.parse(merged) as BatchSettings;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Only what changes the output file takes part: a different worker count or
 * time limit produces the same deck, a different ALT policy or model does not.
 */
export function settingsKey(s: BatchSettings): string {
  const relevant = {
    processor: s.processor,
    altPolicy: s.altPolicy,
    modelServer: s.modelServer,
    model: s.model,
    ocr: s.ocr,
    notes: s.notesLongDescriptions,
    decorative: s.markDecorative,
  };
  return createHash('sha256').update(JSON.stringify(relevant)).digest('hex').slice(0, 16);
}
