/**
 * One deck, one attempt (DESIGN.md §1.3): re-check the input, take the lock,
 * fingerprint, plan the output, check disk space, run the processor under its
 * limits, validate the output, commit the result with the lease token, release.
 * Every path ends in exactly one queue transition (job-end.ts), and the lock is
 * always released. Starting the processor is job-process.ts.
 */
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { BatchSettings, PreflightResult } from '../shared/types';
import { describeError } from '../shared/errors';
import type { Claim } from './queue/store';
import { acquireDeckLock } from './locks/deck-lock';
import { findOfficeLock } from './locks/office';
import { displayPath, fsPath } from './fs-path';
import { preflightFile } from './preflight';
import { fingerprintFile } from './fingerprint';
import { removeProcessorTemps } from './output-path';
import { outputSize, removePlaceholder } from './output-reserve';
import { planOutput } from './output-plan';
import { identityOf } from './file-identity';
import { readBackDeck } from './read-back';
import { backoffMs, classifyOutcome, validateOutput } from './runner';
import { JobLog } from './log';
import { dbFaultCode } from './db/errors';
import { DEFAULT_MIN_FREE_BYTES } from '../shared/limits';
import { freeBytes, nearestExisting } from './disk-space';
import type { ExecutorEnv, JobEnd, RunningJob } from './job-types';
import { err, jobEndings } from './job-end';
import { launchProcessor, writeDecisionsFile } from './job-process';

export type { ExecutorEnv, JobEnd, RunningJob } from './job-types';

export function workUnitsOf(p: PreflightResult): number {
  return p.ok ? 1 + p.audit.pictures : 1;
}

export function startJob(env: ExecutorEnv, settings: BatchSettings, claim: Claim): { running: RunningJob; done: Promise<JobEnd> } {
  const running: RunningJob = {
    claim,
    handle: null,
    stopReason: null,
    lock: null,
    outputPath: null,
    slotFree: false,
    processing: false,
    processStartedAt: null,
    processMs: null,
    stop(reason) {
      if (this.stopReason) return;
      this.stopReason = reason;
      this.handle?.stop(reason);
    },
  };
  return { running, done: executeJob(env, settings, running) };
}

async function executeJob(env: ExecutorEnv, settings: BatchSettings, running: RunningJob): Promise<JobEnd> {
  const { store, log } = env;
  const { job, token } = running.claim;
  const input = job.inputPath;
  const jobLog = new JobLog(join(env.home, 'logs', 'jobs', job.batchId, `${job.id}.log`));
  jobLog.line(`attempt ${job.attempts}/${job.maxAttempts} for ${displayPath(input)}`);
  let leaseLost = false;
  let slotHeld = false;
  /** Timers and runner callbacks must never throw out of the engine. */
  const guarded =
    <A extends unknown[], R>(fn: (...a: A) => R) =>
    (...a: A): R | undefined => {
      try {
        return fn(...a);
      } catch (e) {
        if (env.onFault) env.onFault(e);
        else log.error(`job ${job.id}: error in a callback`, e);
        return undefined;
      }
    };
  const heartbeat = setInterval(
    guarded(() => {
      if (!store.heartbeat(job.id, token, env.leaseMs)) {
        leaseLost = true;
        running.handle?.stop('shutdown');
      }
    }),
    env.heartbeatMs,
  );
  heartbeat.unref();

  const { finish, released, lockWait } = jobEndings(env, running, jobLog);

  try {
    if (running.stopReason) return released(running.stopReason);

    // 1. The deck may have changed, moved or been opened since preflight.
    const previous = job.preflight;
    let audited = previous;
    let st;
    try {
      st = statSync(fsPath(input));
    } catch {
      return finish({ state: 'failed', error: err('NOT_FOUND') });
    }
    if (!previous || !previous.ok || st.size !== previous.size || st.mtimeMs !== previous.mtimeMs) {
      const again = await preflightFile(input);
      audited = again;
      store.updatePreflight(job.id, token, again, workUnitsOf(again));
      jobLog.line(`changed since preflight: checked again -> ${again.code}`);
      if (!again.ok) {
        if (again.code === 'LOCKED_BY_OFFICE') return lockWait('LOCKED_BY_OFFICE', again.detail);
        const error = err(again.code, { detail: `${describeError('CHANGED_SINCE_PREFLIGHT')} ${again.detail ?? ''}`.trim() });
        // A file gone or unreadable mid-batch looks like a share going away: a failure the
        // threshold should see. A file that is now bad is the check's verdict: rejected, never run.
        if (again.code === 'NOT_FOUND' || again.code === 'NOT_READABLE') return finish({ state: 'failed', error });
        return finish({ state: 'rejected', error, refundAttempt: true });
      }
    }
    const office = await findOfficeLock(input);
    if (office) return lockWait('LOCKED_BY_OFFICE', office.owner ? `open by ${office.owner}` : undefined);

    // 2. Our own lock, visible to other AltDecks sharing the folder.
    const acquired = acquireDeckLock(input, {
      home: env.home,
      batchId: job.batchId,
      jobId: job.id,
      staleMs: env.lockStaleMs,
    });
    if (!acquired.ok) {
      const o = acquired.owner;
      return lockWait('LOCKED_BY_OTHER', o ? `held by AltDeck on ${o.host} (pid ${o.pid})` : undefined);
    }
    running.lock = acquired.lock;

    // 3. Fingerprint the bytes we will process; skip what was already done.
    let fp;
    try {
      fp = await fingerprintFile(input);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ECHANGED') return lockWait('LOCKED_BY_OTHER', 'the deck was being written while AltDeck read it');
      return finish({ state: 'failed', error: err('NOT_READABLE', { detail: (e as Error).message }) });
    }
    // Already done, a copy of a finished or in-flight deck, or a name reserved for this job.
    const plan = await planOutput({
      store,
      settings,
      claim: running.claim,
      fp,
      maxLockWaits: env.maxLockWaits,
      waitMs: Math.max(500, Math.min(env.lockRetryMs, 5_000)),
      now: env.now,
      isBatchInput: env.isBatchInput,
      log: (line) => jobLog.line(line),
      onOutput: (path) => (running.outputPath = path),
    });
    if (plan.kind === 'lease-lost') return { kind: 'lease-lost' };
    if (plan.kind === 'finish') return finish(plan.finish);
    const { output, placeholder } = plan;
    const audit = settings.altPolicy === 'audit';

    // 5. Disk space: pause the batch instead of failing deck after deck.
    if (!audit) {
      try {
        mkdirSync(fsPath(dirname(output)), { recursive: true });
      } catch (e) {
        // A folder that went read-only or away mid-batch: pause, do not fail deck after deck.
        released('output folder not writable');
        return { kind: 'output-unwritable', message: `${describeError('OUTPUT_NOT_WRITABLE')} (${dirname(output)}: ${(e as Error).message})` };
      }
      const free = freeBytes(nearestExisting(dirname(output)));
      const need = Math.max(env.minFreeBytes ?? settings.minFreeBytes ?? DEFAULT_MIN_FREE_BYTES, fp.size * 2);
      if (free !== null && free < need) {
        released('low disk');
        return {
          kind: 'low-disk',
          message: `${describeError('LOW_DISK')} (${Math.round(free / 1e6)} MB free on the output drive, ${Math.round(need / 1e6)} MB needed.)`,
        };
      }
    }
    if (running.stopReason) return released(running.stopReason);

    // 6. Run the processor, once a worker slot is ours (this deck may have been
    // prepared while another's processor ran).
    if (env.acquireSlot) {
      if (!(await env.acquireSlot())) return released(running.stopReason ?? 'paused before it started');
      slotHeld = true;
    }
    if (running.stopReason) return released(running.stopReason);
    const applyFile = writeDecisionsFile(env.home, running.claim);
    // Checked again right before the processor runs: a link may have changed since the name was reserved.
    const outId = audit ? null : identityOf(output);
    if (outId !== null && (outId === identityOf(input) || (outId !== placeholder && (env.isBatchInput?.(output) ?? false)))) {
      running.outputPath = null; // it is an input: nothing of ours to clean up there
      return finish({ state: 'failed', error: err('OUTPUT_OVERLAPS_INPUT', { detail: `the output ${output} is one of the batch's input decks` }) });
    }
    const { handle, alias } = launchProcessor({ env, settings, claim: running.claim, input, output, applyFile, audited, jobLog, guarded });
    running.handle = handle;
    running.processing = true;
    running.processStartedAt = env.now();
    env.onPhase?.();
    if (running.stopReason) handle.stop(running.stopReason);
    const outcome = await handle.done;
    alias?.settle(outcome.exitCode === 0 && !outcome.stoppedBy && !outcome.timedOut);
    // Evidence for start-up recovery, written before anything else: the engine outlived
    // this processor, so an engine death from here on happened handling this deck.
    if (!outcome.stoppedBy) store.recordProcessExit(job.id, token, { code: outcome.exitCode, signal: outcome.signal });
    running.slotFree = true;
    running.processing = false;
    running.processMs = outcome.durationMs;
    env.onPhase?.();
    if (slotHeld) {
      slotHeld = false;
      env.releaseSlot?.();
    }
    env.onSlotFree?.();
    const verdict = classifyOutcome(outcome);
    jobLog.line(`exit code=${outcome.exitCode} signal=${outcome.signal} timedOut=${outcome.timedOut} ${outcome.durationMs} ms`);
    if (outcome.stderrTail) jobLog.line(`stderr tail:\n${outcome.stderrTail}`);

    if (leaseLost) return { kind: 'lease-lost' };
    if (verdict.kind === 'stopped') {
      removeProcessorTemps(output);
      return released(outcome.stoppedBy ?? 'stopped');
    }
    if (verdict.kind === 'failure') {
      removeProcessorTemps(output);
      const jobErr = err(verdict.code, {
        message: verdict.message || describeError(verdict.code),
        exitCode: outcome.exitCode,
        signal: outcome.signal,
        stderrTail: outcome.stderrTail.slice(-4000),
      });
      if (verdict.retryable && job.attempts < job.maxAttempts) {
        return finish({ state: 'retrying', error: jobErr, runAfter: env.now() + backoffMs(job.attempts, { baseMs: env.backoffBaseMs }) });
      }
      return finish({ state: 'failed', error: jobErr });
    }

    // 7. Success claimed: believe it only after checking.
    const result = outcome.result;
    if (result?.skipped) {
      return finish({
        state: 'skipped',
        result,
        outputPath: null,
        error: err(result.skipCode ?? 'SIGNED_DECK', result.skipReason ? { message: result.skipReason } : {}),
      });
    }
    // Success means an output (issue 8 §6); only an audit batch is a report without one.
    const size = outputSize(output);
    const wrote = result?.wroteOutput !== false && (size ?? 0) > 0;
    if (!wrote && !audit) {
      return finish({
        state: 'failed',
        error: err('OUTPUT_MISSING', {
          detail: result?.wroteOutput === false ? 'the processor reported wroteOutput: false' : `nothing was written to ${output}`,
          exitCode: outcome.exitCode,
          stderrTail: outcome.stderrTail.slice(-4000),
        }),
      });
    }
    if (wrote) {
      const valid = await validateOutput(output);
      if (!valid.ok) {
        if (existsSync(fsPath(output))) rmSync(fsPath(output), { force: true });
        removeProcessorTemps(output);
        return finish({
          state: 'failed',
          error: err('OUTPUT_INVALID', { detail: valid.message, exitCode: outcome.exitCode, stderrTail: outcome.stderrTail.slice(-4000) }),
        });
      }
    }
    // The fingerprint must be of the bytes the processor read: a deck saved or
    // replaced meanwhile is processed again, never recorded under the old hash.
    const after = await fingerprintFile(input).catch(() => null);
    if (!after || after.sha256 !== fp.sha256) {
      if (wrote) rmSync(fsPath(output), { force: true });
      removeProcessorTemps(output);
      return lockWait('CHANGED_SINCE_PREFLIGHT', 'the deck changed while it was processed; its output was discarded and it is processed again');
    }
    // Reports state what is in the file (issue 14 §2): read the written deck back.
    if (wrote && result) {
      try {
        const back = await readBackDeck(output);
        if (back) result.readBack = back;
        else jobLog.line('read-back: the output has no presentation part; reports use the processor\'s figures');
      } catch (e) {
        jobLog.line(`read-back failed: ${(e as Error).message}; reports use the processor's figures`);
      }
      if (result.readBack) jobLog.line(`read-back: ${result.readBack.pictures} picture(s), ${result.readBack.missingAlt} without ALT`);
    }
    return finish({ state: 'succeeded', result, outputPath: wrote ? output : null });
  } catch (e) {
    if (dbFaultCode(e)) {
      // The queue cannot be written now: the engine pauses the batch; recovery or the
      // next start puts this deck back (an engine-side fault, so no attempt is charged).
      env.onFault?.(e);
      running.handle?.stop('shutdown');
      jobLog.line(`queue database error: ${(e as Error).message}`);
      return { kind: 'db-fault' };
    }
    // A bug or an I/O error of ours: the deck goes back to the queue, the batch goes on.
    log.error(`job ${job.id} (${input}) failed inside the engine`, e);
    jobLog.line(`engine error: ${(e as Error).stack ?? e}`);
    try {
      return finish({
        state: job.attempts < job.maxAttempts ? 'retrying' : 'failed',
        error: err('PROCESSOR_FAILED', { detail: `internal error: ${(e as Error).message}` }),
        runAfter: env.now() + backoffMs(job.attempts, { baseMs: env.backoffBaseMs }),
      });
    } catch (e2) {
      env.onFault?.(e2);
      return { kind: 'db-fault' };
    }
  } finally {
    if (slotHeld) env.releaseSlot?.();
    // An empty placeholder is never a result: whatever the ending, it goes (a lost lease leaves it to the new owner).
    if (!leaseLost) removePlaceholder(running.outputPath);
    clearInterval(heartbeat);
    running.lock?.release();
    jobLog.close();
  }
}
