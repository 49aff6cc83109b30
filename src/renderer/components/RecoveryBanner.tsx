import { resumeBatch } from '../actions';
import { formatTime } from '../format';
import { useApp } from '../store';

/** After a crash or kill: offer the interrupted batch. Dismissing keeps it in the history. */
export function RecoveryBanner() {
  // Select stable references: a selector returning a new array each time would re-render forever.
  const all = useApp((s) => s.interrupted);
  const dismissed = useApp((s) => s.dismissedRecovery);
  const interrupted = all.filter((b) => !dismissed.includes(b.id));
  if (!interrupted.length) return null;
  const b = interrupted[0];
  const left = b.counts.pending + b.counts.running + b.counts.retrying;
  return (
    <section className="banner recovery" aria-labelledby="recovery-title" data-testid="recovery-banner">
      <h2 id="recovery-title">A batch was interrupted</h2>
      <p>
        The batch started {formatTime(b.createdAt)} stopped before it finished (the app was closed unexpectedly). {left} of {b.counts.total} decks
        are still to do; finished decks are kept.
        {interrupted.length > 1 ? ` ${interrupted.length - 1} more interrupted batch(es) are in the history.` : ''}
      </p>
      <div className="actions">
        <button type="button" className="primary" onClick={() => void resumeBatch(b.id)}>
          Resume
        </button>
        <button type="button" onClick={() => useApp.getState().set({ dismissedRecovery: [...useApp.getState().dismissedRecovery, b.id] })}>
          Not now
        </button>
      </div>
    </section>
  );
}
