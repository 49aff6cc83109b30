/**
 * Where a claimed deck's result goes, once its bytes are fingerprinted (issue 8 §2, §3):
 *
 * - the same input path with the same bytes and settings, its output still there:
 *   nothing to do (ALREADY_DONE);
 * - the same bytes at another path (a copy filed in another course folder): its own
 *   output, copied from the finished one, not processed again; a copy of a deck being
 *   processed right now waits for that result (bounded like a lock wait; past the
 *   bound it is processed itself, never failed for it);
 * - otherwise a name reserved for this job alone (output-reserve.ts); a retry keeps its own.
 */
import type { BatchSettings, Fingerprint } from '../shared/types';
import { describeError } from '../shared/errors';
import type { Claim, Finish, QueueStore } from './queue/store';
import { freeName, outputFor } from './output-path';
import { createPlaceholder, outputSize, reserveOutput } from './output-reserve';
import { reuseOutput } from './output-reuse';
import { sameFile } from './file-identity';

export type OutputPlan =
  | { kind: 'finish'; finish: Finish }
  | { kind: 'lease-lost' }
  | { kind: 'process'; output: string; placeholder: string | null };

export interface PlanContext {
  store: QueueStore;
  settings: BatchSettings;
  claim: Claim;
  fp: Fingerprint;
  maxLockWaits: number;
  /** How long a copy waits before looking again for its twin's result. */
  waitMs: number;
  now: () => number;
  isBatchInput?(path: string): boolean;
  log(line: string): void;
  /** The output path is known (so it is cleaned up whatever happens next). */
  onOutput(path: string): void;
}

export async function planOutput(c: PlanContext): Promise<OutputPlan> {
  const { store, settings, fp } = c;
  const { job, row, token } = c.claim;
  const input = job.inputPath;

  const done = settings.force ? null : store.findDone(fp.sha256, row.settings_key, job.id, input);
  const doneOutput = done?.outputPath && (outputSize(done.outputPath) ?? 0) > 0 ? done.outputPath : null;
  if (done && doneOutput && (done.inputPath === input || sameFile(done.inputPath, input))) {
    return {
      kind: 'finish',
      finish: {
        state: 'skipped',
        error: { code: 'ALREADY_DONE', message: describeError('ALREADY_DONE'), detail: `same deck done in batch ${done.batchId}: ${doneOutput}` },
        outputPath: doneOutput,
        result: done.result,
        refundAttempt: true,
      },
    };
  }

  if (!settings.force && !doneOutput && row.lock_waits + 1 < c.maxLockWaits) {
    const r = store.fingerprintUnlessInFlight(job.id, token, fp, row.settings_key);
    if (!r) return { kind: 'lease-lost' };
    if (r.twin !== null) {
      c.log(`identical to job ${r.twin}, in progress: waiting for its result`);
      return {
        kind: 'finish',
        finish: { state: 'retrying', runAfter: c.now() + c.waitMs, refundAttempt: true, lockWait: true, details: { waitingFor: r.twin } },
      };
    }
  }

  const audit = settings.altPolicy === 'audit';
  let output: string;
  let placeholder: string | null = null;
  if (row.output_path) {
    output = row.output_path;
    if (!audit) placeholder = createPlaceholder(output);
  } else if (audit) {
    // Report only: nothing is written, so no name is held.
    output = freeName(outputFor(settings.outputDir, job.relPath));
  } else {
    const r = reserveOutput({
      desired: outputFor(settings.outputDir, job.relPath),
      replace: settings.replaceOutputs,
      isInput: (p) => sameFile(p, input) || (c.isBatchInput?.(p) ?? false),
      claim: (p, key) => store.reserveOutput(job.id, token, p, key),
    });
    if (!r) return { kind: 'lease-lost' };
    output = r.path;
    placeholder = r.placeholder;
  }
  c.onOutput(output);
  if (!store.recordFingerprint(job.id, token, fp, output)) return { kind: 'lease-lost' };
  c.log(`output: ${output}`);

  if (done && doneOutput && done.result) {
    const copied = await reuseOutput(doneOutput, output);
    if (copied.ok) {
      c.log(`identical to job ${done.id} (${done.inputPath}): its output copied`);
      return {
        kind: 'finish',
        finish: {
          state: 'succeeded',
          outputPath: output,
          result: { ...done.result, reusedFrom: { jobId: done.id, batchId: done.batchId, inputPath: done.inputPath } },
          details: { reusedFrom: done.id },
        },
      };
    }
    c.log(`could not reuse job ${done.id}'s output (${copied.message}): processing it`);
  }
  return { kind: 'process', output, placeholder };
}
