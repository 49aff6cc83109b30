import { useEffect, useRef } from 'react';
import { ERROR_MESSAGES } from '../../shared/errors';
import { STATE_LABELS, formatTime } from '../format';
import type { JobInfo } from '../../shared/types';

/** Per-deck report: error details, or every picture with its old and new ALT text. */
export function JobDetails({ job, onClose }: { job: JobInfo; onClose(): void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    const opener = document.activeElement as HTMLElement | null;
    d?.showModal();
    return () => opener?.focus();
  }, []);
  const items = job.result?.items ?? [];
  return (
    <dialog ref={ref} className="details" aria-labelledby="details-title" onClose={onClose} data-testid="job-details">
      <h3 id="details-title">{job.relPath}</h3>
      <dl className="kv">
        <dt>State</dt>
        <dd>{STATE_LABELS[job.state]}</dd>
        <dt>Input</dt>
        <dd className="mono">{job.inputPath}</dd>
        <dt>Output</dt>
        <dd className="mono">{job.outputPath ?? '—'}</dd>
        <dt>Attempts</dt>
        <dd>{job.state === 'rejected' ? 'None: the check did not accept this file, so it was never processed. Fix it and add it again.' : `${job.attempts} of ${job.maxAttempts}`}</dd>
        <dt>Finished</dt>
        <dd>{formatTime(job.finishedAt)}</dd>
      </dl>
      {job.error && (
        <div className="error-box">
          <p>
            <strong>{job.error.code}</strong>: {ERROR_MESSAGES[job.error.code] ?? job.error.message}
          </p>
          {job.error.message && job.error.message !== ERROR_MESSAGES[job.error.code] && <p>{job.error.message}</p>}
          {(job.error.exitCode !== undefined && job.error.exitCode !== null) || job.error.signal ? (
            <p className="muted">
              Exit code {job.error.exitCode ?? '—'}, signal {job.error.signal ?? '—'}
            </p>
          ) : null}
          {job.error.stderrTail && <pre className="stderr">{job.error.stderrTail}</pre>}
        </div>
      )}
      {job.result && (
        <>
          <p>
            {job.result.written} ALT texts written, {job.result.kept} kept, {job.result.needsReview} to review, {job.result.unresolved} unresolved.
          </p>
          {items.length > 0 && (
            <div className="items-wrap" tabIndex={0} role="region" aria-label="Pictures in this deck (scrolls)">
              <table className="items">
                <caption className="sr-only">Pictures in this deck</caption>
                <thead>
                  <tr>
                    <th scope="col">Slide</th>
                    <th scope="col">Object</th>
                    <th scope="col">Old ALT</th>
                    <th scope="col">New ALT</th>
                    <th scope="col">Source</th>
                    <th scope="col">Review</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((it, i) => (
                    <tr key={i}>
                      <td>{it.slide}</td>
                      <td>{it.shapeName || it.kind}</td>
                      <td>{it.oldAlt ?? <em>none</em>}</td>
                      <td>{it.newAlt ?? <em>none</em>}</td>
                      <td>{it.source}</td>
                      <td>{it.needsReview ? it.reviewReasons.join('; ') || 'yes' : ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
      <div className="actions">
        <button type="button" className="primary" autoFocus onClick={() => ref.current?.close()}>
          Close
        </button>
      </div>
    </dialog>
  );
}
