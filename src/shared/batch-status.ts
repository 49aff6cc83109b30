/**
 * What a person is told about a batch: one label and one tone from its state, its
 * reason and its counts. Pure, shared by the app, the notification and the CLI-facing
 * wording, so "Stopped" never sits next to "Running" and a batch with failed decks is
 * never shown as a plain success.
 */
import { finishedWork, workTotal, type BatchInfo, type StateCounts } from './types';

/** The reasons the engine records for a person's own Pause, Stop and Cancel (the engine writes these; the UI reads them). */
export const REASON_PAUSED = 'Paused by user.';
export const REASON_STOPPED = 'Stopped by user. Decks in progress went back to the queue.';
export const REASON_CANCELLED = 'Cancelled by user.';

/** ok: green success; warn: needs a look (failures, stopped by the threshold); neutral: waiting on a person; live: running. */
export type StatusTone = 'live' | 'ok' | 'warn' | 'neutral';

export interface BatchStatus {
  label: string;
  tone: StatusTone;
  /** The batch runs, or is winding down: an ETA may be shown only while this is 'running'. */
  phase: 'running' | 'stopping' | 'pausing' | 'idle' | 'finished';
  /** Decks left to do and the batch may be continued with Resume. */
  resumable: boolean;
}

/** What the person asked for that has not finished yet (the app knows it before the engine's next event). */
export type PendingControl = 'pause' | 'stop' | 'cancel' | null;

const openCount = (c: StateCounts) => c.pending + c.running + c.retrying;

export function batchStatus(b: Pick<BatchInfo, 'state' | 'reason' | 'counts'>, pending: PendingControl = null): BatchStatus {
  const c = b.counts;
  const open = openCount(c) > 0;
  switch (b.state) {
    case 'active':
      if (pending === 'stop') return { label: 'Stopping…', tone: 'neutral', phase: 'stopping', resumable: false };
      if (pending === 'cancel') return { label: 'Cancelling…', tone: 'neutral', phase: 'stopping', resumable: false };
      if (pending === 'pause') return { label: 'Pausing…', tone: 'neutral', phase: 'pausing', resumable: false };
      return { label: 'Running', tone: 'live', phase: 'running', resumable: false };
    case 'paused':
      if (b.reason === REASON_STOPPED) return { label: 'Stopped (resumable)', tone: 'neutral', phase: 'idle', resumable: open };
      // Low disk, an unwritable folder, a database fault: paused by the engine, the reason says why.
      return { label: 'Paused', tone: b.reason && b.reason !== REASON_PAUSED ? 'warn' : 'neutral', phase: 'idle', resumable: open };
    case 'interrupted':
      return { label: 'Interrupted (resumable)', tone: 'warn', phase: 'idle', resumable: open };
    case 'aborted':
      if (b.reason === REASON_CANCELLED) return { label: 'Cancelled', tone: 'neutral', phase: 'finished', resumable: open };
      return { label: 'Stopped: too many failures', tone: 'warn', phase: 'finished', resumable: open };
    case 'completed':
      if (c.failed > 0) return { label: `Completed: ${c.failed} failed`, tone: 'warn', phase: 'finished', resumable: false };
      return { label: 'Completed', tone: 'ok', phase: 'finished', resumable: false };
  }
}

/**
 * The notification when a batch stops running by itself: finished, stopped by the
 * error threshold, paused by the engine (low disk, a database fault). null for the
 * person's own Pause, Stop and Cancel (they are looking) and while it runs.
 */
export function finishedNotice(b: Pick<BatchInfo, 'state' | 'reason' | 'counts'>): { title: string; body: string } | null {
  if (b.state === 'active' || b.state === 'interrupted') return null;
  if (b.reason === REASON_PAUSED || b.reason === REASON_STOPPED || b.reason === REASON_CANCELLED) return null;
  const c = b.counts;
  const extra = [c.failed ? `${c.failed} failed` : '', c.skipped ? `${c.skipped} skipped` : '', c.rejected ? `${c.rejected} not accepted by the check` : '']
    .filter(Boolean)
    .join(', ');
  const body = `${c.succeeded} of ${c.total - c.rejected} decks done${extra ? `; ${extra}` : ''}.`;
  if (b.state === 'completed') return { title: c.failed ? `Batch completed: ${c.failed} failed` : 'Batch completed', body };
  return { title: b.state === 'aborted' ? 'Batch stopped: too many failures' : 'Batch paused', body: `${body} ${b.reason ?? ''}`.trim() };
}

/** Completion 0..1: pictures when the audit counted any, decks otherwise (rejected files are no work). */
export function batchFraction(c: StateCounts, unitsDone: number, unitsTotal: number): number {
  if (unitsTotal > 0) return Math.min(1, unitsDone / unitsTotal);
  const total = workTotal(c);
  return total ? finishedWork(c) / total : 0;
}
