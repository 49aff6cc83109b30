import { useState, type DragEvent } from 'react';
import { api } from '../api';
import { addInputs, clearInputs, pickInputs, startNewBatch } from '../actions';
import { basename, formatDuration } from '../format';
import { useApp } from '../store';

/** Drop zone + dry-run verdict: what will be done, what cannot and why, before anything is written. */
export function AddView() {
  const inputs = useApp((s) => s.inputs);
  const report = useApp((s) => s.preflight);
  const busy = useApp((s) => s.preflightBusy);
  const status = useApp((s) => s.preflightStatus);
  const creating = useApp((s) => s.creatingBatch);
  const [over, setOver] = useState(false);

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const paths = [...e.dataTransfer.files].map((f) => api().getPathForFile(f)).filter(Boolean);
    void addInputs(paths);
  };
  const rejected = report?.files.filter((f) => !f.ok) ?? [];

  return (
    <section aria-labelledby="add-title" className="view">
      <h2 id="add-title">Add decks</h2>
      <div
        className={`dropzone${over ? ' over' : ''}`}
        data-testid="dropzone"
        onDragOver={(e) => {
          e.preventDefault();
          e.dataTransfer.dropEffect = 'copy';
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <p className="dropzone-text">Drop PowerPoint decks or whole folders here.</p>
        <p>Nothing is changed yet: every file is checked first.</p>
        <div className="actions center">
          <button type="button" className="primary" onClick={() => void pickInputs('decks')}>
            Choose decks…
          </button>
          <button type="button" className="primary" onClick={() => void pickInputs('folder')}>
            Choose a folder…
          </button>
        </div>
      </div>

      {busy && (
        <p role="status" className="muted">
          Checking {status ? `${status.done} of ${status.total}` : ''} files…
        </p>
      )}

      {inputs.length > 0 && (
        <details className="inputs">
          <summary>{inputs.length} item(s) added</summary>
          <ul>
            {inputs.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </details>
      )}

      {report && (
        <section aria-labelledby="verdict-title" className="verdict" data-testid="verdict">
          <h3 id="verdict-title">Check result</h3>
          <dl className="summary-grid">
            <div>
              <dt>Decks accepted</dt>
              <dd data-testid="accepted">{report.accepted}</dd>
            </div>
            <div>
              <dt>Decks rejected</dt>
              <dd data-testid="rejected">{report.rejected}</dd>
            </div>
            <div>
              <dt>Pictures to describe</dt>
              <dd>
                {report.picturesMissingAlt} <span className="muted">of {report.pictures}</span>
              </dd>
            </div>
            <div>
              <dt>Estimated time</dt>
              <dd>{report.accepted ? `about ${formatDuration(report.estimateMs)}` : '—'}</dd>
            </div>
          </dl>
          {report.ignored > 0 && <p className="muted">{report.ignored} other files in the folders were ignored (not decks).</p>}

          {rejected.length > 0 && (
            <>
              <h4>Rejected decks and what to do</h4>
              <ul className="rejects" data-testid="rejects">
                {rejected.map((f) =>
                  f.ok ? null : (
                    <li key={f.path}>
                      <strong>{basename(f.path)}</strong> <span className="code">{f.code}</span>
                      <p>{f.message}</p>
                      {f.detail && <p className="muted">{f.detail}</p>}
                    </li>
                  ),
                )}
              </ul>
            </>
          )}

          <div className="actions">
            <button type="button" className="primary" data-testid="start-batch" disabled={!report.accepted || busy || creating} aria-busy={creating} onClick={() => void startNewBatch()}>
              {creating ? 'Starting…' : `Start batch (${report.accepted} ${report.accepted === 1 ? 'deck' : 'decks'})`}
            </button>
            <button type="button" onClick={clearInputs} disabled={creating}>
              Clear
            </button>
          </div>
        </section>
      )}
    </section>
  );
}
