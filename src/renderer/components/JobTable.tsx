import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import { api, errorText } from '../api';
import { openPath, showInFolder } from '../actions';
import { STATE_LABELS } from '../format';
import { useApp } from '../store';
import { JOB_STATES, type JobInfo, type JobState } from '../../shared/types';
import { JobDetails } from './JobDetails';

const PAGE = 100;
const ROW_HEIGHT = 44;
/** Refetch visible rows at most this often while jobs change. */
const REFRESH_MS = 400;

/**
 * Every deck of the batch. Rows are fetched a page at a time around what is
 * visible and only the visible rows are in the DOM, so 10,000 decks scroll as
 * smoothly as 10.
 */
export function JobTable({ batchId, total }: { batchId: string; total: number }) {
  const filter = useApp((s) => s.jobFilter);
  const version = useApp((s) => s.jobsVersion);
  const setFilter = (f: JobState | 'all') => useApp.getState().set({ jobFilter: f });
  const [count, setCount] = useState(0);
  const [pages, setPages] = useState<Map<number, JobInfo[]>>(new Map());
  const [details, setDetails] = useState<JobInfo | null>(null);
  const [tick, setTick] = useState(0);
  const parentRef = useRef<HTMLDivElement>(null);

  const virt = useVirtualizer({ count, getScrollElement: () => parentRef.current, estimateSize: () => ROW_HEIGHT, overscan: 8 });
  const items = virt.getVirtualItems();
  const firstPage = Math.floor((items[0]?.index ?? 0) / PAGE);
  const lastPage = Math.floor((items[items.length - 1]?.index ?? 0) / PAGE);

  // Throttle, not debounce: during a long run changes never pause, and a debounce would starve.
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      setTick((n) => n + 1);
    }, REFRESH_MS);
  }, [version, total]);
  useEffect(() => () => clearTimeout(timer.current ?? undefined), []);

  useEffect(() => {
    setPages(new Map());
    parentRef.current?.scrollTo({ top: 0 });
  }, [batchId, filter]);

  useEffect(() => {
    let gone = false;
    const state = filter === 'all' ? undefined : filter;
    (async () => {
      const next = new Map<number, JobInfo[]>();
      let n = 0;
      for (let p = firstPage; p <= lastPage; p++) {
        const r = await api().listJobs(batchId, { ...(state ? { state } : {}), offset: p * PAGE, limit: PAGE });
        next.set(p, r.jobs);
        n = r.total;
      }
      if (gone) return;
      setCount(n);
      setPages(next);
    })().catch((err) => useApp.getState().set({ error: `Loading the decks failed: ${errorText(err)}` }));
    return () => {
      gone = true;
    };
  }, [batchId, filter, tick, firstPage, lastPage]);

  const rowAt = (i: number) => pages.get(Math.floor(i / PAGE))?.[i % PAGE];

  return (
    <section aria-labelledby="jobs-title" className="jobs">
      <div className="jobs-head">
        <h3 id="jobs-title">Decks</h3>
        <label>
          Show{' '}
          <select value={filter} onChange={(e) => setFilter(e.target.value as JobState | 'all')} data-testid="job-filter">
            <option value="all">All decks</option>
            {JOB_STATES.map((s) => (
              <option key={s} value={s}>
                {STATE_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <span className="muted" aria-live="off">
          {count} shown
        </span>
      </div>
      <div role="table" aria-label="Decks in this batch" aria-rowcount={count + 1} className="table" data-testid="job-table">
        <div role="rowgroup">
          <div role="row" aria-rowindex={1} className="tr th">
            <span role="columnheader">Deck</span>
            <span role="columnheader">State</span>
            <span role="columnheader">Pictures</span>
            <span role="columnheader">Tries</span>
            <span role="columnheader">Problem</span>
            <span role="columnheader">Actions</span>
          </div>
        </div>
        <div ref={parentRef} className="tbody" role="rowgroup" tabIndex={-1}>
          <div style={{ height: virt.getTotalSize(), position: 'relative' }}>
            {items.map((v) => {
              const j = rowAt(v.index);
              return (
                <div
                  key={v.key}
                  role="row"
                  aria-rowindex={v.index + 2}
                  className={`tr ${j ? `row-${j.state}` : ''}`}
                  data-testid="job-row"
                  style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${v.start}px)` }}
                >
                  {j ? <JobCells job={j} onDetails={() => setDetails(j)} /> : <span role="cell">Loading…</span>}
                </div>
              );
            })}
          </div>
        </div>
      </div>
      {details && <JobDetails job={details} onClose={() => setDetails(null)} />}
    </section>
  );
}

function JobCells({ job, onDetails }: { job: JobInfo; onDetails(): void }) {
  // A claimed deck whose processor has not started (or has exited) is not "Running".
  const phase = useApp((s) => (job.state === 'running' ? s.progress[job.batchId]?.running.find((r) => r.jobId === job.id)?.phase : undefined));
  const label = phase === 'preparing' ? 'Being prepared' : phase === 'finishing' ? 'Saving' : STATE_LABELS[job.state];
  const pics = job.progressTotal ? `${job.progressDone}/${job.progressTotal}` : String(job.workUnits);
  return (
    <>
      <span role="cell" className="ellipsis" title={job.inputPath}>
        {job.relPath}
      </span>
      <span role="cell">
        <span className={`pill state-${phase && phase !== 'processing' ? 'pending' : job.state}`}>{label}</span>
      </span>
      <span role="cell">{pics}</span>
      <span role="cell">{job.state === 'rejected' ? <span title="Not accepted by the check: never processed">—</span> : `${job.attempts}/${job.maxAttempts}`}</span>
      <span role="cell" className="ellipsis" title={job.error?.message}>
        {job.error ? job.error.code : job.result?.needsReview ? `${job.result.needsReview} to review` : ''}
      </span>
      <span role="cell" className="row-actions">
        <button type="button" onClick={onDetails} aria-label={`Details of ${job.relPath}`}>
          Details
        </button>
        {job.outputPath && job.state === 'succeeded' && (
          <>
            <button type="button" onClick={() => void openPath(job.outputPath!)} aria-label={`Open output of ${job.relPath}`}>
              Open
            </button>
            <button type="button" onClick={() => void showInFolder(job.outputPath!)} aria-label={`Show output of ${job.relPath} in folder`}>
              Folder
            </button>
          </>
        )}
      </span>
    </>
  );
}
