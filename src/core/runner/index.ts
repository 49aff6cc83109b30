/** The processor runner (DESIGN.md §3–§4): the one place that spawns and supervises processors. */
export type { RunOptions, RunOutcome, RunHandle, OutcomeVerdict } from './types';
export { runProcessor, DEFAULT_MAX_CAPTURE_BYTES, DEFAULT_MAX_LINE_BYTES } from './run-processor';
export { classifyOutcome, lastWords } from './classify-outcome';
export { backoffMs } from './backoff';
export { validateOutput } from './validate-output';
export { isProcessAlive, killProcessTree, processStartTime, processStartTimeAsync, stopProcessTreeIfSame, liveGroupMembers } from './process-tree';
export { parseCommandLine, quoteCommandLine } from './command-line';
export { createLineSplitter, splitLines, type LineSplitter, type SplitItem } from './line-splitter';
export { parseProcessorMessage } from './parse-message';
export { TailBuffer } from './tail-buffer';
export { WorkerPool, DEFAULT_WORKER_MAX_DECKS, DEFAULT_WORKER_MAX_RSS_BYTES, type WorkerPoolOptions } from './worker-pool';
