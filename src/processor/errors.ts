/** Why processing stopped, as the exit code the engine understands (DESIGN.md §4). */

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
