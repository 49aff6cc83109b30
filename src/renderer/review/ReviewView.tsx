import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { ReviewFilter } from '../../shared/review';
import type { AltSource } from '../../shared/types';
import { basename } from '../format';
import { useApp } from '../store';
import { GroupListbox } from './GroupListbox';
import { ItemDetail } from './ItemDetail';
import { FindingsPanel } from './FindingsPanel';
import { useFindings } from './findings-store';
import { countsLine, decisionsLine, FILTER_LABELS, groupStatus, KIND_LABELS, shortText, SOURCE_LABELS } from './labels';
import {
  applyApproved,
  bulkApprove,
  clearCurrent,
  decideCurrent,
  exportDecisions,
  importDecisions,
  loadMore,
  move,
  moveTo,
  openReview,
  reviewableBatches,
  setScope,
  undoBulk,
} from './review-actions';
import { saveReviewer, useReview } from './review-store';

// what a reviewer filters by: everything AltDeck proposes, by source (a person's kept ALT is not reviewed)
const SOURCES: AltSource[] = ['model', 'chart', 'table', 'smartart', 'link', 'caption', 'auto-caption', 'file-name', 'repeated', 'ocr', 'context', 'placeholder', 'none'];

/**
 * Review and approve: every generated ALT text, one decision at a time, by keyboard.
 * Identical images (every copy of a logo across the batch) are one row and one decision,
 * most copies first. The list is virtualised and loaded page by page: 30,000 images
 * draw as fast as 30.
 * The single-letter keys work only while focus is in the review area (a listbox,
 * where screen readers pass keys through), never in text fields.
 */
export function ReviewView() {
  const batches = useApp((s) => s.batches);
  const currentBatchId = useApp((s) => s.currentBatchId);
  const { panel, batchId, jobId, filter, source, groups, total, index, counts, decks, decksTotal, loading, reviewer, lastBulk } = useReview();
  const listRef = useRef<HTMLDivElement>(null);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const choices = reviewableBatches(batches);
  // Apply writes the findings' decisions too: it is offered when only findings were decided.
  const findingsDecided = useFindings((s) => (s.batchId === batchId ? (s.counts?.decided ?? 0) : 0));

  useEffect(() => {
    if (batchId) return;
    const pick = choices.find((b) => b.id === currentBatchId) ?? choices[0];
    if (pick) void openReview(pick.id);
    // Only when the screen opens or a first reviewable batch appears.
  }, [batchId, choices.length]);


  const focusList = () => listRef.current?.focus();
  const cur = groups[index];

  const onKey = (e: KeyboardEvent) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if ((e.target as HTMLElement).closest('textarea, input, select')) return;
    const inList = e.target === listRef.current;
    switch (e.key) {
      case 'ArrowDown':
      case 'j':
      case 'J':
        void move(1);
        break;
      case 'ArrowUp':
      case 'k':
      case 'K':
        void move(-1);
        break;
      case 'Home':
        if (!inList) return;
        moveTo(0);
        break;
      case 'End':
        if (!inList) return;
        moveTo(groups.length - 1);
        break;
      case 'a':
      case 'A':
        void decideCurrent('approve');
        break;
      case 'd':
      case 'D':
        void decideCurrent('decorative');
        break;
      case 'r':
      case 'R':
        void decideCurrent('reject');
        break;
      case 'u':
      case 'U':
        void clearCurrent();
        break;
      case 'e':
      case 'E':
        textRef.current?.focus();
        textRef.current?.select();
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  if (!choices.length) {
    return (
      <section className="view" aria-labelledby="review-title">
        <h2 id="review-title">Review</h2>
        <p>Nothing to review yet: process a batch first. Every generated ALT text is listed here for a person to approve before it goes into the final deck.</p>
      </section>
    );
  }

  const batchSelect = (
    <label>
      Batch{' '}
      <select value={batchId ?? ''} onChange={(e) => void setScope({ batchId: e.target.value })} data-testid="review-batch">
        {choices.map((b) => (
          <option key={b.id} value={b.id}>
            {b.id} ({b.counts.succeeded} {b.counts.succeeded === 1 ? 'deck' : 'decks'})
          </option>
        ))}
      </select>
    </label>
  );
  const reviewerInput = (
    <label>
      Your name{' '}
      <input type="text" value={reviewer} maxLength={200} onChange={(e) => saveReviewer(e.target.value)} placeholder="saved with each decision" data-testid="review-reviewer" />
    </label>
  );
  if (panel === 'findings') {
    return (
      <section className="view review" aria-labelledby="review-title" data-testid="review">
        <h2 id="review-title">Review checker findings</h2>
        <PanelSwitch panel={panel} />
        <FindingsPanel
          batchId={batchId}
          scope={
            <>
              {batchSelect}
              {reviewerInput}
            </>
          }
        />
      </section>
    );
  }

  const deck = decks.find((d) => d.jobId === jobId);
  return (
    <section className="view review" aria-labelledby="review-title" data-testid="review">
      <h2 id="review-title">Review ALT text</h2>
      <PanelSwitch panel={panel} />
      <div className="review-scope">
        {batchSelect}
        <label>
          Deck{' '}
          <select value={jobId ?? ''} onChange={(e) => void setScope({ jobId: e.target.value ? Number(e.target.value) : null })} data-testid="review-deck">
            <option value="">All decks{decksTotal ? ` (${decksTotal})` : ''}</option>
            {decks.map((d) => (
              <option key={d.jobId} value={d.jobId}>
                {d.relPath} — {d.counts.reviewed} of {d.counts.items} reviewed
              </option>
            ))}
          </select>
        </label>
        <label>
          Show{' '}
          <select value={filter} onChange={(e) => void setScope({ filter: e.target.value as ReviewFilter })} data-testid="review-filter">
            {(Object.keys(FILTER_LABELS) as ReviewFilter[]).map((f) => (
              <option key={f} value={f}>
                {FILTER_LABELS[f]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Source{' '}
          <select value={source ?? ''} onChange={(e) => void setScope({ source: (e.target.value || null) as AltSource | null })} data-testid="review-source">
            <option value="">All sources</option>
            {SOURCES.map((s) => (
              <option key={s} value={s}>
                {SOURCE_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        {reviewerInput}
      </div>
      <p className="review-counts" data-testid="review-counts">
        {counts ? `${deck ? `${basename(deck.relPath)}: ` : ''}${countsLine(counts)}` : loading ? 'Loading…' : ''}
      </p>
      {counts && (
        <p className="review-decisions" data-testid="review-decisions">
          {decisionsLine(counts)}
        </p>
      )}
      <div className="actions" role="group" aria-label="Review actions for many images">
        <button type="button" disabled={!jobId} onClick={() => void bulkApprove('deck')} title="Approve every proposal in the chosen deck">
          Approve all in this deck
        </button>
        <button type="button" disabled={!source} onClick={() => void bulkApprove('source')} title="Approve every proposal from the chosen source">
          Approve all from this source
        </button>
        {lastBulk && (
          <button type="button" onClick={() => void undoBulk()} data-testid="review-undo-bulk">
            Undo approval of {lastBulk.approved} {lastBulk.approved === 1 ? 'image' : 'images'}
          </button>
        )}
        <span className="report-buttons" role="group" aria-label="Export decisions">
          <button type="button" onClick={() => void exportDecisions('json')}>
            Export decisions (JSON)
          </button>
          <button type="button" onClick={() => void exportDecisions('csv')}>
            Export (CSV)
          </button>
        </span>
        <button type="button" onClick={() => fileRef.current?.click()}>
          Import decisions…
        </button>
        <input
          ref={fileRef}
          type="file"
          accept=".json,.csv,application/json,text/csv"
          hidden
          data-testid="review-import"
          onChange={(e) => {
            const f = e.target.files?.[0];
            e.target.value = '';
            if (f) void importDecisions(f);
          }}
        />
        <button type="button" className="primary" disabled={!counts?.reviewed && !findingsDecided} onClick={() => void applyApproved()}>
          Apply approved decisions
        </button>
      </div>

      <p id="review-keys" className="keys" data-testid="review-keys">
        Keys in the image list: <kbd>A</kbd> approve · <kbd>E</kbd> edit (<kbd>Enter</kbd> saves, <kbd>Esc</kbd> cancels) · <kbd>D</kbd> decorative · <kbd>R</kbd> reject, keep the old
        ALT · <kbd>U</kbd> undo · <kbd>J</kbd> or <kbd>↓</kbd> next · <kbd>K</kbd> or <kbd>↑</kbd> previous
      </p>

      {/* Keys are handled for the whole area so the decision buttons keep working after a click. */}
      <div className="review-work" onKeyDown={onKey}>
        <GroupListbox
          groups={groups}
          total={total}
          index={index}
          loading={loading}
          listRef={listRef}
          idPrefix="review-item"
          label={`Images to review, ${total} ${total === 1 ? 'decision' : 'decisions'}, identical images as one`}
          describedBy="review-keys"
          testId="review-list"
          optionTestId="review-option"
          keyOf={(g) => g.groupKey}
          classOf={(g) => (g.decision ? ` decided dec-${g.decision.action}` : '')}
          onPick={(i) => {
            moveTo(i);
            focusList();
          }}
          onNeedMore={() => void loadMore()}
          empty="No images match these choices."
          emptyTestId="review-empty"
          renderOption={(g, i) => {
            const it = g.rep;
            return (
              <>
                <span className="opt-head">
                  <span>
                    {i + 1}.{' '}
                    {g.members > 1 ? (
                      <strong data-testid="review-copies">
                        {g.members} copies in {g.decks} {g.decks === 1 ? 'deck' : 'decks'}
                      </strong>
                    ) : (
                      <>
                        Slide {it.item.slide} · {KIND_LABELS[it.item.kind]}
                        {jobId ? '' : ` · ${basename(it.deckPath)}`}
                      </>
                    )}
                  </span>
                  <span className="opt-status">{groupStatus(g)}</span>
                </span>
                <span className="opt-text">{shortText(g.decision?.text ?? it.item.newAlt ?? it.item.oldAlt, 80)}</span>
                {(g.needsReview || g.clinical) && <span className="opt-flag">{g.clinical ? 'Clinical · needs review' : 'Needs review'}</span>}
              </>
            );
          }}
        />
        {cur ? (
          <ItemDetail key={cur.groupKey} group={cur} position={index + 1} total={total} textRef={textRef} onDone={focusList} />
        ) : (
          <div className="review-detail muted">{loading ? 'Loading…' : 'Choose an image.'}</div>
        )}
      </div>
    </section>
  );
}

/** Images' ALT text or the checker's other findings: two lists on one screen, the same batch and keys. */
function PanelSwitch({ panel }: { panel: 'images' | 'findings' }) {
  const pick = (p: 'images' | 'findings') => useReview.getState().set({ panel: p });
  return (
    <div className="actions review-panels" role="group" aria-label="What to review">
      <button type="button" aria-pressed={panel === 'images'} onClick={() => pick('images')} data-testid="review-panel-images">
        ALT text of images
      </button>
      <button type="button" aria-pressed={panel === 'findings'} onClick={() => pick('findings')} data-testid="review-panel-findings">
        Other checker findings
      </button>
    </div>
  );
}
