/**
 * Before a batch runs: the preflight of its inputs (the dry run's verdicts) and the
 * batch made from them, with a job per file in the state its verdict gives it.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { CreateBatchRequest, EngineEvent, PreflightReport } from '../shared/engine-api';
import type { BatchInfo, PreflightResult } from '../shared/types';
import { DEFAULT_OUTPUT_FOLDER } from '../shared/output-folder';
import type { QueueStore, NewJob } from './queue/store';
import { newBatchId } from './queue/ids';
import { resolveSettings, settingsKey } from './settings';
import { preflightFile, scanInputs } from './preflight';
import { commonRoot, relativeToRoot } from './output-path';
import { assertOutputFolderSafe } from './output-safety';
import { workUnitsOf } from './job-executor';
import { estimateFromAudit } from './progress';
import type { VerdictCache } from './preflight/verdict-cache';
import type { Logger } from './log';
import { checkpointInFlight } from './db/background-checkpoint';

export async function preflightInputs(
  inputs: string[],
  excludeDirs: string[],
  deps: { verdicts: VerdictCache; concurrency: number; emit: (e: EngineEvent) => void },
): Promise<PreflightReport> {
  const scan = await scanInputs(inputs, { excludeDirs });
  const round = deps.verdicts.beginRound();
  const files: PreflightResult[] = [...scan.rejected];
  const total = scan.decks.length;
  let done = 0;
  const results: PreflightResult[] = new Array(total);
  let next = 0;
  // Network shares reward a few reads in flight; more only adds contention.
  const workers = Array.from({ length: Math.min(deps.concurrency, total) }, async () => {
    while (next < total) {
      const i = next++;
      results[i] = await deps.verdicts.check(scan.decks[i], round, (p) => preflightFile(p));
      done++;
      deps.emit({ type: 'preflight-progress', done, total, current: scan.decks[i] });
    }
  });
  await Promise.all(workers);
  deps.verdicts.endRound(round);
  files.push(...results);
  let slides = 0;
  let pictures = 0;
  let missing = 0;
  let accepted = 0;
  for (const f of files) {
    if (!f.ok) continue;
    accepted++;
    slides += f.audit.slides;
    pictures += f.audit.pictures;
    missing += f.audit.picturesMissingAlt;
  }
  return {
    files,
    accepted,
    rejected: files.length - accepted,
    slides,
    pictures,
    picturesMissingAlt: missing,
    estimateMs: estimateFromAudit({ decks: accepted, pictures }, 1),
    ignored: scan.ignored.length,
  };
}

export function defaultOutputDir(inputs: string[]): string {
  const first = inputs[0];
  const isDir = (() => {
    try {
      return statSync(first).isDirectory();
    } catch {
      return false;
    }
  })();
  return join(isDir ? first : join(first, '..'), DEFAULT_OUTPUT_FOLDER);
}

export interface CreateDeps {
  store: QueueStore;
  log: Logger;
  now: () => number;
  lockRetryMs: number;
  defaultOutputDir(inputs: string[]): string;
  preflight(inputs: string[], excludeDirs: string[]): Promise<PreflightReport>;
  emitBatch(id: string): void;
}

export async function createBatchOnce(deps: CreateDeps, req: CreateBatchRequest, checked?: PreflightReport): Promise<BatchInfo> {
  if (!req.inputs.length) throw new Error('No files or folders were given.');
  const isDir = (p: string) => {
    try {
      return statSync(p).isDirectory();
    } catch {
      return false;
    }
  };
  const inputRoot = req.settings?.inputRoot ?? commonRoot(req.inputs, isDir);
  const outputDir = req.settings?.outputDir ?? deps.defaultOutputDir(req.inputs);
  const settings = resolveSettings(req.settings ?? {}, { outputDir, inputRoot });
  // Before any scan: an output folder on or among the inputs is refused, for the CLI and the app alike.
  assertOutputFolderSafe(req.inputs, settings.outputDir);
  const report = checked ?? (await deps.preflight(req.inputs, [settings.outputDir]));
  const now = deps.now();
  const lockRetryMs = deps.lockRetryMs;
  const jobs: NewJob[] = report.files.map((p) => {
    const base = { inputPath: p.path, relPath: relativeToRoot(inputRoot, p.path), preflight: p, workUnits: workUnitsOf(p) };
    if (p.ok) {
      return {
        ...base,
        state: settings.dryRun ? 'skipped' : 'pending',
        fingerprint: { size: p.size, mtimeMs: p.mtimeMs },
      } satisfies NewJob;
    }
    const error = { code: p.code, message: p.message, detail: p.detail };
    // A deck open in PowerPoint is not bad: try it again later in the batch.
    if (p.code === 'LOCKED_BY_OFFICE' && !settings.dryRun) return { ...base, state: 'retrying', error, runAfter: now + lockRetryMs } satisfies NewJob;
    return { ...base, state: 'rejected', error } satisfies NewJob;
  });
  const id = newBatchId(new Date(now));
  const batch = deps.store.createBatch(id, settings, jobs, settingsKey(settings), settings.dryRun ? 'completed' : 'paused');
  if (settings.dryRun) deps.store.setBatchState(id, 'completed', { started: true, finished: true, reason: 'dry run' });
  deps.log.info(`batch ${id} created: ${report.accepted} deck(s) accepted, ${report.rejected} rejected${settings.dryRun ? ' (dry run)' : ''}`);
  // A school-sized batch's checkpoint runs in a thread (db/background-checkpoint.ts): say how it went.
  void checkpointInFlight(deps.store.db)?.then((r) =>
    r.outcome === 'done'
      ? deps.log.info(`batch ${id}: its ${r.checkpointed} WAL pages checkpointed by a thread`)
      : deps.log.warn(`batch ${id}: the checkpoint thread could not run (${r.message}); the next commit checkpoints instead`),
  );
  deps.emitBatch(id);
  return deps.store.getBatch(id) ?? batch;
}
