/**
 * One deck, one attempt (DESIGN.md §1.3): re-check the input, take the lock,
 * fingerprint, plan the output, check disk space, run the processor under its
 * limits, validate the output, commit the result with the lease token, release.
 * Every path ends in exactly one queue transition, and the lock is always released.
 */
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { BatchSettings, JobError, PreflightResult } from '../shared/types';
import { describeError, type ErrorCode } from '../shared/errors';
import type { Claim, Finish } from './queue/store';
import { acquireDeckLock } from './locks/deck-lock';
import { findOfficeLock } from './locks/office';
import { displayPath, fsPath } from './fs-path';
import { processorAliases } from './processor-alias';
import { preflightFile } from './preflight';
import { fingerprintFile } from './fingerprint';
import { removeProcessorTemps } from './output-path';
import { outputSize, removePlaceholder } from './output-reserve';
import { planOutput } from './output-plan';
import { identityOf } from './file-identity';
import { readBackDeck } from './read-back';
import { thumbnailCacheDir } from './thumbnail-cache';
import { previewsPerDeck } from './report/thumbnails';
import { backoffMs, classifyOutcome, processStartTime, processStartTimeAsync, runProcessor, validateOutput } from './runner';
import { processorInvocation } from './processor-command';
import { deckTimeLimitMs } from './time-limit';
import { JobLog } from './log';
import { dbFaultCode } from './db/errors';
import { DEFAULT_MIN_FREE_BYTES } from '../shared/limits';
import type { ProcessorMessage } from '../shared/types';
import { freeBytes, nearestExisting } from './disk-space';
import type { ExecutorEnv, JobEnd, RunningJob } from './job-types';

export type { ExecutorEnv, JobEnd, RunningJob } from './job-types';

export function workUnitsOf(p: PreflightResult): number {
  return p.ok ? 1 + p.audit.pictures : 1;
}

function err(code: ErrorCode, extra: Partial<JobError> = {}): JobError {
  return { code, message: describeError(code), ...extra };
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
  const { job, row, token } = running.claim;
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

  // The deck lock goes before the job's last write: a kill -9 between the two then
  // leaves a running job, which start-up recovery cleans up, never a finished job's lock.
  const dropLock = () => {
    running.lock?.release();
    running.lock = null;
  };
  const finish = (f: Finish): JobEnd => {
    dropLock();
    // The processor's own run time goes into the deck's finish event: the ETA of a
    // resumed batch learns from it (src/core/progress/learn.ts).
    const ok = store.finish(job.id, token, running.processMs !== null && f.state === 'succeeded' ? { ...f, details: { ...f.details, processMs: running.processMs } } : f);
    if (!ok) return { kind: 'lease-lost' };
    jobLog.line(`-> ${f.state}${f.error ? ` ${f.error.code}: ${f.error.message}` : ''}`);
    return { kind: 'finished', state: f.state };
  };
  const released = (why: string): JobEnd => {
    dropLock();
    store.release(job.id, token, why);
    jobLog.line(`-> pending (${why})`);
    return { kind: 'released' };
  };
  /** A deck someone else holds is retried later in the batch, up to a limit. */
  const lockWait = (code: 'LOCKED_BY_OFFICE' | 'LOCKED_BY_OTHER' | 'CHANGED_SINCE_PREFLIGHT', detail?: string): JobEnd => {
    if (row.lock_waits + 1 >= env.maxLockWaits) {
      return finish({ state: 'failed', error: err(code, { detail: `${detail ?? ''} (still locked after ${row.lock_waits + 1} tries)`.trim() }), refundAttempt: true });
    }
    return finish({
      state: 'retrying',
      error: err(code, { detail }),
      runAfter: env.now() + env.lockRetryMs,
      refundAttempt: true,
      lockWait: true,
    });
  };

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
    let applyFile: string | null = null;
    if (row.decisions) {
      // The decisions live in the database (crash-safe); the processor reads them from a file.
      applyFile = join(env.home, 'apply', job.batchId, `${job.id}.json`);
      mkdirSync(dirname(applyFile), { recursive: true });
      writeFileSync(applyFile, row.decisions);
    }
    // Checked again right before the processor runs: a link may have changed since the name was reserved.
    const outId = audit ? null : identityOf(output);
    if (outId !== null && (outId === identityOf(input) || (outId !== placeholder && (env.isBatchInput?.(output) ?? false)))) {
      running.outputPath = null; // it is an input: nothing of ours to clean up there
      return finish({ state: 'failed', error: err('OUTPUT_OVERLAPS_INPUT', { detail: `the output ${output} is one of the batch's input decks` }) });
    }
    // A custom processor gets UTF-8 stand-ins for names that are not UTF-8 (processor-alias.ts).
    const alias = settings.processor && !applyFile ? processorAliases(input, output, job.id, env.home) : null;
    const previews = { dir: thumbnailCacheDir(env.home), perDeck: previewsPerDeck(env.batchDecks?.() ?? 1) };
    const inv = processorInvocation(settings, env.builtin, alias?.input ?? input, alias?.output ?? output, applyFile, join(env.home, 'altdeck.db'), previews);
    // apply mode asks no model; otherwise pictures still to describe extend the limit (time-limit.ts)
    const timeoutMs = applyFile ? settings.timeoutSec * 1000 : deckTimeLimitMs(settings, audited);
    if (timeoutMs !== settings.timeoutSec * 1000) jobLog.line(`time limit ${Math.round(timeoutMs / 1000)} s (${settings.timeoutSec} s + pictures to describe)`);
    jobLog.line(`run: ${inv.command} ${inv.args.join(' ')}`);
    const jobEnv = {
      ALTDECK_BATCH_ID: job.batchId,
      ALTDECK_JOB_ID: String(job.id),
      ALTDECK_ATTEMPT: String(job.attempts),
      ALTDECK_POLICY: settings.altPolicy,
    };
    const supervision = {
      timeoutMs,
      graceMs: settings.graceSec * 1000,
      onSpawn: guarded((pid: number) => {
        store.recordProcess(job.id, token, pid, processStartTime(pid));
        // Windows: the start time (pid reuse guard) comes from PowerShell, asked without blocking.
        if (process.platform === 'win32') {
          // A worker's start time is asked once, not once per deck.
          const pool = env.workers;
          void (pool ? pool.startTimeOf(pid, processStartTimeAsync) : processStartTimeAsync(pid)).then((start) => {
            if (start) guarded(() => store.recordProcess(job.id, token, pid, start))();
          });
        }
      }),
      onMessage: guarded((m: ProcessorMessage) => {
        if (m.type === 'progress') {
          store.heartbeat(job.id, token, env.leaseMs, { done: m.done, total: m.total });
          env.onProgress(job.id, m.done, m.total);
        } else if (m.type === 'log') jobLog.line(`[processor ${m.level}] ${m.message}`);
      }),
      onOutputLine: (stream: 'stdout' | 'stderr', line: string) => jobLog.line(`[${stream}] ${line}`),
    };
    // The built-in processor (or a custom one that opted in) runs in a persistent worker:
    // same supervision, same outcome, no process start per deck (issue 10).
    const pool = inv.protocol === 'worker' && env.workers?.serves(inv.command, inv.args) ? env.workers : null;
    const handle = pool
      ? pool.run({ args: pool.deckArgs(inv.args), env: { ...inv.env, ...jobEnv } as Record<string, string>, ...supervision })
      : runProcessor({ command: inv.command, args: inv.args, env: { ...process.env, ...inv.env, ...jobEnv }, ...supervision });
    if (pool && handle.pid) jobLog.line(`worker pid ${handle.pid}`);
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
