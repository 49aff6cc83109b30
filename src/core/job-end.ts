/**
 * How one attempt of a deck ends in the queue (job-executor.ts): finished with a state,
 * handed back (released), or retried later because someone else holds the deck. Each is
 * one queue transition under the claim's lease token, noted in the deck's job log.
 */
import type { JobError } from '../shared/types';
import { describeError, type ErrorCode } from '../shared/errors';
import type { Finish } from './queue/store';
import type { JobLog } from './log';
import type { ExecutorEnv, JobEnd, RunningJob } from './job-types';

export function err(code: ErrorCode, extra: Partial<JobError> = {}): JobError {
  return { code, message: describeError(code), ...extra };
}

export interface JobEndings {
  finish(f: Finish): JobEnd;
  released(why: string): JobEnd;
  /** A deck someone else holds is retried later in the batch, up to a limit. */
  lockWait(code: 'LOCKED_BY_OFFICE' | 'LOCKED_BY_OTHER' | 'CHANGED_SINCE_PREFLIGHT', detail?: string): JobEnd;
}

export function jobEndings(env: ExecutorEnv, running: RunningJob, jobLog: JobLog): JobEndings {
  const { store } = env;
  const { job, row, token } = running.claim;
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
  const lockWait: JobEndings['lockWait'] = (code, detail) => {
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
  return { finish, released, lockWait };
}
