/**
 * `altdeck` command line: the same engine the app uses, on a terminal.
 * Ctrl+C once: graceful (processors stopped, decks back in the queue, progress
 * kept); twice: at once. Exit codes are in ./args.ts USAGE and the README.
 */
import { dirname, extname, join, resolve } from 'node:path';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Engine } from '../core/engine';
import { createLogger } from '../core/log';
import { adoptOldHome, roamingHome } from '../core/home-migration';
import { defaultHome, platformHome } from '../core/paths';
import { formatDuration } from '../core/progress';
import { APP_VERSION } from '../core/version';
import { assertOutputFolderSafe } from '../core/output-safety';
import { folderReportPath } from '../core/report-folder';
import { parseCli, UsageError, usageOf, type Command } from './args';
import { buildSummary, EXIT_UNFINISHED, EXIT_USAGE, exitCodeFor, formatSummaryText, rejectedSummary, type BatchSummary } from './summary';
import { attachProgress } from './progress-line';
import { phaseClock } from './phases';
import { guardStdio, safeWrite } from './output';

// Through safeWrite: a reader that went away (`| head`) silences the output, never stops the work.
function out(s: string): void {
  safeWrite(process.stdout, s.endsWith('\n') ? s : `${s}\n`);
}
function err(s: string): void {
  safeWrite(process.stderr, s.endsWith('\n') ? s : `${s}\n`);
}

function homeOf(home: string | undefined): string {
  // Windows moved the queue from Roaming to Local AppData: copy an old one over once (it stays where it was).
  if (home === undefined && !process.env.ALTDECK_HOME && process.platform === 'win32') {
    try {
      adoptOldHome(platformHome(), roamingHome(process.env, 'win32'));
    } catch {
      // The old queue stays in Roaming, untouched; the CLI goes on with the Local one.
    }
  }
  return resolve(home ?? defaultHome());
}

function openEngine(home: string | undefined): Engine {
  const h = homeOf(home);
  // ALTDECK_DB_BUSY_MS: how long to wait for a queue another program holds (default 30 s).
  const busy = Number(process.env.ALTDECK_DB_BUSY_MS);
  return Engine.open({ home: h, logger: createLogger(h), dbBusyMs: Number.isFinite(busy) && busy >= 0 ? busy : undefined });
}

/** Fatal errors go to the log the message points to; where the log cannot be written, the message says so. */
function logFatal(home: string | undefined, e: unknown): string {
  const file = join(homeOf(home), 'logs', 'altdeck.log');
  try {
    mkdirSync(dirname(file), { recursive: true });
    appendFileSync(file, `[${new Date().toISOString()}] [error] altdeck ${process.argv.slice(2).join(' ')}: ${(e as Error)?.stack ?? String(e)}\n`);
    return `Details are in the log: ${file}`;
  } catch (le) {
    return `The log ${file} could not be written either (${(le as Error).message}); the details are above.`;
  }
}

async function runBatch(c: Extract<Command, { cmd: 'batch' }>, verb: 'Resuming' | 'Retrying' | 'Applying' = 'Resuming'): Promise<number> {
  const { phase, line: timings } = phaseClock();
  // A mistyped path is a mistake in the command, not a deck to report: nothing is created.
  const missing = c.resume === null ? c.inputs.filter((p) => !existsSync(p)) : [];
  if (missing.length) {
    for (const p of missing) err(`altdeck: ${resolve(p)} does not exist. Check the path; nothing was started.`);
    return EXIT_USAGE;
  }
  const engine = openEngine(c.home);
  let signalled: NodeJS.Signals | null = null;
  const onSignal = (sig: NodeJS.Signals) => {
    if (signalled) {
      err('\nStopping at once.');
      engine.forceStop();
      process.exit(sig === 'SIGINT' ? 130 : 143);
    }
    signalled = sig;
    err(`\n${sig === 'SIGINT' ? 'Ctrl+C' : sig}: finishing safely (decks in progress go back to the queue). Press Ctrl+C again to stop at once.`);
    void engine.shutdown();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    let batchId: string;
    if (c.resume !== null) {
      const b = c.resume === true ? engine.latestUnfinished() : engine.getBatch(c.resume);
      if (!b) {
        err(c.resume === true ? 'There is no unfinished batch to resume.' : `No batch ${c.resume} in ${engine.store.db.name}.`);
        return EXIT_USAGE;
      }
      batchId = b.id;
      if (b.state === 'active') {
        // Start-up recovery turned a dead owner's batch into `interrupted`: this one has a live AltDeck.
        err(`Batch ${batchId} is running in another AltDeck right now; stop it there first.`);
        return EXIT_USAGE;
      }
      if (c.overrides && Object.keys(c.overrides).length) {
        const changed = engine.changeSettings(batchId, c.overrides, 'cli --resume');
        for (const k of Object.keys(changed.to) as Array<keyof typeof changed.to>) err(`${k}: ${changed.from[k]} -> ${changed.to[k]}`);
      }
      err(`${verb} batch ${batchId} (${b.counts.pending + b.counts.retrying + b.counts.running} deck(s) to do).`);
    } else {
      const inputs = c.inputs.map((p) => resolve(p));
      const outputDir = c.settings.outputDir ? resolve(c.settings.outputDir) : undefined;
      // Check first, create after: an empty folder, or (outside a dry run) nothing
      // that can be processed, must leave no batch behind for --resume to trip on.
      const outOrDefault = outputDir ?? engine.defaultOutputDir(inputs);
      assertOutputFolderSafe(inputs, outOrDefault); // before the scan, as createBatch does
      engine.warmWorkers(c.settings); // their start-up overlaps the check (issue 10)
      const pre = await engine.preflight(inputs, [outOrDefault]);
      phase('check');
      if (pre.files.length === 0 || (pre.accepted === 0 && !c.settings.dryRun)) {
        if (pre.files.length) emitSummary(rejectedSummary(pre.files, c.settings.dryRun ?? false), c.json);
        if (pre.files.length === 0) err('No PowerPoint decks were found in the given files or folders. Nothing was started.');
        else err('None of the given decks can be processed (see the reasons above). Nothing was started.');
        return EXIT_USAGE;
      }
      batchId = (await engine.createBatch({ inputs, settings: { ...c.settings, outputDir } }, pre)).id;
      phase('queue');
    }
    const isTty = Boolean(process.stderr.isTTY) && !c.json;
    const detach = attachProgress((fn) => engine.on('event', fn), process.stderr, isTty);
    const batch0 = engine.getBatch(batchId)!;
    if (!batch0.settings.dryRun) {
      await engine.start(batchId);
      await engine.waitForBatch(batchId);
      phase('run');
    }
    detach();
    const fault = engine.dbFault;
    if (fault) {
      // Processors are stopped and locks released; the queue keeps what it could save.
      err(`altdeck: ${fault.code}: ${fault.message}`);
      err(logFatal(c.home, new Error(`${fault.code}: ${fault.message}`)));
      err(`When it is fixed, run \`altdeck batch --resume ${batchId}\` to continue.`);
      return EXIT_UNFINISHED;
    }
    if (signalled) {
      // shutdown() has closed the database: the batch is saved as interrupted.
      err(`Interrupted. Progress is saved: run \`altdeck batch --resume ${batchId}\` to continue.`);
      return signalled === 'SIGINT' ? 130 : 143;
    }
    const batch = engine.getBatch(batchId)!;
    // Every run's active time, not only this one's (a resumed batch).
    const activeMs = batch.activeMs;
    const summary = buildSummary(batch, engine.listJobs(batchId).jobs, activeMs);
    summary.reports = {};
    phase('summary');
    for (const f of ['csv', 'json', 'html'] as const) {
      try {
        summary.reports[f] = await engine.writeReport(batchId, f);
      } catch (e) {
        err(`Could not write the ${f} report: ${(e as Error).message}`);
      }
      phase(`${f} report`);
    }
    createLogger(homeOf(c.home)).info(`[${batchId}] ${timings()}`);
    // The output folder's report (every batch that wrote there), refreshed with the HTML one.
    const folderReport = folderReportPath(batch.settings.outputDir);
    if (!batch.settings.dryRun && summary.reports.html && existsSync(folderReport)) summary.reports.folder = folderReport;
    emitSummary(summary, c.json);
    if (!c.json) err(`Took ${formatDuration(activeMs)}${batch.startedAt !== null && !batch.settings.dryRun ? ' of processing time over every run' : ''}.`);
    if (!c.json && exitCodeFor(summary) === 4) err(`The batch is not finished: run \`altdeck batch --resume ${batchId}\` to continue.`);
    return exitCodeFor(summary);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    engine.close();
  }
}

function emitSummary(s: BatchSummary, json: boolean): void {
  if (json) out(JSON.stringify(s, null, 2));
  else out(formatSummaryText(s));
}

function status(c: Extract<Command, { cmd: 'status' }>): number {
  const engine = openEngine(c.home);
  try {
    const b = c.batchId ? engine.getBatch(c.batchId) : (engine.listBatches()[0] ?? null);
    if (!b) {
      err(c.batchId ? `No batch ${c.batchId}.` : 'No batches yet.');
      return EXIT_USAGE;
    }
    const summary = buildSummary(b, engine.listJobs(b.id).jobs, b.activeMs);
    emitSummary(summary, c.json);
    return 0;
  } finally {
    engine.close();
  }
}

function batches(c: Extract<Command, { cmd: 'batches' }>): number {
  const engine = openEngine(c.home);
  try {
    const list = engine.listBatches();
    const kindOf = (b: (typeof list)[number]) => (b.kind === 'apply' ? 'apply' : b.settings.dryRun ? 'dry run' : 'process');
    if (c.json)
      out(
        JSON.stringify(
          list.map((b) => ({
            batchId: b.id,
            kind: kindOf(b),
            state: b.state,
            createdAt: new Date(b.createdAt).toISOString(),
            dryRun: b.settings.dryRun,
            inputDir: b.settings.inputRoot,
            outputDir: b.settings.dryRun ? null : b.settings.outputDir,
            parentBatchId: b.parentBatchId ?? null,
            counts: b.counts,
            reason: b.reason,
          })),
          null,
          2,
        ),
      );
    else if (!list.length) out('No batches yet.');
    else
      for (const b of list) {
        const c = b.counts;
        const counts = b.settings.dryRun ? `${c.total - c.rejected} accepted, ${c.rejected} rejected` : `${c.succeeded} ok, ${c.skipped} skipped, ${c.failed} failed, ${c.rejected} rejected`;
        const where = b.kind === 'apply' ? `reviewed batch ${b.parentBatchId ?? '?'} -> ${b.settings.outputDir}` : b.settings.dryRun ? b.settings.inputRoot : `${b.settings.inputRoot} -> ${b.settings.outputDir}`;
        // Written row by row: with `| head` the rest is dropped quietly (see ./output.ts).
        out(`${b.id}  ${kindOf(b).padEnd(7)}  ${b.state.padEnd(11)} ${String(c.total).padStart(5)} deck(s)  ${counts.padEnd(42)}  ${where}`);
      }
    return 0;
  } finally {
    engine.close();
  }
}

/** The app's "Retry failed": failed decks (optionally one error code) back in the queue, then the batch runs. */
async function retry(c: Extract<Command, { cmd: 'retry' }>): Promise<number> {
  const engine = openEngine(c.home);
  let n: number;
  try {
    const b = engine.getBatch(c.batchId);
    if (!b) {
      err(`No batch ${c.batchId}.`);
      return EXIT_USAGE;
    }
    if (b.settings.dryRun) {
      err(`Batch ${c.batchId} was a dry run; create a new batch to process its decks.`);
      return EXIT_USAGE;
    }
    if (b.state === 'active') {
      err(`Batch ${c.batchId} is running in another AltDeck right now; stop it there first.`);
      return EXIT_USAGE;
    }
    n = await engine.retryFailed(c.batchId, c.code ?? undefined);
    const open = b.counts.pending + b.counts.retrying + b.counts.running;
    if (n === 0 && open === 0) {
      const rejected = b.counts.rejected ? ` ${b.counts.rejected} deck(s) rejected by the check are never retried: fix each file (see its reason) and add it again.` : '';
      err(`No failed decks${c.code ? ` with ${c.code}` : ''} to retry in batch ${c.batchId}.${rejected}`);
      return 0;
    }
    err(`${n} failed deck(s)${c.code ? ` with ${c.code}` : ''} back in the queue.`);
  } finally {
    engine.close();
  }
  return runBatch({ cmd: 'batch', inputs: [], resume: c.batchId, settings: {}, json: c.json, home: c.home }, 'Retrying');
}

async function report(c: Extract<Command, { cmd: 'report' }>): Promise<number> {
  const engine = openEngine(c.home);
  try {
    if (!engine.getBatch(c.batchId)) {
      err(`No batch ${c.batchId}.`);
      return EXIT_USAGE;
    }
    out(await engine.writeReport(c.batchId, c.format, c.out ? resolve(c.out) : undefined));
    return 0;
  } finally {
    engine.close();
  }
}

async function review(c: Extract<Command, { cmd: 'review' }>): Promise<number> {
  const engine = openEngine(c.home);
  try {
    if (!engine.getBatch(c.batchId)) {
      err(`No batch ${c.batchId}.`);
      return EXIT_USAGE;
    }
    const format = (f: string) => (extname(f).toLowerCase() === '.csv' ? 'csv' : 'json');
    switch (c.action) {
      case 'export':
        writeFileSync(resolve(c.file!), engine.exportDecisions(c.batchId, format(c.file!), { all: c.all }));
        out(resolve(c.file!));
        return 0;
      case 'import': {
        const r = engine.importDecisions(c.batchId, readFileSync(resolve(c.file!), 'utf8'), format(c.file!));
        out(c.json ? JSON.stringify(r) : `${r.imported} decision(s) imported, ${r.skippedOlder} older than ours kept, ${r.unmatched} not in this batch${r.blank ? `, ${r.blank} left blank (still undecided)` : ''}.`);
        return 0;
      }
      case 'approve-all': {
        const n = engine.bulkApprove({ batchId: c.batchId, source: (c.source ?? undefined) as never });
        out(`${n} proposal(s) approved.`);
        return 0;
      }
      case 'apply': {
        const b = await engine.applyApproved(c.batchId);
        engine.close();
        return runBatch({ cmd: 'batch', inputs: [], resume: b.id, settings: {}, json: c.json, home: c.home }, 'Applying');
      }
      default: {
        const counts = engine.reviewCounts(c.batchId);
        out(c.json ? JSON.stringify(counts) : `${counts.items} image(s): ${counts.reviewed} reviewed (${counts.approved} approved, ${counts.edited} edited, ${counts.decorative} decorative, ${counts.rejected} kept), ${counts.undecided} undecided, ${counts.needsReview} flagged for review. Images: ${counts.done ?? 0} done, ${counts.draft ?? 0} draft (awaiting review), ${counts.missing ?? 0} missing alternative text. Decisions: ${counts.groups ?? counts.items} needed for ${counts.items} image(s) (identical images are decided once), ${counts.groupsDecided ?? 0} made.`);
        return 0;
      }
    }
  } finally {
    engine.close();
  }
}

export async function main(argv: string[]): Promise<number> {
  guardStdio();
  let c: Command;
  try {
    c = parseCli(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      // The sentence, then where the usage is: a page of options would bury the one line that matters.
      const topic = argv[0] && usageOf(argv[0]) !== usageOf(undefined) ? ` ${argv[0]}` : '';
      err(argv[0] ? `altdeck: ${e.message}\nRun \`altdeck help${topic}\` for the usage.` : `altdeck: ${e.message}\n\n${usageOf(undefined)}`);
      return EXIT_USAGE;
    }
    throw e;
  }
  const home = 'home' in c ? c.home : undefined;
  try {
    switch (c.cmd) {
      case 'help':
        out(usageOf(c.topic));
        return 0;
      case 'version':
        out(`altdeck ${APP_VERSION}`);
        return 0;
      case 'batch':
        return await runBatch(c);
      case 'status':
        return status(c);
      case 'batches':
        return batches(c);
      case 'report':
        return await report(c);
      case 'retry':
        return await retry(c);
      case 'review':
        return await review(c);
      case 'process': {
        const processor = await import('../processor/main');
        return await processor.main(c.argv);
      }
    }
  } catch (e) {
    const code = (e as { code?: string }).code;
    err(`altdeck: ${(e as Error).message}`);
    // Refusals that need the user's choice, not a log: a usage error.
    const usage = code === 'DB_FROM_FUTURE' || code === 'OUTPUT_OVERLAPS_INPUT';
    if (!usage) err(logFatal(home, e));
    return usage ? EXIT_USAGE : 1;
  }
}

/** Exit code of an internal error that escaped main() (README "Exit codes"; sysexits' EX_SOFTWARE). */
export const EXIT_INTERNAL = 70;

/** `--home DIR` / `--home=DIR` read without the parser: the error may have come from the parser itself. */
function homeFromArgv(argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--home' && argv[i + 1]) return argv[i + 1];
    if (argv[i].startsWith('--home=')) return argv[i].slice('--home='.length);
  }
  return undefined;
}

/**
 * The last word on an error nothing else caught (bin/altdeck.js: main() rejected, an uncaught
 * exception or rejection): one sentence naming the log, the stack in the log, never on the terminal.
 */
export function reportFatal(argv: string[], e: unknown): number {
  let where: string;
  try {
    where = logFatal(homeFromArgv(argv), e);
  } catch {
    where = 'The log could not be written either.';
  }
  err(`altdeck: an internal error stopped AltDeck; the queue keeps what was saved. ${where}`);
  return EXIT_INTERNAL;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => process.exit(reportFatal(process.argv.slice(2), e)),
  );
}
