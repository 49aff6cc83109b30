import type { EtaRange } from '../../shared/types';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/**
 * A duration as a person says it. Precision falls with size: nobody needs to know
 * that 3 hours is really 2 h 57 min, and a jittering minute count looks broken.
 */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 45_000) return 'less than 1 min';
  if (ms < HOUR - 30_000) return `about ${Math.max(1, Math.round(ms / MIN))} min`;
  if (ms < DAY - 30 * MIN) {
    const total = Math.round(ms / (5 * MIN)) * 5; // minutes, to the nearest 5
    const h = Math.floor(total / 60);
    const m = total % 60;
    return m ? `${h} h ${m} min` : `${h} h`;
  }
  const totalH = Math.round(ms / HOUR);
  const d = Math.floor(totalH / 24);
  const h = totalH % 24;
  return h ? `${d} d ${h} h` : `${d} d`;
}

/** "12–18 min left". Both ends in minutes share the unit; otherwise each end keeps its own. */
export function formatEtaRange(eta: EtaRange): string {
  const { lowMs, highMs } = eta;
  if (lowMs === null || highMs === null) return 'estimating time left…';
  if (highMs <= 0) return 'almost done';
  const low = formatDuration(lowMs);
  const high = formatDuration(highMs);
  if (low === high) return `${high} left`;
  if (highMs < 45_000) return 'less than 1 min left';
  if (lowMs < 45_000) return `up to ${high.replace(/^about /, '')} left`;
  const minutes = /^about (\d+) min$/;
  const lm = minutes.exec(low);
  const hm = minutes.exec(high);
  if (lm && hm) return `${lm[1]}–${hm[1]} min left`;
  return `${low.replace(/^about /, '')} – ${high.replace(/^about /, '')} left`;
}
