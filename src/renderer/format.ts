/** Pure formatting for the UI (unit-tested in test/renderer/format.test.ts). */
import { finishedWork, workTotal, type EtaRange, type StateCounts } from '../shared/types';
import { batchFraction } from '../shared/batch-status';

/** "45 s", "3 min", "1 h 20 min": coarse on purpose, an ETA is not a stopwatch. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${Math.max(1, s)} s`;
  const min = Math.round(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  const rest = min % 60;
  return rest ? `${h} h ${rest} min` : `${h} h`;
}

/** The ETA as a range ("2–4 min left"); collapses when both ends read the same. */
export function formatEta(eta: EtaRange | null | undefined, finished = false): string {
  if (finished) return 'Finished';
  if (!eta || eta.lowMs === null || eta.highMs === null) return 'Estimating time left…';
  const lo = formatDuration(eta.lowMs);
  const hi = formatDuration(eta.highMs);
  if (lo === hi) return `About ${lo} left`;
  const [loN, loU] = splitUnit(lo);
  const [hiN, hiU] = splitUnit(hi);
  if (loU && loU === hiU) return `${loN}–${hiN} ${hiU} left`;
  return `${lo} – ${hi} left`;
}

function splitUnit(s: string): [string, string] {
  const m = /^(\d+) (s|min|h)$/.exec(s);
  return m ? [m[1], m[2]] : [s, ''];
}

export function formatRate(eta: EtaRange | null | undefined): string {
  if (!eta) return '—';
  const parts: string[] = [];
  if (eta.decksPerMin !== null) parts.push(`${round1(eta.decksPerMin)} decks/min`);
  if (eta.unitsPerSec !== null) parts.push(`${round1(eta.unitsPerSec)} pictures/s`);
  return parts.length ? parts.join(' · ') : '—';
}

function round1(n: number): string {
  return n >= 10 ? String(Math.round(n)) : n.toFixed(1);
}

/** Decks finished out of the decks to process: rejected files are neither ("3 of 10 decks finished"). */
export function finishedCount(c: StateCounts): number {
  return finishedWork(c);
}

export function deckCount(c: StateCounts): number {
  return workTotal(c);
}

/** Batch completion 0..1: pictures when the audit counted any, decks otherwise (rejected files are no work). */
export function completion(c: StateCounts, unitsDone: number, unitsTotal: number): number {
  return batchFraction(c, unitsDone, unitsTotal);
}

export function percent(f: number): string {
  return `${Math.floor(f * 100)}%`;
}

export function basename(p: string): string {
  const i = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
  return i >= 0 ? p.slice(i + 1) : p;
}

export function formatTime(ms: number | null): string {
  if (!ms) return '—';
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** What the live region says: only at milestones, so a screen reader is not flooded. */
export function progressAnnouncement(prevFraction: number | null, fraction: number, counts: StateCounts): string | null {
  const step = (f: number) => Math.floor(f * 10);
  if (prevFraction !== null && step(prevFraction) === step(fraction) && fraction < 1) return null;
  return (
    `${percent(fraction)} done: ${counts.succeeded} of ${workTotal(counts)} decks processed${counts.failed ? `, ${counts.failed} failed` : ''}` +
    `${counts.rejected ? `, ${counts.rejected} not accepted by the check` : ''}.`
  );
}

export const STATE_LABELS: Record<string, string> = {
  pending: 'Waiting',
  running: 'Running',
  retrying: 'Retrying',
  succeeded: 'Done',
  failed: 'Failed',
  skipped: 'Skipped',
  cancelled: 'Cancelled',
  rejected: 'Not accepted',
  active: 'Running',
  paused: 'Paused',
  completed: 'Completed',
  aborted: 'Stopped',
  interrupted: 'Interrupted',
};
