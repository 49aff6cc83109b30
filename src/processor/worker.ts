/**
 * The built-in processor as a persistent worker (issue 10; protocol in
 * src/core/runner/README.md): `node dist/processor/main.js --worker` takes deck after
 * deck over NDJSON on stdin and answers on stdout, so a batch pays Node's start-up and
 * the processor's module loading once per worker, not once per deck.
 *
 *   engine → worker  {"type":"job","id":"7","args":["--input","IN","--output","OUT",…],"env":{"ALTDECK_JOB_ID":"7",…}}
 *   worker → engine  {"type":"ready","protocol":1,"pid":1234}            once, at start
 *                    progress / log / result lines, exactly as a one-shot run writes them
 *                    {"type":"done","id":"7","exitCode":0,"rssBytes":123456789}
 *
 * One deck at a time. stdin closing ends the worker: when idle, once the report previews
 * it still owes are made (previews.ts PreviewBacklog; exit 0); a deck in progress is
 * abandoned as a one-shot run would be (its temp file removed, done with exit code 75)
 * before it exits. SIGTERM abandons the deck in progress and exits 143 without waiting
 * for previews.
 */
import { createInterface } from 'node:readline';
import { emit, runDeck } from './main';
import { warmThumbnailDecoder } from '../core/thumbnail';
import { PreviewBacklog } from './previews';

export const WORKER_PROTOCOL = 1;

interface JobRequest {
  id: string;
  args: string[];
  env: Record<string, string>;
}

function parseJob(line: string): JobRequest | null {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return null;
  }
  const m = v as Partial<JobRequest> & { type?: unknown };
  if (!m || m.type !== 'job' || typeof m.id !== 'string' || !Array.isArray(m.args) || !m.args.every((a) => typeof a === 'string')) return null;
  const env: Record<string, string> = {};
  if (m.env && typeof m.env === 'object') for (const [k, val] of Object.entries(m.env)) if (typeof val === 'string') env[k] = val;
  return { id: m.id, args: m.args, env };
}

function write(obj: object): void {
  process.stdout.write(JSON.stringify(obj) + '\n');
}

/** A job's ALTDECK_* variables are the process's for the length of that job only. */
function withEnv<T>(vars: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.keys(vars).map((k) => [k, process.env[k]] as const);
  Object.assign(process.env, vars);
  return fn().finally(() => {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });
}

export function workerMain(): Promise<number> {
  return new Promise<number>((resolveExit) => {
    const queue: JobRequest[] = [];
    let current: AbortController | null = null;
    let stopCode = 0;
    let ending = false;
    let exitCode = 0;
    const backlog = new PreviewBacklog();

    const finishIfIdle = () => {
      if (!ending || current) return;
      // A polite end (stdin closed) makes the previews the report will read; a signal does not wait.
      if (exitCode === 0) void backlog.drain().then(() => resolveExit(exitCode));
      else resolveExit(exitCode);
    };
    const abandon = (code: number, why: string) => {
      if (current && !current.signal.aborted) {
        stopCode = code;
        process.stderr.write(`altdeck processor worker: stopping the deck in progress (${why})\n`);
        current.abort();
      }
    };

    const next = async (): Promise<void> => {
      if (current || ending) return;
      const job = queue.shift();
      if (!job) return;
      const controller = new AbortController();
      current = controller;
      stopCode = 0;
      let code: number;
      try {
        code = await withEnv(job.env, () => runDeck(job.args, process.env, controller.signal, () => stopCode, backlog));
      } catch (e) {
        process.stderr.write(`altdeck processor worker: internal error: ${(e as Error).stack ?? String(e)}\n`);
        code = 70;
      }
      current = null;
      write({ type: 'done', id: job.id, exitCode: code, rssBytes: process.memoryUsage.rss() });
      finishIfIdle();
      void next();
    };

    process.on('SIGTERM', () => {
      exitCode = 143;
      ending = true;
      abandon(143, 'SIGTERM');
      finishIfIdle();
    });
    process.on('SIGINT', () => {
      exitCode = 130;
      ending = true;
      abandon(130, 'SIGINT');
      finishIfIdle();
    });
    // The engine reading our stdout is gone: nobody will read a result.
    process.stdout.on('error', () => {
      ending = true;
      abandon(75, 'stdout closed');
      finishIfIdle();
    });

    const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
    lines.on('line', (line) => {
      if (!line.trim()) return;
      const job = parseJob(line);
      if (!job) {
        process.stderr.write(`altdeck processor worker: ignored a line that is not a job request: ${line.slice(0, 200)}\n`);
        return;
      }
      queue.push(job);
      void next();
    });
    // The polite stop, and the sign the engine died (even by kill -9): finish nothing new.
    lines.on('close', () => {
      ending = true;
      queue.length = 0;
      abandon(75, 'parent closed stdin');
      finishIfIdle();
    });
    process.stdin.on('error', () => undefined);
    write({ type: 'ready', protocol: WORKER_PROTOCOL, pid: process.pid });
    // Loading libvips takes ~0.1-0.3 s: done while the worker waits for its first deck (the
    // engine starts workers during the dry run), not inside the first deck's previews.
    setImmediate(() => void warmThumbnailDecoder());
  });
}
