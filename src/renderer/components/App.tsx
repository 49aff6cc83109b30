import { useEffect, useRef } from 'react';
import { completion, progressAnnouncement, STATE_LABELS } from '../format';
import { useApp, type View } from '../store';
import { AddView } from './AddView';
import { BatchView } from './BatchView';
import { HistoryView } from './HistoryView';
import { RecoveryBanner } from './RecoveryBanner';
import { SettingsView } from './SettingsView';
import { ReviewView } from '../review/ReviewView';
import { ConfirmHost } from './ConfirmHost';

const NAV: Array<[View, string]> = [
  ['add', 'Add decks'],
  ['batch', 'Batch'],
  ['review', 'Review'],
  ['history', 'History'],
  ['settings', 'Settings'],
];

export function App() {
  const view = useApp((s) => s.view);
  const error = useApp((s) => s.error);
  const notices = useApp((s) => s.notices);
  const announcement = useApp((s) => s.announcement);
  const shuttingDown = useApp((s) => s.shuttingDown);
  const mainRef = useRef<HTMLElement>(null);
  useProgressAnnouncer();

  const go = (v: View) => {
    useApp.getState().set({ view: v });
    // Move focus to the new screen so keyboard and screen-reader users land there.
    requestAnimationFrame(() => mainRef.current?.focus());
  };

  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <h1>AltDeck</h1>
        <nav aria-label="Screens">
          <ul>
            {NAV.map(([v, label]) => (
              <li key={v}>
                <button type="button" aria-current={view === v ? 'page' : undefined} onClick={() => go(v)} data-nav={v}>
                  {label}
                </button>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      {shuttingDown && (
        <div className="banner finishing" role="alert" data-testid="finishing">
          {shuttingDown}
        </div>
      )}
      <RecoveryBanner />
      {error && (
        <div className="banner error" role="alert">
          <span>{error}</span>
          <button type="button" onClick={() => useApp.getState().set({ error: null })}>
            Dismiss
          </button>
        </div>
      )}
      {notices.length > 0 && (
        <ul className="notices" aria-label="Notices">
          {notices.map((n) => (
            <li key={n.id} className={`notice notice-${n.code}`}>
              <span>{n.message}</span>
              <button
                type="button"
                aria-label="Dismiss notice"
                onClick={() => useApp.getState().set({ notices: useApp.getState().notices.filter((x) => x.id !== n.id) })}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <main id="main" ref={mainRef} tabIndex={-1}>
        {view === 'add' && <AddView />}
        {view === 'batch' && <BatchView />}
        {view === 'review' && <ReviewView />}
        {view === 'history' && <HistoryView />}
        {view === 'settings' && <SettingsView />}
      </main>
      <ConfirmHost />
      <div className="sr-only" role="status" aria-live="polite" aria-atomic="true" data-testid="live">
        {announcement}
      </div>
    </>
  );
}

/** Announces batch progress at 10% steps and batch state changes in the live region. */
function useProgressAnnouncer() {
  const last = useRef<{ id: string | null; frac: number | null; state: string | null }>({ id: null, frac: null, state: null });
  useEffect(
    () =>
      useApp.subscribe((s) => {
        const id = s.currentBatchId;
        if (!id) return;
        const p = s.progress[id];
        const b = s.batches.find((x) => x.id === id);
        if (last.current.id !== id) last.current = { id, frac: null, state: null };
        // Update the memory before announcing: announce() sets state, which calls this listener again.
        const prevState = last.current.state;
        if (b) last.current.state = b.state;
        const frac = p ? completion(p.counts, p.unitsDone, p.unitsTotal) : null;
        const prevFrac = last.current.frac;
        if (frac !== null) last.current.frac = frac;
        if (b && prevState !== null && b.state !== prevState) s.announce(`Batch ${STATE_LABELS[b.state].toLowerCase()}.`);
        else if (p && frac !== null) {
          const text = progressAnnouncement(prevFrac, frac, p.counts);
          if (text && text !== s.announcement) s.announce(text);
        }
      }),
    [],
  );
}
