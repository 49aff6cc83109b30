import { useEffect, useRef, useState } from 'react';
import { api, errorText } from '../api';
import { useApp } from '../store';
import type { ReviewCounts } from '../../shared/review';
import type { JobInfo } from '../../shared/types';
import { countsLine } from './labels';
import { openReview } from './review-actions';

const MAX_DECKS = 200;
/** Each refresh asks once per deck: rarely while decks are still finishing. */
const REFRESH_MS = 1000;
const REFRESH_LIVE_MS = 5000;

/**
 * The batch view's review part: per deck, how many images were reviewed,
 * approved, edited; a way into the Review screen. For an apply batch: which
 * batch's decisions it writes.
 */
export function ReviewSummary({ batchId }: { batchId: string }) {
  const batch = useApp((s) => s.batches.find((b) => b.id === batchId) ?? null);
  const version = useApp((s) => s.jobsVersion);
  const [total, setTotal] = useState<ReviewCounts | null>(null);
  const [rows, setRows] = useState<Array<{ job: JobInfo; counts: ReviewCounts }>>([]);
  const [tick, setTick] = useState(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const isApply = batch?.kind === 'apply';
  const succeeded = batch?.counts.succeeded ?? 0;

  const live = batch?.state === 'active';
  // Throttled like the job table: decks finishing keep changing the counts.
  useEffect(() => {
    if (timer.current) return;
    timer.current = setTimeout(
      () => {
        timer.current = null;
        setTick((n) => n + 1);
      },
      live ? REFRESH_LIVE_MS : REFRESH_MS,
    );
  }, [version, live]);
  useEffect(() => () => clearTimeout(timer.current ?? undefined), []);

  useEffect(() => {
    if (isApply || !succeeded) return;
    let gone = false;
    (async () => {
      const all = await api().reviewCounts(batchId);
      const { jobs } = await api().listJobs(batchId, { state: 'succeeded', limit: MAX_DECKS });
      const per: Array<{ job: JobInfo; counts: ReviewCounts }> = [];
      for (const job of jobs) {
        const counts = await api().reviewCounts(batchId, job.id);
        if (counts.items) per.push({ job, counts });
      }
      if (gone) return;
      setTotal(all);
      setRows(per);
    })().catch((err) => useApp.getState().set({ error: `Loading the review counts failed: ${errorText(err)}` }));
    return () => {
      gone = true;
    };
  }, [batchId, isApply, succeeded, tick]);

  if (isApply) {
    return (
      <p className="review-apply-note" data-testid="apply-note">
        This batch writes the reviewed decisions of batch <span className="mono">{batch?.parentBatchId ?? '—'}</span> into the final decks.
      </p>
    );
  }
  if (!total || !total.items) return null;
  return (
    <section aria-labelledby="review-sum-title" className="review-summary" data-testid="review-summary">
      <div className="jobs-head">
        <h3 id="review-sum-title">Review</h3>
        <span>{countsLine(total)}</span>
        <button type="button" className="primary" onClick={() => void openReview(batchId)}>
          Review this batch
        </button>
      </div>
      <div className="review-sum-wrap">
        <table className="items">
          <caption className="sr-only">Review progress per deck</caption>
          <thead>
            <tr>
              <th scope="col">Deck</th>
              <th scope="col">Images</th>
              <th scope="col">Reviewed</th>
              <th scope="col">Approved</th>
              <th scope="col">Edited</th>
              <th scope="col">Decorative</th>
              <th scope="col">Kept old</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody data-testid="review-sum-rows">
            {rows.map(({ job, counts }) => (
              <tr key={job.id}>
                <td>{job.relPath}</td>
                <td>{counts.items}</td>
                <td>{counts.reviewed}</td>
                <td>{counts.approved}</td>
                <td>{counts.edited}</td>
                <td>{counts.decorative}</td>
                <td>{counts.rejected}</td>
                <td>
                  <button type="button" onClick={() => void openReview(batchId, job.id)} aria-label={`Review ${job.relPath}`}>
                    Review
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
