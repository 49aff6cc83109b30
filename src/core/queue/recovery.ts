/**
 * Start-up recovery (DESIGN.md §1.5): a query, run before anything is claimed.
 * Jobs left `running` by a dead engine go back to the queue and spend the
 * attempt they were on; a deck that keeps killing the processor fails with
 * CRASH_LOOP instead of looping forever. Orphaned processors (still alive,
 * same start time as recorded, so not a reused pid) are stopped first.
 */
import type { QueueStore } from './store';
import { HOST } from './store';
import type { JobRow, BatchRow } from './rows';
import { describeError } from '../../shared/errors';

export interface RecoveryDeps {
  isAlive(pid: number): boolean;
  processStartTime(pid: number): string | null;
  killTree(pid: number, signal: NodeJS.Signals): void;
  /** Clean up what a dead run left beside the deck and the output. */
  cleanupJob(row: JobRow): void;
  now?: () => number;
  /** A lease this far past expiry counts as abandoned even for another host. */
  leaseGraceMs?: number;
}

export interface RecoveryReport {
  requeued: number[];
  crashLooped: number[];
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
  const report: RecoveryReport = { requeued: [], crashLooped: [], orphansStopped: [], interruptedBatches: [] };
  const db = store.db;

  const running = db.prepare("SELECT * FROM jobs WHERE state = 'running'").all() as JobRow[];
  for (const row of running) {
    if (!ownerDead(row.owner_host, row.owner_pid, row.lease_expires_at, now, deps, grace)) continue;
    if (row.proc_pid && row.owner_host === HOST && deps.isAlive(row.proc_pid)) {
      const start = deps.processStartTime(row.proc_pid);
      if (!row.proc_start || start === row.proc_start) {
        deps.killTree(row.proc_pid, 'SIGKILL');
        report.orphansStopped.push(row.proc_pid);
      }
    }
    deps.cleanupJob(row);
    const crashLoop = row.attempts >= row.max_attempts;
    db.transaction(() => {
      if (crashLoop) {
        db.prepare(
          `UPDATE jobs SET state = 'failed', lease_token = NULL, lease_expires_at = NULL, proc_pid = NULL, proc_start = NULL,
             error_code = 'CRASH_LOOP', error_message = ?, error_detail = ?, finished_at = ?, updated_at = ? WHERE id = ?`,
        ).run(describeError('CRASH_LOOP'), `interrupted during ${row.attempts} of ${row.max_attempts} attempts`, now, now, row.id);
      } else {
        db.prepare(
          `UPDATE jobs SET state = 'pending', lease_token = NULL, lease_expires_at = NULL, proc_pid = NULL, proc_start = NULL,
             progress_done = 0, updated_at = ? WHERE id = ?`,
        ).run(now, row.id);
      }
      db.prepare('INSERT INTO job_events (job_id, batch_id, at, from_state, to_state, details) VALUES (?,?,?,?,?,?)').run(
        row.id,
        row.batch_id,
        now,
        'running',
        crashLoop ? 'failed' : 'pending',
        JSON.stringify({ reason: 'recovered', deadPid: row.owner_pid, host: row.owner_host, attempts: row.attempts }),
      );
    }).immediate();
    (crashLoop ? report.crashLooped : report.requeued).push(row.id);
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
