/**
 * stdout and stderr that survive their reader going away. `altdeck batches | head`
 * closes the pipe after ten lines and `… | tee log` loses its tee on Ctrl+C: a
 * write then fails with EPIPE, which Node raises as an uncaught 'error' that would
 * kill the CLI in the middle of a batch, skipping its graceful stop and leaving
 * decks running and locks behind. A closed pipe stops the output, never the work.
 */
type Sink = NodeJS.WritableStream & { destroyed?: boolean; writable?: boolean };

const closed = new WeakSet<object>();
const guarded = new WeakSet<object>();

/** After this, an EPIPE (or any write error) on the stream only silences it. */
export function guardStream(stream: Sink): void {
  if (guarded.has(stream)) return;
  guarded.add(stream);
  stream.on('error', () => {
    // EPIPE, EIO (the terminal is gone), ERR_STREAM_DESTROYED: nobody reads any more.
    closed.add(stream);
  });
}

export function isClosed(stream: Sink): boolean {
  return closed.has(stream) || stream.destroyed === true || stream.writable === false;
}

/** Write unless the reader has gone; never throws. */
export function safeWrite(stream: Sink, s: string): void {
  if (isClosed(stream)) return;
  try {
    stream.write(s);
  } catch {
    closed.add(stream);
  }
}

export function guardStdio(): void {
  guardStream(process.stdout);
  guardStream(process.stderr);
}
