import { useEffect, useRef, useState } from 'react';
import { api, errorText } from '../api';
import { useApp } from '../store';
import type { ReviewCounts, ReviewDeckRow } from '../../shared/review';
import { countsLine, decisionsLine } from './labels';
import { openReview } from './review-actions';

/** Decks per page of the table; "Show more" adds the next page (issue 11 §2: nothing silently capped). */
const PAGE = 100;
/** Counts come from SQL kept by triggers: two calls per refresh, whatever the batch's size. */
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
  const [rows, setRows] = useState<ReviewDeckRow[]>([]);
  const [decksTotal, setDecksTotal] = useState(0);
  const [shown, setShown] = useState(PAGE);
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
      const page = await api().reviewDecks(batchId, 0, shown);
      if (gone) return;
      setTotal(all);
      setRows(page.decks);
      setDecksTotal(page.total);
    })().catch((err) => useApp.getState().set({ error: `Loading the review counts failed: ${errorText(err)}` }));
    return () => {
      gone = true;
    };
  }, [batchId, isApply, succeeded, tick, shown]);

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
        <span>
          {countsLine(total)} {decisionsLine(total)}
        </span>
        <button type="button" className="primary" onClick={() => void openReview(batchId)}>
          Review this batch
        </button>
      </div>
      <div className="review-sum-wrap" tabIndex={0} role="region" aria-label={`Review progress per deck, ${rows.length} of ${decksTotal} decks shown`} data-testid="review-sum-wrap">
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
            {rows.map(({ jobId, relPath, counts }) => (
              <tr key={jobId}>
                <td>{relPath}</td>
                <td>{counts.items}</td>
                <td>{counts.reviewed}</td>
                <td>{counts.approved}</td>
                <td>{counts.edited}</td>
                <td>{counts.decorative}</td>
                <td>{counts.rejected}</td>
                <td>
                  <button type="button" onClick={() => void openReview(batchId, jobId)} aria-label={`Review ${relPath}`}>
                    Review
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted" data-testid="review-sum-shown">
        {rows.length} of {decksTotal} decks shown.{' '}
        {rows.length < decksTotal && (
          <button type="button" onClick={() => setShown((n) => n + PAGE)}>
            Show {Math.min(PAGE, decksTotal - rows.length)} more
          </button>
        )}
      </p>
    </section>
  );
}
