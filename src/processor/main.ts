/**
 * The built-in ALT-text processor as a subprocess (DESIGN.md §4):
 *   node --import tsx src/processor/main.ts --input IN --output OUT [--policy preserve|overwrite|audit]
 *     [--model-server URL --model NAME] [--ocr] [--notes-long-descriptions] [--mark-decorative] [--write-placeholders] [--include-signed]
 *     [--apply DECISIONS.json] [--previews DIR]
 *   node dist/processor/main.js --worker   persistent worker: deck after deck over NDJSON (worker.ts)
 * stdout carries NDJSON only (progress, log, one result); sentences for people go to stderr.
 * Exit: 0 done, 65 bad input, 75 try later, 143 stopped by SIGTERM.
 */
import { fstatSync, readFileSync, rmSync } from 'node:fs';
import type { AltPolicy, ProcessorMessage } from '../shared/types';
import { AbortedError, BadInputError, processDeck, TempFailError, tempPathFor, type ProcessOptions } from './process-deck';
import { parseApplyInstructions } from './apply-instructions';
import type { PreviewBacklog } from './previews';
import { fsPath } from '../core/fs-path';
import { MODEL_APIS, type ModelApiKind } from './model/api';

export interface ParsedArgs extends ProcessOptions {
  help?: boolean;
  /** --apply FILE: reviewed decisions (ApplyInstructions JSON) to write into the original deck. */
  applyFile?: string | null;
}

export class UsageError extends Error {}

export function parseArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): ParsedArgs {
  const o: ParsedArgs = {
    input: '',
    output: null,
    policy: (env.ALTDECK_POLICY as AltPolicy | undefined) ?? 'preserve',
    modelServer: env.ALTDECK_MODEL_SERVER || null,
    model: env.ALTDECK_MODEL || null,
    modelApi: (env.ALTDECK_MODEL_API as ModelApiKind | undefined) || null,
    modelCache: env.ALTDECK_MODEL_CACHE || null,
    language: env.ALTDECK_LANGUAGE || null,
    modelDomain: env.ALTDECK_MODEL_DOMAIN || null,
    modelConcurrency: env.ALTDECK_MODEL_CONCURRENCY ? Number(env.ALTDECK_MODEL_CONCURRENCY) : null,
    ocr: env.ALTDECK_OCR === '1',
    notesLongDescriptions: false,
    markDecorative: false,
    writePlaceholders: env.ALTDECK_WRITE_PLACEHOLDERS === '1',
    includeSigned: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--input':
        o.input = value();
        break;
      case '--output':
        o.output = value();
        break;
      case '--policy':
        o.policy = value() as AltPolicy;
        break;
      case '--model-server':
        o.modelServer = value();
        break;
      case '--model':
        o.model = value();
        break;
      case '--model-api':
        o.modelApi = value() as ModelApiKind;
        break;
      case '--model-cache':
        o.modelCache = value();
        break;
      case '--language':
        o.language = value();
        break;
      case '--model-domain':
        o.modelDomain = value();
        break;
      case '--model-concurrency':
        o.modelConcurrency = Number(value());
        break;
      case '--ocr':
        o.ocr = true;
        break;
      case '--no-ocr':
        o.ocr = false;
        break;
      case '--notes-long-descriptions':
        o.notesLongDescriptions = true;
        break;
      case '--mark-decorative':
        o.markDecorative = true;
        break;
      case '--write-placeholders':
        o.writePlaceholders = true;
        break;
      case '--apply':
        o.applyFile = value();
        break;
      case '--include-signed':
        o.includeSigned = true;
        break;
      case '--previews':
        o.previews = value();
        break;
      case '--previews-per-deck':
        o.previewsPerDeck = Number(value());
        break;
      case '--help':
      case '-h':
        o.help = true;
        break;
      default:
        throw new UsageError(`unknown option ${a}`);
    }
  }
  if (!['preserve', 'overwrite', 'audit'].includes(o.policy!)) throw new UsageError(`--policy must be preserve, overwrite or audit (got ${o.policy})`);
  if (!o.help && !o.input) throw new UsageError('--input is required');
  if (!o.help && o.policy !== 'audit' && !o.output) throw new UsageError('--output is required (except with --policy audit)');
  if (o.modelServer && !o.model) throw new UsageError('--model-server needs --model');
  if (o.modelApi && !(MODEL_APIS as readonly string[]).includes(o.modelApi)) throw new UsageError(`--model-api must be ${MODEL_APIS.join(', ')} (got ${o.modelApi})`);
  if (o.modelConcurrency != null && !(Number.isInteger(o.modelConcurrency) && o.modelConcurrency >= 1 && o.modelConcurrency <= 16)) {
    throw new UsageError('--model-concurrency must be a whole number from 1 to 16');
  }
  if (o.language && !/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/.test(o.language)) throw new UsageError(`--language must be a language code such as en, de or pt-BR (got ${o.language})`);
  if (o.applyFile && !o.output) throw new UsageError('--apply needs --output');
  if (o.previewsPerDeck != null && !(Number.isInteger(o.previewsPerDeck) && o.previewsPerDeck >= 0)) throw new UsageError('--previews-per-deck must be a whole number');
  return o;
}

const USAGE = `usage: altdeck-processor --input IN.pptx --output OUT.pptx [--policy preserve|overwrite|audit]
  [--model-server http://127.0.0.1:11434 --model NAME [--model-api auto|ollama|openai] [--model-cache DB]
   [--model-domain TEXT] [--model-concurrency N] [--language CODE]] [--ocr] [--notes-long-descriptions] [--mark-decorative] [--write-placeholders] [--include-signed]
  [--previews DIR [--previews-per-deck N]]  make the deck's first N pictures' ≤256 px report previews
                             (default: all) into this cache (<home>/thumbnails)
  [--apply DECISIONS.json]   write only the reviewed decisions (schema altdeck-apply/1) into a copy of the
                             original: nothing else is judged or changed; exit 65 when none of the shapes is found`;

export function emit(msg: ProcessorMessage): void {
  process.stdout.write(JSON.stringify(msg) + '\n');
}

/** True when stdin is a pipe from a parent (not a terminal, not /dev/null). */
function stdinIsPipe(): boolean {
  try {
    const st = fstatSync(0);
    return st.isFIFO() || st.isSocket();
  } catch {
    return false;
  }
}

/**
 * One deck, start to end, with no process-wide side effects (signals, stdin): shared by
 * the one-shot entry below and by the persistent worker (worker.ts). Returns the exit code.
 */
export async function runDeck(
  argv: string[],
  env: NodeJS.ProcessEnv,
  signal: AbortSignal,
  stopCode: () => number = () => 143,
  /** A worker's: report previews are made after the deck is answered for (previews.ts). */
  previewBacklog?: PreviewBacklog,
): Promise<number> {
  let opts: ParsedArgs;
  try {
    opts = parseArgs(argv, env);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}\n`);
    return 64;
  }
  if (opts.help) {
    process.stderr.write(USAGE + '\n');
    return 0;
  }
  if (opts.applyFile) {
    try {
      opts.apply = parseApplyInstructions(readFileSync(opts.applyFile, 'utf8'));
    } catch (e) {
      process.stderr.write(`The approved decisions could not be read (${opts.applyFile}): ${(e as Error).message}\n`);
      return 65;
    }
  }
  const ids = ['ALTDECK_BATCH_ID', 'ALTDECK_JOB_ID', 'ALTDECK_ATTEMPT'].filter((k) => env[k]).map((k) => `${k}=${env[k]}`);
  if (ids.length) emit({ type: 'log', level: 'info', message: ids.join(' ') });
  try {
    const result = await processDeck(previewBacklog ? { ...opts, previewBacklog } : opts, {
      signal,
      onProgress: (done, total, stage) => emit({ type: 'progress', done, total, ...(stage ? { stage } : {}) }),
      onLog: (level, message) => emit({ type: 'log', level, message }),
    });
    emit({ type: 'result', ...result });
    if (result.skipped) process.stderr.write(`${result.skipReason}\n`);
    return 0;
  } catch (e) {
    if (opts.output) rmSync(fsPath(tempPathFor(opts.output)), { force: true });
    if (signal.aborted || e instanceof AbortedError) return stopCode() || 143;
    if (e instanceof BadInputError || e instanceof TempFailError) {
      // the engine shows the last error log line to the user (RunOutcome.lastLog)
      emit({ type: 'log', level: 'error', message: e.message });
      process.stderr.write(`${e.message}\n`);
      return e.exitCode;
    }
    process.stderr.write(`altdeck processor: internal error: ${(e as Error).stack ?? String(e)}\n`);
    return 70;
  }
}

export async function main(argv: string[]): Promise<number> {
  const controller = new AbortController();
  let stopCode = 0;
  const stop = (code: number, why: string) => {
    if (controller.signal.aborted) return;
    stopCode = code;
    process.stderr.write(`altdeck processor: stopping (${why})\n`);
    controller.abort();
  };
  const onTerm = () => stop(143, 'SIGTERM');
  const onInt = () => stop(130, 'SIGINT');
  const onStdinEnd = () => stop(75, 'parent closed stdin');
  // the parent reading our stdout is gone (EPIPE): same as stdin closing, and no crash
  const onStdoutError = () => stop(75, 'stdout closed');
  process.on('SIGTERM', onTerm);
  process.on('SIGINT', onInt);
  process.stdout.on('error', onStdoutError);
  const watchStdin = stdinIsPipe();
  if (watchStdin) {
    process.stdin.on('end', onStdinEnd);
    process.stdin.on('close', onStdinEnd);
    process.stdin.on('error', onStdinEnd);
    process.stdin.resume();
  }
  try {
    return await runDeck(argv, process.env, controller.signal, () => stopCode);
  } finally {
    process.off('SIGTERM', onTerm);
    process.off('SIGINT', onInt);
    process.stdout.off('error', onStdoutError);
    if (watchStdin) {
      process.stdin.off('end', onStdinEnd);
      process.stdin.off('close', onStdinEnd);
      process.stdin.off('error', onStdinEnd);
      process.stdin.pause();
      process.stdin.destroy();
    }
  }
}

/**
 * Run as a program only when this file (source or its own bundle) is the script
 * node was started with. `require.main === module` is not enough: the CLI bundle
 * inlines this module, and there it would be true for the CLI's own start.
 */
function isEntryModule(): boolean {
  const entry = process.argv[1] ?? '';
  return /[\\/]processor[\\/]main\.(ts|js|cjs|mjs)$/.test(entry) || /[\\/]processor\.(js|cjs)$/.test(entry);
}

if (isEntryModule()) {
  // a closed stdout must not turn into an uncaught error after main() has cleaned up
  process.stdout.on('error', () => undefined);
  const argv = process.argv.slice(2);
  // `--worker`: deck after deck over NDJSON on stdin/stdout (worker.ts, runner/README.md)
  (argv[0] === '--worker' ? import('./worker').then((w) => w.workerMain()) : main(argv)).then(
    (code) => {
      process.exitCode = code;
      // stdout must be flushed before exit when it is a pipe
      process.stdout.write('', () => process.exit(code));
    },
    (e) => {
      process.stderr.write(`altdeck processor: ${(e as Error).stack ?? e}\n`);
      process.exit(70);
    },
  );
}
