/**
 * Batch settings: defaults, validation and the "settings key" that decides
 * whether an identical input was already done with the same settings.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { MODEL_APIS, RESUMABLE_SETTINGS, type BatchSettings, type SettingsOverride } from '../shared/types';

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
  writePlaceholders: false,
};

export const settingsSchema = z.object({
  processor: z.string().min(1).nullable(),
  processorWorker: z.boolean().optional(),
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
  modelApi: z.enum(MODEL_APIS).optional(),
  modelDomain: z.string().max(200).nullable().optional(),
  modelLanguage: z
    .string()
    .regex(/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/, 'a language code such as en, de or pt-BR')
    .nullable()
    .optional(),
  modelSecPerPicture: z.number().min(0).max(3600).optional(),
  modelConcurrency: z.number().int().min(1).max(16).optional(),
  ocr: z.boolean(),
  notesLongDescriptions: z.boolean(),
  markDecorative: z.boolean(),
  writePlaceholders: z.boolean().optional(),
});

export const partialSettingsSchema = settingsSchema.partial();

const overrideSchema = settingsSchema
  .pick(Object.fromEntries(RESUMABLE_SETTINGS.map((k) => [k, true])) as Record<(typeof RESUMABLE_SETTINGS)[number], true>)
  .partial()
  .strict();

/** What a resumed batch may change, with the same limits as a new batch; anything else is refused. */
export function validateOverride(patch: SettingsOverride): SettingsOverride {
  const r = overrideSchema.safeParse(stripUndefined(patch));
  if (!r.success) {
    const first = r.error.issues[0];
    throw new Error(`Invalid setting ${first.path.join('.') || ''}: ${first.message}. Only ${RESUMABLE_SETTINGS.join(', ')} can change when a batch is resumed.`);
  }
  return r.data as SettingsOverride;
}

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
    // only when set, so batches from before these settings keep their keys
    ...(s.modelServer && s.modelApi && s.modelApi !== 'auto' ? { modelApi: s.modelApi } : {}),
    ...(s.modelServer && s.modelDomain ? { modelDomain: s.modelDomain } : {}),
    ...(s.modelServer && s.modelLanguage ? { modelLanguage: s.modelLanguage } : {}),
    // only when on, so the key of every batch without placeholders stays what it was
    placeholders: s.writePlaceholders || undefined,
  };
  return createHash('sha256').update(JSON.stringify(relevant)).digest('hex').slice(0, 16);
}
