/** Why processing stopped, as the exit code the engine understands (DESIGN.md §4). */
import { ERROR_MESSAGES } from '../shared/errors';
import type { ProcessorResult } from '../shared/types';

/** Exit 65: the input is bad, retrying cannot help. */
export class BadInputError extends Error {
  readonly exitCode = 65;
  constructor(message: string) {
    super(message);
  }
}

/** Exit 75: try again later (model server busy, disk full). */
export class TempFailError extends Error {
  readonly exitCode = 75;
  constructor(message: string) {
    super(message);
  }
}

export class AbortedError extends Error {
  constructor() {
    super('processing was stopped');
  }
}

export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new AbortedError();
}

/**
 * The result for a digitally signed deck left alone (editing would break the
 * signature): the same in normal and apply mode.
 */
export function signedDeckResult(slides: number): ProcessorResult {
  return {
    slides,
    objects: 0,
    written: 0,
    kept: 0,
    needsReview: 0,
    unresolved: 0,
    skipped: true,
    skipCode: 'SIGNED_DECK',
    skipReason: ERROR_MESSAGES.SIGNED_DECK,
    wroteOutput: false,
    items: [],
  };
}
