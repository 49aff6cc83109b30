/** Argument parsing for `altdeck` (pure; tested). Usage errors exit 2. */
import { parseArgs } from 'node:util';
import { BATCH_ID_RE } from '../core/queue/ids';
import { ALT_SOURCES, MODEL_APIS, type AltSource, type BatchSettings, type SettingsOverride } from '../shared/types';
import { isErrorCode } from '../shared/errors';
import { parseByteSize } from '../shared/limits';
import { closest } from './suggest';

/** A mistake in the command line: exit 2 with the sentence and the usage of `command`. */
export class UsageError extends Error {
  command?: string;
  constructor(message: string, command?: string) {
    super(message);
    this.command = command;
  }
}

const COMMANDS = ['batch', 'retry', 'status', 'batches', 'report', 'review', 'process', 'help'];

const BATCH_USAGE = `  altdeck batch <file-or-folder>... [options]   find decks (.pptx .pptm .ppsx .ppsm .potx .potm) in folders, check them, process them
    --out DIR              processed decks and reports (default: <first input folder>/altdeck-output)
    --dry-run              check and audit only; nothing is written but the batch record and its report
    --resume [BATCH_ID]    continue that batch (default: the most recent unfinished one); with it only
                           --workers --timeout --grace --max-attempts --error-threshold may change
    --workers N            processors in parallel (default 1)
    --timeout SEC          per-deck time limit (default 300)
    --grace SEC            SIGTERM to SIGKILL (default 10)
    --max-attempts N       (default 3)
    --error-threshold F    stop once failed/finished > F after 5 finished decks; 0 disables (default 0.5)
    --force                process even when an identical input was already done with the same settings
    --replace              overwrite existing outputs instead of choosing a new name
    --min-free SIZE        free space to keep on the output drive, e.g. 200MB (default 1GB); also with --resume
    --processor "CMD"      custom processor command (default: the built-in ALT-text processor)
      --processor-worker   it speaks the worker protocol: started once per worker as CMD --worker
    --policy P             preserve (default) | overwrite | audit
    --model-server URL     vision model server on this computer: Ollama (http://127.0.0.1:11434) or an
                           OpenAI-compatible one (llama.cpp, LM Studio, vLLM, LocalAI: http://127.0.0.1:8080/v1)
      --model NAME         the vision model (required with --model-server)
      --model-api A        auto (default: asks the server) | ollama | openai
      --model-domain TEXT  context line for the model, e.g. "medical school lecture" (default: none)
      --language CODE      language of generated text, e.g. de (default: each slide's own)
      --model-seconds-per-picture S   added to --timeout per picture to describe (default 60)
      --model-concurrency N  requests in flight to the server, across workers (default 1)
    --ocr                  read text inside images (offline)
    --write-placeholders   where nothing says what an image shows, write a placeholder ALT ("Image without a
                           description"); off by default, and a placeholder always counts as missing
    --json                 print the summary as JSON on stdout`;

/** Per command, for `altdeck help CMD` and `altdeck CMD --help`. */
export const COMMAND_USAGE: Record<string, string> = {
  batch: BATCH_USAGE,
  status: '  altdeck status [BATCH_ID] [--json]      counts and every deck\'s outcome (default: the latest batch)',
  batches: '  altdeck batches [--json]                every batch: id, kind (process, dry run, apply), state, counts, input and output folders',
  retry: `  altdeck retry BATCH_ID [--code CODE] [--json]   failed decks (only those with that error code) back in the
                         queue with fresh attempts, then run the batch; rejected decks are never retried`,
  report: '  altdeck report BATCH_ID [--format csv|json|html] [--out FILE]',
  review: `  altdeck review BATCH_ID [--export FILE [--all] | --import FILE | --approve-all [--source S] | --apply] [--json]
                         review decisions: counts; export/import (.json or .csv) for a second reviewer
                         (--all: also the proposals nobody decided yet, as a sheet to fill in: action, text);
                         approve every proposal (--source S to limit); --apply writes the final decks`,
  process: '  altdeck process --input IN --output OUT [--policy P] ...   run the built-in processor on one deck',
};

const GLOBAL_USAGE = `Global: --home DIR (or env ALTDECK_HOME): where the database, logs and lock records live.
        --version, --help (also: altdeck help COMMAND, altdeck COMMAND --help)
Exit codes: 0 all decks succeeded or were skipped; 1 some failed or were rejected by the check;
            2 usage error or no valid input; 3 stopped by the error threshold; 4 paused or unfinished
            (low disk, output folder or queue database problem, decks still to do): resume it;
            130/143 interrupted by SIGINT/SIGTERM (progress saved).`;

export const USAGE = `Usage:
${Object.values(COMMAND_USAGE).join('\n')}
${GLOBAL_USAGE}`;

export function usageOf(command: string | undefined): string {
  const u = command ? COMMAND_USAGE[command] : undefined;
  return u ? `Usage:\n${u}\n${GLOBAL_USAGE}` : USAGE;
}

export type Command =
  | {
      cmd: 'batch';
      inputs: string[];
      resume: string | true | null;
      settings: Partial<BatchSettings>;
      /** With --resume: the settings the user changed (recorded as a batch event). */
      overrides?: SettingsOverride;
      json: boolean;
      home?: string;
    }
  | { cmd: 'retry'; batchId: string; code: string | null; json: boolean; home?: string }
  | { cmd: 'status'; batchId: string | null; json: boolean; home?: string }
  | { cmd: 'batches'; json: boolean; home?: string }
  | { cmd: 'report'; batchId: string; format: 'csv' | 'json' | 'html'; out: string | null; home?: string }
  | { cmd: 'review'; batchId: string; action: 'counts' | 'export' | 'import' | 'approve-all' | 'apply'; file: string | null; source: AltSource | null; all: boolean; json: boolean; home?: string }
  | { cmd: 'process'; argv: string[] }
  | { cmd: 'help'; topic?: string }
  | { cmd: 'version' };

function num(name: string, v: string | undefined, opts: { int?: boolean; min?: number; max?: number } = {}): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || (opts.int && !Number.isInteger(n)) || (opts.min !== undefined && n < opts.min) || (opts.max !== undefined && n > opts.max)) {
    throw new UsageError(`--${name} needs ${opts.int ? 'a whole number' : 'a number'}${opts.min !== undefined ? ` ≥ ${opts.min}` : ''}${opts.max !== undefined ? ` and ≤ ${opts.max}` : ''}, not "${v}".`);
  }
  return n;
}

function minFree(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = parseByteSize(v);
  if (n === null) throw new UsageError(`--min-free needs a size such as 200MB, 1GB or 0, not "${v}".`);
  return n;
}

export function parseCli(argv: string[]): Command {
  const [cmd, ...rest] = argv;
  // No command at all is a mistake in a script (exit 2, usage on stderr); asking for help is not.
  if (!cmd) throw new UsageError('Give a command.');
  if (cmd === '--help' || cmd === '-h') return { cmd: 'help' };
  if (cmd === '--version' || cmd === '-V' || cmd === 'version') return { cmd: 'version' };
  if (cmd === 'help') {
    const topic = rest[0];
    if (topic && !COMMAND_USAGE[topic]) throw new UsageError(`There is no command "${topic}".${didYouMean(topic, COMMANDS)}`);
    return { cmd: 'help', topic };
  }
  if (cmd === 'process') return { cmd: 'process', argv: rest };
  if (!COMMANDS.includes(cmd)) {
    if (cmd.startsWith('-')) throw new UsageError(`Start with a command (batch, status, batches, report, review), not "${cmd}".`);
    throw new UsageError(`Unknown command "${cmd}".${didYouMean(cmd, COMMANDS)}`);
  }
  if (rest.includes('--help') || rest.includes('-h')) return { cmd: 'help', topic: cmd };

  // --resume takes an optional batch id, which parseArgs cannot express.
  let resume: string | true | null = null;
  const args: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '--resume') {
      if (rest[i + 1] && BATCH_ID_RE.test(rest[i + 1])) resume = rest[++i];
      else resume = true;
    } else if (rest[i].startsWith('--resume=')) resume = rest[i].slice('--resume='.length);
    else args.push(rest[i]);
  }

  let parsed;
  const options = {
        out: { type: 'string' },
        'dry-run': { type: 'boolean' },
        workers: { type: 'string' },
        timeout: { type: 'string' },
        grace: { type: 'string' },
        'max-attempts': { type: 'string' },
        'error-threshold': { type: 'string' },
        force: { type: 'boolean' },
        replace: { type: 'boolean' },
        'min-free': { type: 'string' },
        processor: { type: 'string' },
        'processor-worker': { type: 'boolean' },
        policy: { type: 'string' },
        'model-server': { type: 'string' },
        model: { type: 'string' },
        'model-api': { type: 'string' },
        'model-domain': { type: 'string' },
        language: { type: 'string' },
        'model-seconds-per-picture': { type: 'string' },
        'model-concurrency': { type: 'string' },
        ocr: { type: 'boolean' },
        'write-placeholders': { type: 'boolean' },
        json: { type: 'boolean' },
        home: { type: 'string' },
        format: { type: 'string' },
        export: { type: 'string' },
        import: { type: 'string' },
        'approve-all': { type: 'boolean' },
        apply: { type: 'boolean' },
        source: { type: 'string' },
        all: { type: 'boolean' },
        code: { type: 'string' },
      } as const;
  try {
    parsed = parseArgs({ args, allowPositionals: true, strict: true, options });
  } catch (e) {
    throw new UsageError(parseErrorSentence(e as Error & { code?: string }, Object.keys(options)), cmd);
  }
  const v = parsed.values;
  const pos = parsed.positionals;
  checkOptionsBelong(cmd, Object.keys(v).filter((k) => (v as Record<string, unknown>)[k] !== undefined));
  const home = v.home;
  switch (cmd) {
    case 'batch': {
      if (!pos.length && resume === null) throw new UsageError('Give at least one deck or folder, or --resume.');
      if (resume !== null) return resumeCommand(resume, pos, v, home);
      const policy = v.policy;
      if (policy !== undefined && !['preserve', 'overwrite', 'audit'].includes(policy)) throw new UsageError(`--policy must be preserve, overwrite or audit, not "${policy}".`);
      if ((v['model-server'] === undefined) !== (v.model === undefined)) throw new UsageError('--model-server and --model go together.');
      const modelOnly = ['model-api', 'model-domain', 'language', 'model-seconds-per-picture', 'model-concurrency'].find((k) => v[k as keyof typeof v] !== undefined);
      if (modelOnly && v['model-server'] === undefined) throw new UsageError(`--${modelOnly} needs --model-server and --model.`);
      const modelApi = v['model-api'];
      if (modelApi !== undefined && !(MODEL_APIS as readonly string[]).includes(modelApi)) throw new UsageError(`--model-api must be ${MODEL_APIS.join(', ')}, not "${modelApi}".`);
      const language = v.language;
      if (language !== undefined && !/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/.test(language)) throw new UsageError(`--language needs a language code such as en, de or pt-BR, not "${language}".`);
      const settings: Partial<BatchSettings> = {
        outputDir: v.out,
        dryRun: v['dry-run'] ?? false,
        workers: num('workers', v.workers, { int: true, min: 1, max: 64 }),
        timeoutSec: num('timeout', v.timeout, { min: 0.001 }),
        graceSec: num('grace', v.grace, { min: 0 }),
        maxAttempts: num('max-attempts', v['max-attempts'], { int: true, min: 1, max: 100 }),
        errorThreshold: num('error-threshold', v['error-threshold'], { min: 0, max: 1 }),
        force: v.force ?? false,
        replaceOutputs: v.replace ?? false,
        minFreeBytes: minFree(v['min-free']),
        processor: v.processor ?? null,
        processorWorker: v['processor-worker'] || undefined,
        altPolicy: policy as BatchSettings['altPolicy'] | undefined,
        modelServer: v['model-server'] ?? null,
        model: v.model ?? null,
        modelApi: modelApi as BatchSettings['modelApi'],
        modelDomain: v['model-domain']?.trim() || undefined,
        modelLanguage: language,
        modelSecPerPicture: num('model-seconds-per-picture', v['model-seconds-per-picture'], { min: 0, max: 3600 }),
        modelConcurrency: num('model-concurrency', v['model-concurrency'], { int: true, min: 1, max: 16 }),
        ocr: v.ocr ?? false,
        writePlaceholders: v['write-placeholders'] ?? false,
      };
      return { cmd: 'batch', inputs: pos, resume, settings, json: v.json ?? false, home };
    }
    case 'retry': {
      if (pos.length !== 1 || !BATCH_ID_RE.test(pos[0])) throw new UsageError('retry needs one batch id.');
      const code = v.code ?? null;
      if (code !== null && !isErrorCode(code.toUpperCase())) throw new UsageError(`--code must be an error code such as PROCESSOR_TIMEOUT (see README "Error codes"), not "${code}".`);
      return { cmd: 'retry', batchId: pos[0], code: code?.toUpperCase() ?? null, json: v.json ?? false, home };
    }
    case 'status':
      if (pos.length > 1) throw new UsageError('status takes at most one batch id.');
      return { cmd: 'status', batchId: pos[0] ?? null, json: v.json ?? false, home };
    case 'batches':
      return { cmd: 'batches', json: v.json ?? false, home };
    case 'report': {
      if (pos.length !== 1) throw new UsageError('report needs one batch id.');
      const format = (v.format ?? 'html') as 'csv' | 'json' | 'html';
      if (!['csv', 'json', 'html'].includes(format)) throw new UsageError(`--format must be csv, json or html, not "${format}".`);
      return { cmd: 'report', batchId: pos[0], format, out: v.out ?? null, home };
    }
    case 'review': {
      if (pos.length !== 1) throw new UsageError('review needs one batch id.');
      const chosen = [v.export !== undefined, v.import !== undefined, !!v['approve-all'], !!v.apply].filter(Boolean).length;
      if (chosen > 1) throw new UsageError('Choose one of --export, --import, --approve-all, --apply.', cmd);
      const action = v.export !== undefined ? 'export' : v.import !== undefined ? 'import' : v['approve-all'] ? 'approve-all' : v.apply ? 'apply' : 'counts';
      const source = v.source ?? null;
      if (source !== null) {
        if (action !== 'approve-all') throw new UsageError('--source goes with --approve-all.', cmd);
        if (!(ALT_SOURCES as readonly string[]).includes(source))
          throw new UsageError(`--source must be one of ${ALT_SOURCES.join(', ')}, not "${source}".${didYouMean(source, ALT_SOURCES)}`, cmd);
      }
      if (v.all && action !== 'export') throw new UsageError('--all goes with --export.', cmd);
      return { cmd: 'review', batchId: pos[0], action, file: v.export ?? v.import ?? null, source: source as AltSource | null, all: v.all ?? false, json: v.json ?? false, home };
    }
    default:
      throw new UsageError(`Unknown command "${cmd}".`);
  }
}

/**
 * Options of the other commands: `status --workers 2` or `batch --format csv` is a
 * mistake to point out, not something to ignore. Every option not listed here is a
 * `batch` option, so a new batch option needs no entry.
 */
const GLOBAL_OPTIONS = ['json', 'home'];
const COMMAND_OPTIONS: Record<string, string[]> = {
  status: [],
  batches: [],
  retry: ['code'],
  report: ['format', 'out'],
  review: ['export', 'import', 'approve-all', 'apply', 'source', 'all'],
};
const NOT_FOR_BATCH = new Set(Object.entries(COMMAND_OPTIONS).flatMap(([c, opts]) => (c === 'report' ? opts.filter((o) => o !== 'out') : opts)));

function checkOptionsBelong(cmd: string, given: string[]): void {
  for (const o of given) {
    if (GLOBAL_OPTIONS.includes(o)) continue;
    const allowed = cmd === 'batch' ? !NOT_FOR_BATCH.has(o) : (COMMAND_OPTIONS[cmd] ?? []).includes(o);
    if (allowed) continue;
    const owners = Object.entries(COMMAND_OPTIONS)
      .filter(([, opts]) => opts.includes(o))
      .map(([c]) => c);
    const where = NOT_FOR_BATCH.has(o) ? owners : ['batch', ...owners];
    throw new UsageError(`--${o} is not an option of altdeck ${cmd} (it goes with altdeck ${where.join(' or ')}).`, cmd);
  }
}

function didYouMean(word: string, candidates: readonly string[], prefix = ''): string {
  const c = closest(word, candidates);
  return c ? ` Did you mean ${prefix}${c}?` : '';
}

/** node:util parseArgs errors, rewritten as what the person meant. */
function parseErrorSentence(e: Error & { code?: string }, names: string[]): string {
  const opt = /'(-{1,2}[^'\s]+)[^']*'/.exec(e.message)?.[1];
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && opt) {
    const bare = opt.replace(/^-+/, '').split('=')[0];
    const hint = didYouMean(bare, names, '--');
    return `Unknown option ${opt}.${hint || ' See the usage below.'}`;
  }
  if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && opt) {
    return /argument missing/.test(e.message) ? `${opt} needs a value.` : `${opt} takes no value.`;
  }
  return e.message;
}

/**
 * Options --resume may take: the ones that change how, not what, a batch processes
 * (RESUMABLE_SETTINGS, plus global ones). Anything else is refused, never silently ignored.
 */
const RESUME_OPTIONS = new Set(['workers', 'timeout', 'grace', 'max-attempts', 'error-threshold', 'min-free', 'json', 'home']);

function resumeCommand(resume: string | true, pos: string[], v: Record<string, string | boolean | undefined>, home: string | undefined): Command {
  if (pos.length) throw new UsageError('--resume continues a batch with its own decks: give no files or folders with it.');
  const fixed = Object.keys(v).filter((k) => v[k] !== undefined && !RESUME_OPTIONS.has(k));
  if (fixed.length) {
    throw new UsageError(
      `--${fixed[0]} cannot change when a batch is resumed (it would change what the batch's outputs are). ` +
        'Only --workers, --timeout, --grace, --max-attempts, --error-threshold and --min-free can; start a new batch for the rest.',
    );
  }
  const str = (k: string) => v[k] as string | undefined;
  const overrides: SettingsOverride = Object.fromEntries(
    Object.entries({
      workers: num('workers', str('workers'), { int: true, min: 1, max: 64 }),
      timeoutSec: num('timeout', str('timeout'), { min: 0.001 }),
      graceSec: num('grace', str('grace'), { min: 0 }),
      maxAttempts: num('max-attempts', str('max-attempts'), { int: true, min: 1, max: 100 }),
      errorThreshold: num('error-threshold', str('error-threshold'), { min: 0, max: 1 }),
      // The usual reason to resume with it: a LOW_DISK pause on a drive that will never have 1 GB free.
      minFreeBytes: minFree(str('min-free')),
    }).filter(([, n]) => n !== undefined),
  );
  return { cmd: 'batch', inputs: [], resume, settings: {}, overrides, json: (v.json as boolean | undefined) ?? false, home };
}
