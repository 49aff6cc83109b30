import { control, openOutputs, refreshBatch, retryFailed, writeReport } from '../actions';
import { basename, completion, deckCount, finishedCount, formatDuration, formatEta, formatRate, percent, STATE_LABELS } from '../format';
import { useApp } from '../store';
import { JobTable } from './JobTable';
import { ReviewSummary } from '../review/ReviewSummary';
import { useEffect, useRef } from 'react';
import { confirmAction } from './ConfirmDialog';
import { JOB_STATES } from '../../shared/types';

/** One batch: progress, rate, ETA, decks in flight, controls, every deck. */
export function BatchView() {
  const id = useApp((s) => s.currentBatchId);
  const batch = useApp((s) => s.batches.find((b) => b.id === s.currentBatchId) ?? null);
  const progress = useApp((s) => (s.currentBatchId ? s.progress[s.currentBatchId] : undefined));
  const keepAwake = useApp((s) => s.keepAwake);
  const busy = useApp((s) => s.busy);
  const controlsRef = useRef<HTMLDivElement>(null);

  /** Start, Pause, Resume swap the buttons: focus stays in the controls instead of dropping to the page. */
  const act = async (action: 'start' | 'pause' | 'stop' | 'cancel') => {
    if (!id) return;
    if (action === 'cancel') {
      const ok = await confirmAction({
        title: 'Cancel this batch?',
        body: ['Decks not finished yet are marked cancelled and will not be processed. Finished decks and their outputs stay.', 'Your originals are never changed.'],
        confirmLabel: 'Cancel batch',
        danger: true,
      });
      if (!ok) return;
    }
    await control(id, action);
    requestAnimationFrame(() => {
      const a = document.activeElement;
      if (a && a !== document.body && a.isConnected) return;
      controlsRef.current?.querySelector<HTMLButtonElement>('button:not([disabled])')?.focus();
    });
  };

  useEffect(() => {
    if (id) void refreshBatch(id);
  }, [id]);

  if (!id || !batch) {
    return (
      <section className="view" aria-labelledby="batch-title">
        <h2 id="batch-title">Batch</h2>
        <p>No batch yet. Add decks first, or open one from the history.</p>
      </section>
    );
  }
  const counts = progress?.counts ?? batch.counts;
  const frac = completion(counts, progress?.unitsDone ?? 0, progress?.unitsTotal ?? 0);
  const finished = batch.state === 'completed';
  const live = batch.state === 'active';
  const canResume = batch.state === 'paused' || batch.state === 'interrupted' || batch.state === 'aborted';
  const open = counts.pending + counts.running + counts.retrying > 0;

  return (
    <section className="view" aria-labelledby="batch-title">
      <div className="batch-head">
        <h2 id="batch-title">
          Batch <span className="mono">{batch.id}</span>
        </h2>
        <span className={`pill state-${batch.state}`} data-testid="batch-state">
          {STATE_LABELS[batch.state]}
        </span>
      </div>
      {batch.reason && <p className="reason">{batch.reason}</p>}
      {live && keepAwake && <p className="muted">This computer is kept awake while the batch runs.</p>}

      <div className="progress-block">
        <label htmlFor="batch-progress">
          Batch progress: {percent(frac)} — {finishedCount(counts)} of {deckCount(counts)} decks finished
          {counts.rejected > 0 && ` (${counts.rejected} not accepted by the check, not counted)`}
        </label>
        <progress id="batch-progress" max={1000} value={Math.round(frac * 1000)} data-testid="batch-progress" />
        <div className="stats">
          <span data-testid="eta">
            {live
              ? formatEta(progress?.eta)
              : open
                ? 'No estimate while the batch is not running (paused time is not counted)'
                : `Finished${(progress?.activeMs ?? batch.activeMs) ? ` in ${formatDuration(progress?.activeMs ?? batch.activeMs)} of processing time` : ''}`}
          </span>
          {live && <span data-testid="rate">{formatRate(progress?.eta)}</span>}
        </div>
      </div>

      <ul className="counts" aria-label="Decks by state" data-testid="counts">
        {JOB_STATES.map((k) => (
          <li key={k} className={`count-${k}`}>
            <span className="count-n">{counts[k]}</span> {STATE_LABELS[k]}
          </li>
        ))}
      </ul>

      {busy && (
        <p className="busy" data-testid="busy">
          {busy}
        </p>
      )}
      <div className="actions" role="group" aria-label="Batch controls" ref={controlsRef}>
        {live && (
          <>
            <button type="button" disabled={!!busy} onClick={() => void act('pause')} title="Finish the decks in progress, start no new ones">
              Pause
            </button>
            <button type="button" disabled={busy !== null && !busy.startsWith('Pausing')} onClick={() => void act('stop')} title="Interrupt now; progress is kept">
              Stop
            </button>
          </>
        )}
        {canResume && open && (
          <button type="button" className="primary" onClick={() => void act('start')}>
            Resume
          </button>
        )}
        {open && (
          <button type="button" className="danger" onClick={() => void act('cancel')}>
            Cancel batch
          </button>
        )}
        {counts.failed > 0 && !live && (
          <button type="button" onClick={() => void retryFailed(id)}>
            Retry failed
          </button>
        )}
        <button type="button" onClick={() => void openOutputs(id)}>
          Open output folder
        </button>
        <span className="report-buttons" role="group" aria-label="Batch report">
          <button type="button" onClick={() => void writeReport(id, 'html')}>
            Report (HTML)
          </button>
          <button type="button" onClick={() => void writeReport(id, 'csv')}>
            CSV
          </button>
          <button type="button" onClick={() => void writeReport(id, 'json')}>
            JSON
          </button>
        </span>
      </div>

      {progress && progress.running.length > 0 && (
        <section aria-labelledby="inflight-title" className="inflight">
          <h3 id="inflight-title">In progress</h3>
          <ul data-testid="inflight">
            {progress.running.map((r) => {
              const f = r.total ? r.done / r.total : 0;
              return (
                <li key={r.jobId}>
                  <label htmlFor={`job-progress-${r.jobId}`}>
                    {basename(r.path)} — {r.total ? `${percent(f)} (${r.done} of ${r.total})` : 'starting…'}
                  </label>
                  <progress id={`job-progress-${r.jobId}`} max={1000} value={Math.round(f * 1000)} />
                </li>
              );
            })}
          </ul>
        </section>
      )}

      <ReviewSummary batchId={id} />

      <JobTable batchId={id} total={counts.total} />
    </section>
  );
}
