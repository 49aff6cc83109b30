/**
 * One logger for CLI and app: electron-log's node entry works without Electron,
 * and main uses the same file so a support request needs one log.
 */
import log from 'electron-log/node';
import { appendFileSync, closeSync, mkdirSync, openSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export interface Logger {
  info(...a: unknown[]): void;
  warn(...a: unknown[]): void;
  error(...a: unknown[]): void;
  debug(...a: unknown[]): void;
}

let configuredFor: string | null = null;

export function createLogger(home: string, opts: { console?: boolean } = {}): Logger {
  const dir = join(home, 'logs');
  try {
    mkdirSync(dir, { recursive: true });
  } catch {
    // A read-only or full home: the messages still reach the user; only the file is missing.
  }
  if (configuredFor !== dir) {
    log.transports.file.resolvePathFn = () => join(dir, 'altdeck.log');
    log.transports.file.maxSize = 10 * 1024 * 1024;
    configuredFor = dir;
  }
  log.transports.console.level = opts.console ? 'info' : false;
  return log;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {}, debug() {} };

/**
 * Per-job log with the processor's output, bounded so a chatty processor cannot fill the disk.
 * The file stays open from the first line to close(): an append that opens and closes the
 * file each time cost ~0.7 ms a line here, ~5 ms a deck on the engine's one thread (issue 10).
 * A line after close() (a late output line) is appended the slow way.
 */
export class JobLog {
  private written = 0;
  private truncated = false;
  private fd: number | null = null;
  private closed = false;
  constructor(
    readonly path: string,
    private readonly maxBytes = 256 * 1024,
  ) {
    try {
      mkdirSync(join(path, '..'), { recursive: true });
      this.written = statSync(path).size;
    } catch {
      this.written = 0;
    }
  }
  line(text: string): void {
    if (this.truncated) return;
    const s = `${new Date().toISOString()} ${text}\n`;
    if (this.written + s.length > this.maxBytes) {
      this.truncated = true;
      try {
        appendFileSync(this.path, `… log truncated at ${this.maxBytes} bytes\n`);
      } catch {
        // a full disk: the per-deck log is best effort
      }
      return;
    }
    this.written += s.length;
    try {
      if (this.closed) appendFileSync(this.path, s);
      else writeSync((this.fd ??= openSync(this.path, 'a')), s);
    } catch {
      this.truncated = true;
    }
  }
  close(): void {
    this.closed = true;
    if (this.fd === null) return;
    try {
      closeSync(this.fd);
    } catch {
      // already gone with the disk: nothing left to flush (writeSync does not buffer)
    }
    this.fd = null;
  }
}
