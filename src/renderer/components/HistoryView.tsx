import { resumeBatch } from '../actions';
import { formatTime } from '../format';
import { batchStatus } from '../../shared/batch-status';
import { useApp } from '../store';

/** Every batch, newest first; unfinished ones can be resumed from here at any time. */
export function HistoryView() {
  const batches = useApp((s) => s.batches);
  const open = (id: string) => useApp.getState().set({ currentBatchId: id, view: 'batch', jobFilter: 'all' });
  return (
    <section className="view" aria-labelledby="history-title">
      <h2 id="history-title">Batch history</h2>
      {batches.length === 0 ? (
        <p>No batches yet.</p>
      ) : (
        <table className="history" data-testid="history">
          <thead>
            <tr>
              <th scope="col">Batch</th>
              <th scope="col">Created</th>
              <th scope="col">State</th>
              <th scope="col">Decks</th>
              <th scope="col">Done</th>
              <th scope="col">Failed</th>
              <th scope="col">Not accepted</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {batches.map((b) => {
              const unfinished = b.counts.pending + b.counts.running + b.counts.retrying > 0;
              return (
                <tr key={b.id}>
                  <th scope="row" className="mono">
                    {b.id}
                  </th>
                  <td>{formatTime(b.createdAt)}</td>
                  <td>
                    <span className={`pill tone-${batchStatus(b).tone}`}>{batchStatus(b).label}</span>
                  </td>
                  <td>{b.counts.total}</td>
                  <td>{b.counts.succeeded}</td>
                  <td>{b.counts.failed}</td>
                  <td>{b.counts.rejected}</td>
                  <td className="row-actions">
                    <button type="button" onClick={() => open(b.id)} aria-label={`Open batch ${b.id}`}>
                      Open
                    </button>
                    {unfinished && b.state !== 'active' && (
                      <button type="button" onClick={() => void resumeBatch(b.id)} aria-label={`Resume batch ${b.id}`}>
                        Resume
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
