/**
 * zod schemas for every payload of the IPC contract. The renderer is treated as
 * untrusted input: a compromised or buggy page must not reach the engine with
 * arbitrary objects. `Record<Channel, …>` makes a missing schema a compile error.
 */
import { z } from 'zod';
import { ALT_SOURCES, JOB_STATES, MODEL_APIS } from '../shared/types';
import { REVIEW_ACTIONS } from '../shared/review';
import { CHECK_ACTIONS, FINDING_GROUP_FILTERS, MAX_FINDING_PAGE } from '../shared/check-review';
import { CHECK_RULES } from '../shared/checker';
import { PROCESSOR_FROM_SETTINGS_FILE_ONLY, type Channel } from '../shared/ipc';

const MAX_PATH = 4096;
const path = z.string().min(1).max(MAX_PATH).refine((p) => !p.includes('\0'), 'path contains NUL');
const batchId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'not a batch id');
const none = z.union([z.undefined(), z.null()]);
const batchOnly = z.strictObject({ batchId });

/** A model server must be on this machine: nothing may leave it. */
export function isLoopbackUrl(value: string): boolean {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    return false;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return false;
  const host = u.hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * The custom processor is a command line main runs: the window may never send one
 * (issue 12). Named here, not left to strictObject, so the refusal is a sentence.
 */
const noProcessorFromWindow = z.never({ error: PROCESSOR_FROM_SETTINGS_FILE_ONLY }).optional();

/** What the window may set with `settings:set`. */
export const appSettingsPatch = z.strictObject({
  workers: z.number().int().min(1).max(32).optional(),
  timeoutSec: z.number().int().min(5).max(24 * 3600).optional(),
  maxAttempts: z.number().int().min(1).max(20).optional(),
  errorThreshold: z.number().min(0).max(1).optional(),
  outputDir: z.string().max(MAX_PATH).optional(),
  altPolicy: z.enum(['preserve', 'overwrite', 'audit']).optional(),
  modelServer: z
    .string()
    .max(2048)
    .refine((v) => v === '' || isLoopbackUrl(v), 'the model server must be on this computer (localhost / 127.0.0.1)')
    .optional(),
  model: z.string().max(200).optional(),
  modelApi: z.enum(MODEL_APIS).optional(),
  modelDomain: z.string().max(200).optional(),
  ocr: z.boolean().optional(),
  writePlaceholders: z.boolean().optional(),
  processor: noProcessorFromWindow,
  minFreeMB: z.number().int().min(0).max(1024 ** 3).optional(),
});

/** What settings.json may hold: the window's settings plus the custom processor, which only IT (or the CLI) sets. */
export const settingsFileSchema = appSettingsPatch.extend({ processor: z.string().max(MAX_PATH).optional() });

/** Batch-setting overrides the renderer may send with createBatch (a subset of BatchSettings). */
const batchSettingsPatch = z.strictObject({
  workers: z.number().int().min(1).max(32).optional(),
  timeoutSec: z.number().int().min(1).max(24 * 3600).optional(),
  graceSec: z.number().min(0).max(600).optional(),
  maxAttempts: z.number().int().min(1).max(20).optional(),
  errorThreshold: z.number().min(0).max(1).optional(),
  outputDir: path.optional(),
  altPolicy: z.enum(['preserve', 'overwrite', 'audit']).optional(),
  force: z.boolean().optional(),
  replaceOutputs: z.boolean().optional(),
  modelServer: z.string().refine(isLoopbackUrl, 'the model server must be on this computer').nullable().optional(),
  model: z.string().max(200).nullable().optional(),
  modelApi: z.enum(MODEL_APIS).optional(),
  modelDomain: z.string().max(200).nullable().optional(),
  ocr: z.boolean().optional(),
  processor: noProcessorFromWindow,
  notesLongDescriptions: z.boolean().optional(),
  markDecorative: z.boolean().optional(),
  writePlaceholders: z.boolean().optional(),
});

const jobState = z.enum(JOB_STATES);

/* Review and approve */
const jobId = z.number().int().min(1);
const itemKey = z.string().min(1).max(1024);
const altSource = z.enum(ALT_SOURCES);
const groupKey = z.string().min(1).max(2048).refine((k) => !k.includes('\0'), 'key contains NUL');
const reviewQuery = z.strictObject({
  jobId: jobId.optional(),
  filter: z.enum(['all', 'needs-review', 'undecided', 'decided']).optional(),
  source: altSource.optional(),
  offset: z.number().int().min(0).optional(),
  limit: z.number().int().min(1).max(2000).optional(),
});
const decisionsFormat = z.enum(['json', 'csv']);
/** An imported decisions file; far above any real batch, low enough to refuse a wrong file. */
const MAX_DECISIONS_TEXT = 64 * 1024 * 1024;

/* Checker findings (issue 13): a finding's key is `${rule}|${part}#${target}`; the text is a title or link text. */
const findingKey = z.string().min(1).max(2048).refine((k) => !k.includes('\0'), 'key contains NUL');
const findingText = z.string().max(2000).nullable().optional();
const reviewerName = z.string().max(200).nullable().optional();
const findingsQuery = z.strictObject({
  rule: z.enum(CHECK_RULES).optional(),
  filter: z.enum(FINDING_GROUP_FILTERS).optional(),
  offset: z.number().int().min(0).optional(),
  limit: z.number().int().min(1).max(MAX_FINDING_PAGE).optional(),
});

export const PAYLOAD_SCHEMAS: Record<Channel, z.ZodType> = {
  'engine:preflight': z.strictObject({ inputs: z.array(path).min(1).max(100_000) }),
  'engine:createBatch': z.strictObject({ inputs: z.array(path).min(1).max(100_000), settings: batchSettingsPatch.optional() }),
  'engine:start': batchOnly,
  'engine:pause': batchOnly,
  'engine:stop': batchOnly,
  'engine:cancel': batchOnly,
  'engine:retryFailed': batchOnly,
  'engine:listBatches': none,
  'engine:getBatch': batchOnly,
  'engine:listJobs': z.strictObject({
    batchId,
    query: z
      .strictObject({
        state: z.union([jobState, z.array(jobState).max(JOB_STATES.length)]).optional(),
        offset: z.number().int().min(0).optional(),
        limit: z.number().int().min(1).max(5000).optional(),
      })
      .optional(),
  }),
  'engine:getProgress': batchOnly,
  'engine:interruptedBatches': none,
  'engine:writeReport': z.strictObject({ batchId, format: z.enum(['csv', 'json', 'html']) }),
  'settings:get': none,
  'settings:set': appSettingsPatch,
  'app:info': none,
  'app:pickInputs': z.union([none, z.strictObject({ kind: z.enum(['decks', 'folder']) })]),
  'app:pickFolder': none,
  'app:openPath': z.strictObject({ path }),
  'app:showInFolder': z.strictObject({ path }),
  'app:openLogs': none,
  'app:openOutputs': batchOnly,
  'review:items': z.strictObject({ batchId, query: reviewQuery.optional() }),
  'review:groups': z.strictObject({ batchId, query: reviewQuery.optional() }),
  'review:groupMembers': z.strictObject({ batchId, groupKey, offset: z.number().int().min(0).optional(), limit: z.number().int().min(1).max(2000).optional() }),
  'review:decideGroup': z.strictObject({
    batchId,
    groupKey,
    action: z.enum(REVIEW_ACTIONS),
    text: z.string().max(20_000).nullable().optional(),
    reviewer: z.string().max(200).nullable().optional(),
  }),
  'review:clearGroup': z.strictObject({ batchId, groupKey, reviewer: z.string().max(200).nullable().optional() }),
  'review:split': z.strictObject({ batchId, jobId, itemKey }),
  'review:decks': z.strictObject({ batchId, offset: z.number().int().min(0).optional(), limit: z.number().int().min(1).max(2000).optional() }),
  'review:bulkPreview': z.strictObject({ batchId, jobId: jobId.optional(), source: altSource.optional() }),
  'review:undoBulk': z.strictObject({ batchId, bulkId: z.string().regex(/^bulk:[0-9]+:[0-9a-f]{1,16}$/, 'not a bulk action'), reviewer: z.string().max(200).nullable().optional() }),
  'review:decide': z.strictObject({
    batchId,
    jobId,
    itemKey,
    action: z.enum(REVIEW_ACTIONS),
    text: z.string().max(20_000).nullable().optional(),
    reviewer: z.string().max(200).nullable().optional(),
  }),
  'review:clear': z.strictObject({ batchId, jobId, itemKey }),
  'review:bulkApprove': z.strictObject({ batchId, jobId: jobId.optional(), source: altSource.optional(), reviewer: z.string().max(200).nullable().optional() }),
  'review:counts': z.strictObject({ batchId, jobId: jobId.optional() }),
  'review:export': z.strictObject({ batchId, format: decisionsFormat }),
  'review:import': z.strictObject({ batchId, format: decisionsFormat, content: z.string().max(MAX_DECISIONS_TEXT) }),
  'review:apply': batchOnly,
  'findings:groups': z.strictObject({ batchId, query: findingsQuery.optional() }),
  'findings:decide': z.strictObject({ batchId, jobId, key: findingKey, action: z.enum(CHECK_ACTIONS), text: findingText, reviewer: reviewerName }),
  'findings:decideGroup': z.strictObject({ batchId, groupKey, action: z.enum(CHECK_ACTIONS), text: findingText, reviewer: reviewerName }),
  'findings:clearGroup': z.strictObject({ batchId, groupKey }),
  'findings:bulkPreview': z.strictObject({ batchId, rule: z.enum(CHECK_RULES).optional() }),
  'findings:bulkApprove': z.strictObject({ batchId, rule: z.enum(CHECK_RULES).optional(), reviewer: reviewerName }),
  'findings:undoBulk': z.strictObject({ batchId, bulkId: z.string().min(1).max(200) }),
  'review:thumbnail': z.strictObject({ batchId, jobId, mediaPart: z.string().min(1).max(1024).refine((p) => !p.includes('\0'), 'part contains NUL') }),
};
