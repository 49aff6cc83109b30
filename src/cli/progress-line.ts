/** What the CLI prints while a batch runs: a live line on a terminal, one line per deck elsewhere. */
import { basename } from 'node:path';
import type { EngineEvent } from '../shared/engine-api';
import { finishedWork, workTotal, type BatchProgress } from '../shared/types';
import { formatEtaRange } from '../core/progress';

export function progressLine(p: BatchProgress): string {
  const c = p.counts;
  // Rejected files are no work: "[3/10]" counts decks to process only.
  const finished = finishedWork(c);
  const pct = p.unitsTotal ? Math.floor((100 * p.unitsDone) / p.unitsTotal) : 0;
  const rate = p.eta.decksPerMin !== null ? `${p.eta.decksPerMin.toFixed(1)} decks/min` : 'rate —';
  const current = p.running.length ? `  ${p.running.map((r) => basename(r.path)).join(', ')}` : '';
  return `[${finished}/${workTotal(c)}] ${pct}%  ${c.failed} failed  ${rate}  ${formatEtaRange(p.eta)}${current}`;
}

export function attachProgress(on: (fn: (e: EngineEvent) => void) => void, out: NodeJS.WriteStream, isTty: boolean): () => void {
  let last = '';
  on((e) => {
    if (isTty && e.type === 'batch-progress') {
      const cols = out.columns || 100;
      const line = progressLine(e.progress).slice(0, cols - 1);
      if (line !== last) out.write(`\r\x1b[2K${line}`);
      last = line;
    } else if (!isTty && e.type === 'job-state') {
      const j = e.job;
      if (['succeeded', 'failed', 'skipped', 'retrying', 'rejected'].includes(j.state)) {
        out.write(`${j.state.padEnd(9)} ${j.error?.code ?? 'OK'} ${j.inputPath}${j.state === 'retrying' ? ` (attempt ${j.attempts}/${j.maxAttempts})` : ''}\n`);
      }
    } else if (e.type === 'notice') {
      out.write(`${isTty ? '\r\x1b[2K' : ''}${e.message}\n`);
    }
  });
  return () => {
    if (isTty && last) out.write('\n');
  };
}
