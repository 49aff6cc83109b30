import { control, openOutputs, refreshBatch, retryFailed, writeReport } from '../actions';
import { basename, completion, deckCount, finishedCount, formatDuration, formatEta, formatRate, percent, STATE_LABELS } from '../format';
import { useApp } from '../store';
import { JobTable } from './JobTable';
import { ReviewSummary } from '../review/ReviewSummary';
import { useEffect, useRef, useState } from 'react';
import { JOB_STATES } from '../../shared/types';
import { batchStatus } from '../../shared/batch-status';
import { ConfirmDialog } from './ConfirmDialog';

/** One batch: progress, rate, ETA, decks in flight, controls, every deck. */
export function BatchView() {
  const id = useApp((s) => s.currentBatchId);
  const batch = useApp((s) => s.batches.find((b) => b.id === s.currentBatchId) ?? null);
  const progress = useApp((s) => (s.currentBatchId ? s.progress[s.currentBatchId] : undefined));
  const keepAwake = useApp((s) => s.keepAwake);
  const busy = useApp((s) => s.busy);
  const pendingControl = useApp((s) =>
    s.pendingControl && s.pendingControl.batchId === s.currentBatchId ? s.pendingControl.action : s.currentBatchId && s.engineStopping[s.currentBatchId] ? 'stop' : null,
  );
  const engineStopping = useApp((s) => !!(s.currentBatchId && s.engineStopping[s.currentBatchId]));
  const [confirmCancel, setConfirmCancel] = useState(false);
  const controlsRef = useRef<HTMLDivElement>(null);

  /** Pause and Resume swap the buttons: focus stays in the controls instead of dropping to the page (issue 11 §4). */
  const act = async (action: 'start' | 'pause' | 'stop') => {
    if (!id) return;
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
  const status = batchStatus({ ...batch, counts }, pendingControl);
  const live = batch.state === 'active';
  // An ETA only while the batch really runs: never beside "Stopping…" or a stopped batch.
  const running = status.phase === 'running';
  const canResume = batch.state === 'paused' || batch.state === 'interrupted' || batch.state === 'aborted';
  const open = counts.pending + counts.running + counts.retrying > 0;
  // "Running" counts processors; a deck being prepared (or saved after its processor) is not one.
  const phases = { preparing: 0, processing: 0, finishing: 0 };
  for (const r of live ? (progress?.running ?? []) : []) phases[r.phase ?? 'processing']++;
  const shown = live && progress?.processing !== undefined ? { ...counts, running: progress.processing } : counts;

  return (
    <section className="view" aria-labelledby="batch-title">
      <div className="batch-head">
        <h2 id="batch-title">
          Batch <span className="mono">{batch.id}</span>
        </h2>
        <span className={`pill tone-${status.tone}`} data-testid="batch-state">
          {status.label}
        </span>
      </div>
      {batch.reason && !live && <p className="reason">{batch.reason}</p>}
      {live && keepAwake && (
        <p className="muted" data-testid="keep-awake">
          This computer is kept awake while the batch runs (sleep is blocked until it stops).
        </p>
      )}

      <div className="progress-block">
        <label htmlFor="batch-progress">
          Batch progress: {percent(frac)} — {finishedCount(counts)} of {deckCount(counts)} decks finished
          {counts.rejected > 0 && ` (${counts.rejected} not accepted by the check, not counted)`}
        </label>
        <progress id="batch-progress" max={1000} value={Math.round(frac * 1000)} data-testid="batch-progress" />
        <div className="stats">
          <span data-testid="eta">
            {running
              ? formatEta(progress?.eta)
              : live
                ? pendingControl === 'pause'
                  ? 'Pausing: the decks in progress finish first; no estimate meanwhile'
                  : engineStopping
                    ? 'Stopping: no new decks start (see the notice); the decks in progress settle first'
                    : 'Stopping the decks in progress; they go back to the queue'
                : open
                ? 'No estimate while the batch is not running (paused time is not counted)'
                : `Finished${(progress?.activeMs ?? batch.activeMs) ? ` in ${formatDuration(progress?.activeMs ?? batch.activeMs)} of processing time` : ''}`}
          </span>
          {running && <span data-testid="rate">{formatRate(progress?.eta)}</span>}
        </div>
      </div>

      <ul className="counts" aria-label="Decks by state" data-testid="counts">
        {JOB_STATES.map((k) => (
          <li key={k} className={`count-${k}`} data-testid={`count-${k}`}>
            <span className="count-n">{shown[k]}</span> {STATE_LABELS[k]}
          </li>
        ))}
        {phases.preparing > 0 && (
          <li className="count-preparing" data-testid="count-preparing">
            <span className="count-n">{phases.preparing}</span> Being prepared
          </li>
        )}
        {phases.finishing > 0 && (
          <li className="count-finishing" data-testid="count-finishing">
            <span className="count-n">{phases.finishing}</span> Saving
          </li>
        )}
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
          <button type="button" className="danger" disabled={!!busy} onClick={() => setConfirmCancel(true)}>
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
                    {basename(r.path)} —{' '}
                    {r.phase === 'preparing'
                      ? 'being prepared, waits for a free worker'
                      : r.phase === 'finishing'
                        ? 'saving and checking the output'
                        : r.total
                          ? `${percent(f)} (${r.done} of ${r.total})`
                          : 'starting…'}
                  </label>
                  <progress id={`job-progress-${r.jobId}`} max={1000} value={Math.round(f * 1000)} />
                </li>
              );
            })}
          </ul>
        </section>
      )}

      {confirmCancel && (
        <ConfirmDialog
          title="Cancel this batch?"
          body={`The decks in progress stop and the ${counts.pending + counts.running + counts.retrying} decks not done are cancelled. Decks already done keep their output. This cannot be undone: cancelled decks must be added again in a new batch.`}
          confirmLabel="Cancel the batch"
          cancelLabel="Keep the batch"
          tone="danger"
          onConfirm={() => {
            setConfirmCancel(false);
            void control(id, 'cancel');
          }}
          onCancel={() => setConfirmCancel(false)}
        />
      )}

      <ReviewSummary batchId={id} />

      <JobTable batchId={id} total={counts.total} />
    </section>
  );
}
