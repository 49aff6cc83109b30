/**
 * Types shared by every layer (core, CLI, main, preload, renderer).
 * Plain data only: everything here crosses the IPC boundary as structured clone.
 */
import type { ErrorCode } from './errors';

/**
 * `rejected`: the check (preflight) refused the file, so no processor ever ran on it.
 * It is final, but not a failure: it counts toward no error threshold, no progress
 * and no "Retry failed" (it would be refused again until someone fixes the file).
 */
export const JOB_STATES = ['pending', 'running', 'retrying', 'succeeded', 'failed', 'skipped', 'cancelled', 'rejected'] as const;
export type JobState = (typeof JOB_STATES)[number];
export const TERMINAL_JOB_STATES: readonly JobState[] = ['succeeded', 'failed', 'skipped', 'cancelled', 'rejected'];
/** Final states of decks the engine worked on: what progress and the ETA count as finished work. */
export const WORKED_JOB_STATES = ['succeeded', 'failed', 'skipped', 'cancelled'] as const satisfies readonly JobState[];

/** Decks the engine worked on that have finished (rejected decks were never work). */
export function finishedWork(c: StateCounts): number {
  return c.succeeded + c.failed + c.skipped + c.cancelled;
}

/** Decks that are work at all: everything but rejected files. Progress is "finishedWork of workTotal". */
export function workTotal(c: StateCounts): number {
  return c.total - c.rejected;
}

export const BATCH_STATES = ['active', 'paused', 'completed', 'aborted', 'interrupted'] as const;
export type BatchState = (typeof BATCH_STATES)[number];

export type AltPolicy = 'preserve' | 'overwrite' | 'audit';

export interface BatchSettings {
  /** Custom processor command line; null = the built-in ALT-text processor. */
  processor: string | null;
  workers: number;
  timeoutSec: number;
  graceSec: number;
  maxAttempts: number;
  /** Stop once failed/finished > threshold after >= 5 finished; 0 disables. */
  errorThreshold: number;
  outputDir: string;
  /** Common root of the inputs: outputs keep their layout relative to it. */
  inputRoot: string;
  altPolicy: AltPolicy;
  force: boolean;
  dryRun: boolean;
  /** Replace an existing output instead of choosing a new name. */
  replaceOutputs: boolean;
  /** Loopback vision model server (Ollama API), or null. */
  modelServer: string | null;
  model: string | null;
  ocr: boolean;
  /** Write long descriptions of charts/diagrams into the slide notes. */
  notesLongDescriptions: boolean;
  /** Write the decorative flag on decorative candidates. */
  markDecorative: boolean;
}

/**
 * Settings a batch may change when it is resumed (`--resume --workers 2`, Settings in
 * the app). Nothing here changes what an output deck contains, so decks already done
 * stay valid; everything else is fixed for the batch's life.
 */
export const RESUMABLE_SETTINGS = ['errorThreshold', 'maxAttempts', 'workers', 'timeoutSec', 'graceSec'] as const;
export type ResumableSetting = (typeof RESUMABLE_SETTINGS)[number];
export type SettingsOverride = Partial<Pick<BatchSettings, ResumableSetting>>;

export interface DeckAudit {
  slides: number;
  pictures: number;
  picturesMissingAlt: number;
  /** Image-like objects beyond p:pic: charts, tables, SmartArt, media. */
  graphicFrames: number;
  hiddenSlides: number;
  signed: boolean;
  macroEnabled: boolean;
  /** Sum of uncompressed entry sizes, from the central directory. */
  uncompressedBytes: number;
}

export interface PreflightOk {
  ok: true;
  path: string;
  code: 'OK';
  size: number;
  mtimeMs: number;
  audit: DeckAudit;
  /** Non-fatal observations, e.g. "digitally signed", "extension says .pptx but content is a slideshow". */
  warnings: string[];
}

export interface PreflightRejected {
  ok: false;
  path: string;
  code: ErrorCode;
  message: string;
  /** Extra detail, e.g. the name of the person holding the Office lock. */
  detail?: string;
  size?: number;
}

export type PreflightResult = PreflightOk | PreflightRejected;

export interface Fingerprint {
  size: number;
  mtimeMs: number;
  sha256: string;
}

export interface JobError {
  code: ErrorCode;
  message: string;
  exitCode?: number | null;
  signal?: string | null;
  stderrTail?: string;
  detail?: string;
}

export interface JobInfo {
  id: number;
  batchId: string;
  inputPath: string;
  relPath: string;
  state: JobState;
  attempts: number;
  maxAttempts: number;
  progressDone: number;
  progressTotal: number;
  workUnits: number;
  outputPath: string | null;
  error: JobError | null;
  result: ProcessorResult | null;
  preflight: PreflightResult | null;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  runAfter: number | null;
  durationMs: number | null;
}

export interface StateCounts {
  total: number;
  pending: number;
  running: number;
  retrying: number;
  succeeded: number;
  failed: number;
  skipped: number;
  cancelled: number;
  rejected: number;
}

export interface BatchInfo {
  id: string;
  state: BatchState;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  settings: BatchSettings;
  reason: string | null;
  counts: StateCounts;
  /** Processing time of every run of the batch so far (pauses, sleep and time between runs excluded). */
  activeMs: number;
  /** `apply`: writes reviewed decisions into final decks (parentBatchId = the batch reviewed). */
  kind?: 'process' | 'apply';
  parentBatchId?: string | null;
}

export interface EtaRange {
  /** Milliseconds remaining: optimistic and pessimistic bound, null while unknown. */
  lowMs: number | null;
  highMs: number | null;
  /** Work units (pictures) per second, over active (not paused) time. */
  unitsPerSec: number | null;
  decksPerMin: number | null;
}

export interface BatchProgress {
  batchId: string;
  counts: StateCounts;
  unitsDone: number;
  unitsTotal: number;
  activeMs: number;
  eta: EtaRange;
  running: Array<{ jobId: number; path: string; done: number; total: number; startedAt: number }>;
}

/* ---------- The processor's contract (DESIGN.md §4) ---------- */

export type AltSource =
  | 'person'
  | 'model'
  | 'chart'
  | 'smartart'
  | 'table'
  | 'ocr'
  | 'context'
  | 'decorative'
  | 'none';

export type AltItemKind = 'picture' | 'picture-fill' | 'chart' | 'table' | 'smartart' | 'ole' | 'video' | 'audio';

export type AltItemStatus =
  | 'kept' // a person's ALT, untouched
  | 'written' // new ALT written into the output
  | 'proposed' // audit policy: what would be written
  | 'decorative' // flagged decorative (already, or by the user's choice)
  | 'decorative-candidate'
  | 'unresolved'; // no source could describe it: a person must write it

export interface AltItem {
  slide: number;
  /** Part name, e.g. ppt/slides/slide3.xml, so a reviewer can find it. */
  part: string;
  shapeId: string;
  shapeName: string;
  kind: AltItemKind;
  mediaPart: string | null;
  oldAlt: string | null;
  oldAltVerdict: 'missing' | 'junk' | 'person';
  newAlt: string | null;
  longDescription?: string | null;
  source: AltSource;
  status: AltItemStatus;
  needsReview: boolean;
  reviewReasons: string[];
  decorative: boolean;
  warnings?: string[];
}

export interface ProcessorResult {
  slides: number;
  objects: number;
  written: number;
  kept: number;
  needsReview: number;
  unresolved: number;
  /** True when the deck was left alone on purpose (e.g. signed); no output then. */
  skipped?: boolean;
  skipCode?: ErrorCode;
  skipReason?: string;
  /** False in audit mode: nothing written, report only. */
  wroteOutput: boolean;
  items: AltItem[];
  layoutItems?: AltItem[];
  [extra: string]: unknown;
}

export type ProcessorMessage =
  | { type: 'progress'; done: number; total: number; stage?: string }
  | ({ type: 'result' } & ProcessorResult)
  | { type: 'log'; level: 'info' | 'warn' | 'error'; message: string };

/** Exit codes of the processor (sysexits.h). */
export const EXIT_OK = 0;
export const EXIT_DATAERR = 65;
export const EXIT_TEMPFAIL = 75;
