/**
 * Types shared by every layer (core, CLI, main, preload, renderer).
 * Plain data only: everything here crosses the IPC boundary as structured clone.
 */
import type { ErrorCode } from './errors';
import type { CheckFinding, CheckRuleId } from './checker';

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

/** The model-server APIs AltDeck speaks: `auto` asks the server (GET /api/tags, then /v1/models). */
export const MODEL_APIS = ['auto', 'ollama', 'openai'] as const;
export type ModelApiKind = (typeof MODEL_APIS)[number];
/** A CPU-only vision model takes up to a minute a picture. */
export const DEFAULT_MODEL_SEC_PER_PICTURE = 60;

export interface BatchSettings {
  /** Custom processor command line; null = the built-in ALT-text processor. */
  processor: string | null;
  /** The custom processor speaks the worker protocol (src/core/runner/README.md): persistent workers, not a process per deck. */
  processorWorker?: boolean;
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
  /** Free space (bytes) kept on the output drive; absent = DEFAULT_MIN_FREE_BYTES (1 GB). `--min-free`, Settings. */
  minFreeBytes?: number;
  /** Loopback vision model server (Ollama or OpenAI-compatible API), or null. */
  modelServer: string | null;
  model: string | null;
  /** Which API the model server speaks; absent = auto (asks the server). */
  modelApi?: ModelApiKind;
  /** A school's context line for the model, e.g. "medical school lecture"; absent/null = none. */
  modelDomain?: string | null;
  /** Language of generated text when set; absent/null = each slide's detected language. */
  modelLanguage?: string | null;
  /** Time allowed per picture still to describe, added to timeoutSec when a model is used (deckTimeLimitMs). */
  modelSecPerPicture?: number;
  /** Requests in flight at once to the model server, across all workers (default 1). */
  modelConcurrency?: number;
  ocr: boolean;
  /** Write long descriptions of charts/diagrams into the slide notes. */
  notesLongDescriptions: boolean;
  /** Write the decorative flag on decorative candidates. */
  markDecorative: boolean;
  /**
   * Write a placeholder ALT where nothing says what an image shows (`--write-placeholders`).
   * Off by default: a placeholder passes PowerPoint's checker but tells a reader nothing,
   * so it always counts as missing. Absent in settings saved before issue 9 (= false).
   */
  writePlaceholders?: boolean;
}

/**
 * Settings a batch may change when it is resumed (`--resume --workers 2`, Settings in
 * the app). Nothing here changes what an output deck contains, so decks already done
 * stay valid; everything else is fixed for the batch's life.
 */
export const RESUMABLE_SETTINGS = ['errorThreshold', 'maxAttempts', 'workers', 'timeoutSec', 'graceSec', 'minFreeBytes'] as const;
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
  /**
   * Decks this engine holds: `preparing` (lock, fingerprint, output name; waiting for a
   * worker), `processing` (its processor runs), `finishing` (output checked, committed).
   */
  running: Array<{ jobId: number; path: string; done: number; total: number; startedAt: number; phase?: DeckPhase }>;
  /** Processors running now: the app's "Running" count (never more than the workers). */
  processing?: number;
}

export type DeckPhase = 'preparing' | 'processing' | 'finishing';

/* ---------- The processor's contract (DESIGN.md §4) ---------- */

/**
 * Where an ALT text came from (issue 9 §1). One list; TRUST_OF_SOURCE below says how far
 * each can be trusted, and src/shared/score.ts turns that into done / draft / missing.
 */
export const ALT_SOURCES = [
  'person', // in the deck and judged a person's words, or written/approved in review
  'chart', // the deck's own data: chart part
  'smartart', // SmartArt data model
  'table', // table cells
  'model', // a local vision model
  'caption', // evidence: a real caption next to the picture
  'auto-caption', // evidence: the description part of an Office auto-caption, markers dropped
  'file-name', // evidence: words in the picture's original file name ("alfresco-logo.png")
  'link', // evidence: where the picture's hyperlink goes (a functional image)
  'ocr', // evidence: text read from the image
  'repeated', // evidence: one proposal for an image repeated on most slides (a logo)
  'placeholder', // the user's explicit placeholder policy: never counts as accessible
  'context', // an earlier AltDeck run's text still in the deck: a draft (before issue 9 also captions and slide-title wording)
  'decorative', // the decorative flag, set by AltDeck
  'none',
] as const;
export type AltSource = (typeof ALT_SOURCES)[number];

/** How far an ALT text can be trusted: a person's words, the deck's data, a model, evidence in the deck, or nothing. */
export const ALT_TRUST_LEVELS = ['person', 'data', 'model', 'evidence', 'none'] as const;
export type AltTrust = (typeof ALT_TRUST_LEVELS)[number];

/** The one source→trust mapping (reports, review, CLI and processor all read it). */
export const TRUST_OF_SOURCE: Readonly<Record<AltSource, AltTrust>> = {
  person: 'person',
  chart: 'data',
  smartart: 'data',
  table: 'data',
  model: 'model',
  caption: 'evidence',
  'auto-caption': 'evidence',
  'file-name': 'evidence',
  link: 'evidence',
  ocr: 'evidence',
  repeated: 'evidence',
  // an AltDeck-made decorative flag is a proposal from evidence (size, shape, repetition)
  decorative: 'evidence',
  context: 'evidence',
  placeholder: 'none',
  none: 'none',
};

/** Trust of a source; unknown sources (a custom processor's) are trusted as nothing. */
export function trustOf(source: string | null | undefined): AltTrust {
  return (source && (TRUST_OF_SOURCE as Record<string, AltTrust>)[source]) || 'none';
}

/**
 * Where an image stands, in the words of PowerPoint's accessibility checker:
 * done = a person wrote or approved it (or a person's decorative flag);
 * draft = text from data, a model or evidence that nobody has reviewed yet;
 * missing = "Missing alternative text" (nothing, junk, or a placeholder).
 */
export const ALT_STANDINGS = ['done', 'draft', 'missing'] as const;
export type AltStanding = (typeof ALT_STANDINGS)[number];

/** The accessibility score: images by standing. null where a deck has no images. */
export interface AltScore {
  images: number;
  done: number;
  draft: number;
  missing: number;
}

/** How the existing ALT was judged: 'altdeck' = AltDeck's own earlier output (a draft, never a person's). */
export type AltVerdict = 'missing' | 'junk' | 'altdeck' | 'person';

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
  /** SHA-256 (hex) of the media's bytes: identical images across decks are one review decision (issue 11 §1). */
  mediaHash?: string | null;
  oldAlt: string | null;
  oldAltVerdict: AltVerdict;
  newAlt: string | null;
  longDescription?: string | null;
  source: AltSource;
  /** TRUST_OF_SOURCE[source]; absent in results written before issue 9 (read with trustOf). */
  trust?: AltTrust;
  status: AltItemStatus;
  needsReview: boolean;
  reviewReasons: string[];
  decorative: boolean;
  warnings?: string[];
  /** The slide's language (ISO 639-1, e.g. "de"): generated text is written in it; reviews show it with its direction. */
  lang?: string;
  /** Set by reports when the written deck, read back, has no ALT for this image (whatever the processor said). */
  missingInFile?: boolean;
  /** Where the object sits on its slide and the slide's words, so a reviewer sees the context (issue 11 §3). */
  outline?: SlideOutline;
}

/** A box as [x, y, width, height] in thousandths of the slide's width and height. */
export type OutlineBox = [number, number, number, number];

export interface SlideOutline {
  /** Slide width / height (16:9 is 1.78). */
  aspect: number;
  /** The object's frame; null when it has no position of its own (e.g. a picture fill). */
  frame: OutlineBox | null;
  /** The slide's text boxes, top to bottom, each cut to a few words. */
  texts: Array<{ box: OutlineBox; text: string; title: boolean }>;
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
  /** The output deck read back by the engine after validation (issue 14 §2); absent without an output. */
  readBack?: ReadBack;
  /** Findings of the checker rules beyond ALT (issue 13, src/shared/checker.ts); absent from older processors. */
  checks?: CheckFinding[];
  /** How many things each checker rule looked at (slides, tables, links; 1 for a deck property): the score's denominators. */
  checkedCounts?: Partial<Record<CheckRuleId, number>>;
  [extra: string]: unknown;
}

/**
 * What the written deck holds, read back with the preflight audit (slide XML only):
 * the reports trust these figures over the processor's claims.
 */
export interface ReadBack {
  pictures: number;
  missingAlt: number;
  decorative: number;
  /** `${slide part}#${cNvPr id}` of each slide picture without usable ALT in the file. */
  missing: string[];
}

export type ProcessorMessage =
  | { type: 'progress'; done: number; total: number; stage?: string }
  | ({ type: 'result' } & ProcessorResult)
  | { type: 'log'; level: 'info' | 'warn' | 'error'; message: string };

/** Exit codes of the processor (sysexits.h). */
export const EXIT_OK = 0;
export const EXIT_DATAERR = 65;
export const EXIT_TEMPFAIL = 75;
