/** What the CLI prints while a batch runs: a live line on a terminal, one line per deck elsewhere. */
import { basename } from 'node:path';
import { displayPath } from '../core/fs-path';
import type { EngineEvent } from '../shared/engine-api';
import { finishedWork, workTotal, type BatchProgress, type JobInfo } from '../shared/types';
import { formatEtaRange } from '../core/progress';
import { safeWrite } from './output';

/** Decks done of the total, the rate and the ETA: what a coordinator asks "how far along?" with. */
export function progressLine(p: BatchProgress): string {
  const c = p.counts;
  // Rejected files are no work: "3/10 decks done" counts decks to process only.
  const finished = finishedWork(c);
  const failed = c.failed ? ` (${c.failed} failed)` : '';
  const rate = p.eta.decksPerMin !== null ? `${p.eta.decksPerMin.toFixed(1)} decks/min` : 'rate —';
  const current = p.running.length ? `  now: ${p.running.map((r) => displayPath(basename(r.path))).join(', ')}` : '';
  return `${finished}/${workTotal(c)} decks done${failed}  ${rate}  ${formatEtaRange(p.eta)}${current}`;
}

const FINAL = new Set<JobInfo['state']>(['succeeded', 'failed', 'skipped', 'rejected']);

/** One line per deck outcome; a deck reported as finished once is never printed again (a re-run's skip can be announced twice). */
export function deckLine(j: JobInfo, seen: Set<number>): string | null {
  if (!FINAL.has(j.state) && j.state !== 'retrying') return null;
  if (FINAL.has(j.state)) {
    if (seen.has(j.id)) return null;
    seen.add(j.id);
  }
  const code = j.error?.code ?? j.result?.skipCode ?? 'OK';
  return `${j.state.padEnd(9)} ${code} ${displayPath(j.inputPath)}${j.state === 'retrying' ? ` (attempt ${j.attempts}/${j.maxAttempts})` : ''}\n`;
}

export function attachProgress(on: (fn: (e: EngineEvent) => void) => void, out: NodeJS.WriteStream, isTty: boolean): () => void {
  let last = '';
  const seen = new Set<number>();
  on((e) => {
    if (isTty && e.type === 'batch-progress') {
      const cols = out.columns || 100;
      const line = progressLine(e.progress).slice(0, cols - 1);
      if (line !== last) safeWrite(out, `\r\x1b[2K${line}`);
      last = line;
    } else if (!isTty && e.type === 'job-state') {
      const line = deckLine(e.job, seen);
      if (line) safeWrite(out, line);
    } else if (e.type === 'notice') {
      safeWrite(out, `${isTty ? '\r\x1b[2K' : ''}${e.message}\n`);
    }
  });
  return () => {
    if (isTty && last) safeWrite(out, '\n');
  };
}
