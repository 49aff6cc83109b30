/**
 * Start-up recovery (DESIGN.md §1.5): a query, run before anything is claimed.
 * Jobs left `running` by a dead engine go back to the queue. Whose fault was it?
 * - The engine's own death (kill -9, power cut, a crash of ours) is not the deck's:
 *   its attempt is given back and the job's engine_deaths grows instead, against a
 *   generous cap of its own (ENGINE_DEATH_LIMIT), so any batch finishes after any
 *   number of kills. That covers a deck prepared ahead that never started a
 *   processor, a processor still running (an orphan), and a processor that died
 *   with or after the engine (it exits when its stdin closes).
 * - The deck is suspect only with evidence written while the engine lived: the
 *   processor's exit recorded (proc_exit) before the engine died handling that
 *   deck's result. Then the attempt stays spent, and a deck whose attempts run out
 *   that way fails with CRASH_LOOP instead of looping forever.
 * Orphaned processors (still alive, same start time as recorded, so not a reused
 * pid) are stopped first.
 */
import type { QueueStore } from './store';
import { HOST } from './store';
import type { JobRow, BatchRow } from './rows';
import { describeError } from '../../shared/errors';
import { ENGINE_DEATH_LIMIT } from '../../shared/limits';
import { EXIT_DATAERR, EXIT_OK, EXIT_TEMPFAIL } from '../../shared/types';

export interface RecoveryDeps {
  isAlive(pid: number): boolean;
  /** Kills the tree of `pid` only if it still has the start time recorded when we started it; true when it (is being) stopped. */
  stopIfSame(pid: number, recordedStart: string | null): boolean;
  /** Clean up what a dead run left beside the deck and the output. */
  cleanupJob(row: JobRow): void;
  now?: () => number;
  /** A lease this far past expiry counts as abandoned even for another host. */
  leaseGraceMs?: number;
  /** Engine deaths a deck may live through (default ENGINE_DEATH_LIMIT). */
  engineDeathLimit?: number;
}

export interface RecoveryReport {
  requeued: number[];
  crashLooped: number[];
  /** Requeued with the attempt given back: the engine died, not because of the deck. */
  engineDeaths: number[];
  orphansStopped: number[];
  interruptedBatches: string[];
}

function ownerDead(host: string | null, pid: number | null, leaseExpiresAt: number | null, now: number, deps: RecoveryDeps, graceMs: number): boolean {
  if (host === HOST && pid !== null) return pid !== process.pid && !deps.isAlive(pid);
  // Another host (a shared home folder): only an expired lease proves it is gone.
  return leaseExpiresAt !== null && leaseExpiresAt + graceMs < now;
}

export function recoverQueue(store: QueueStore, deps: RecoveryDeps): RecoveryReport {
  const now = (deps.now ?? Date.now)();
  const grace = deps.leaseGraceMs ?? 60_000;
  const report: RecoveryReport = { requeued: [], crashLooped: [], engineDeaths: [], orphansStopped: [], interruptedBatches: [] };
  const db = store.db;

  const running = db.prepare("SELECT * FROM jobs WHERE state = 'running'").all() as JobRow[];
  // Orphans are stopped and debris removed first; then every verdict is written in one
  // transaction (a commit per job made recovery ~0.3 ms a job; issue 10). A kill in
  // between changes nothing: the next start finds the same jobs running and does it again.
  const verdicts: Array<{ row: JobRow; v: RecoveryVerdict }> = [];
  for (const row of running) {
    if (!ownerDead(row.owner_host, row.owner_pid, row.lease_expires_at, now, deps, grace)) continue;
    // Never a reused pid: without a recorded start time to compare, the process is left alone
    // (an orphaned processor exits by itself when its stdin closes).
    if (row.proc_pid && row.owner_host === HOST && deps.isAlive(row.proc_pid) && deps.stopIfSame(row.proc_pid, row.proc_start)) {
      report.orphansStopped.push(row.proc_pid);
    }
    deps.cleanupJob(row);
    verdicts.push({ row, v: verdictFor(row, deps.engineDeathLimit ?? ENGINE_DEATH_LIMIT) });
  }
  if (verdicts.length) {
    const failJob = db.prepare(
      `UPDATE jobs SET state = 'failed', lease_token = NULL, lease_expires_at = NULL, proc_pid = NULL, proc_start = NULL, proc_exit = NULL,
         attempts = ?, engine_deaths = ?, error_code = ?, error_message = ?, error_detail = ?, finished_at = ?, updated_at = ? WHERE id = ?`,
    );
    const requeueJob = db.prepare(
      `UPDATE jobs SET state = 'pending', lease_token = NULL, lease_expires_at = NULL, proc_pid = NULL, proc_start = NULL, proc_exit = NULL,
         attempts = ?, engine_deaths = ?, progress_done = 0, updated_at = ? WHERE id = ?`,
    );
    const event = db.prepare('INSERT INTO job_events (job_id, batch_id, at, from_state, to_state, details) VALUES (?,?,?,?,?,?)');
    db.transaction(() => {
      for (const { row, v } of verdicts) {
        if (v.fail) failJob.run(v.attempts, v.engineDeaths, v.fail, describeError(v.fail), v.detail, now, now, row.id);
        else requeueJob.run(v.attempts, v.engineDeaths, now, row.id);
        event.run(
          row.id,
          row.batch_id,
          now,
          'running',
          v.fail ? 'failed' : 'pending',
          JSON.stringify({
            reason: 'recovered',
            cause: v.cause,
            deadPid: row.owner_pid,
            host: row.owner_host,
            attempts: v.attempts,
            engineDeaths: v.engineDeaths,
            ...(v.cause === 'engine' ? { refunded: true } : { procExit: row.proc_exit }),
          }),
        );
      }
    }).immediate();
    for (const { row, v } of verdicts) {
      if (v.fail) report.crashLooped.push(row.id);
      else report.requeued.push(row.id);
      if (v.cause === 'engine') report.engineDeaths.push(row.id);
    }
  }

  const active = db.prepare("SELECT * FROM batches WHERE state = 'active'").all() as BatchRow[];
  for (const b of active) {
    const heartbeatOld = b.heartbeat_at !== null && b.heartbeat_at + grace < now;
    const dead = b.owner_host === HOST && b.owner_pid !== null ? b.owner_pid !== process.pid && !deps.isAlive(b.owner_pid) : heartbeatOld;
    if (!dead) continue;
    db.prepare("UPDATE batches SET state = 'interrupted', reason = ?, owner_pid = NULL, owner_host = NULL WHERE id = ?").run(
      'AltDeck stopped unexpectedly while this batch ran (crash, kill or power cut). Nothing was lost: resume it to continue.',
      b.id,
    );
    report.interruptedBatches.push(b.id);
  }
  return report;
}

export interface RecoveryVerdict {
  /** 'deck': the engine died handling this deck's finished processor; 'engine': anything else. */
  cause: 'deck' | 'engine';
  attempts: number;
  engineDeaths: number;
  fail: 'CRASH_LOOP' | 'ENGINE_CRASH_LOOP' | null;
  detail: string | null;
}

/**
 * A processor that ended with one of the contract's own answers (0 done, 65 bad input,
 * 75 try later) and no signal did not crash: if the engine died while handling that
 * answer, the death is the engine's, not the deck's (a kill landing between the
 * processor's exit and the commit must not charge a healthy deck; three such kills made
 * CRASH_LOOP under load). An exit record we cannot read counts as a crash.
 */
function cleanExit(procExit: string): boolean {
  try {
    const e = JSON.parse(procExit) as { code?: number | null; signal?: string | null };
    return !e.signal && (e.code === EXIT_OK || e.code === EXIT_DATAERR || e.code === EXIT_TEMPFAIL);
  } catch {
    return false;
  }
}

/** Pure: what recovery does with one job a dead engine left running. */
export function verdictFor(row: Pick<JobRow, 'attempts' | 'max_attempts' | 'engine_deaths' | 'proc_exit'>, engineDeathLimit: number): RecoveryVerdict {
  if (row.proc_exit !== null && !cleanExit(row.proc_exit)) {
    const fail = row.attempts >= row.max_attempts ? 'CRASH_LOOP' : null;
    return {
      cause: 'deck',
      attempts: row.attempts,
      engineDeaths: row.engine_deaths,
      fail,
      detail: fail ? `AltDeck stopped while handling this deck's result, on ${row.attempts} of ${row.max_attempts} attempts` : null,
    };
  }
  // The claim spent an attempt; the engine's death gives it back.
  const engineDeaths = row.engine_deaths + 1;
  const fail = engineDeaths >= engineDeathLimit ? 'ENGINE_CRASH_LOOP' : null;
  return {
    cause: 'engine',
    attempts: Math.max(row.attempts - 1, 0),
    engineDeaths,
    fail,
    detail: fail ? `AltDeck stopped ${engineDeaths} times while this deck was in progress` : null,
  };
}
