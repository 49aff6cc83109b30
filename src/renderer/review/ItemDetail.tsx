import { useState, type RefObject } from 'react';
import type { ReviewGroup } from '../../shared/review';
import { basename } from '../format';
import { ACTION_DONE, decisionLabel, KIND_LABELS, SOURCE_LABELS, STANDING_LABELS, TRUST_LABELS } from './labels';
import { standingAfter } from '../../shared/score';
import { trustOf } from '../../shared/types';
import { clearCurrent, decideCurrent, move, showMembers, splitMember } from './review-actions';
import { thumbKey, useReview } from './review-store';
import { SlideOutline } from './SlideOutline';
import { EditText } from './EditText';

/**
 * One decision: the image (every copy of it in the batch when it repeats), where it
 * appears, old and proposed ALT, why to look, and the decision for all its copies.
 */
export function ItemDetail({ group, position, total, textRef, onDone }: { group: ReviewGroup; position: number; total: number; textRef: RefObject<HTMLTextAreaElement | null>; onDone(): void }) {
  const it = group.rep;
  const members = useReview((s) => (s.members?.groupKey === group.groupKey ? s.members : null));
  const copies = group.members;
  const thumb = useReview((s) => (it.item.mediaPart ? s.thumbs[thumbKey(it)] : undefined));
  const saving = useReview((s) => s.saving);
  const proposal = it.item.newAlt ?? '';
  const [draft, setDraft] = useState(it.decision?.text ?? proposal);
  const d = group.decision;

  const saveEdit = async () => {
    if (await decideCurrent('edit', draft)) onDone();
  };

  return (
    <section className="review-detail" aria-labelledby="review-item-title" data-testid="review-detail">
      <h3 id="review-item-title">
        Decision {position} of {total}: {copies > 1 ? `${copies} identical images` : `slide ${it.item.slide}, ${it.item.shapeName || KIND_LABELS[it.item.kind]}`}
      </h3>
      {copies > 1 && (
        <p className="review-group-note" data-testid="review-group-note">
          The same picture appears {copies} times in {group.decks} {group.decks === 1 ? 'deck' : 'decks'}: your decision applies to every copy.
          {group.mixed ? ` So far ${group.decided} of ${copies} are decided, not all alike.` : ''}
        </p>
      )}
      {group.fromLibrary && <p className="muted">Decided when this picture was reviewed in an earlier batch; change it here if it does not fit.</p>}
      <div className="review-visual">
        <div className="review-thumb">
          {!it.item.mediaPart ? (
            <p className="thumb-placeholder">No picture to show: this is a {KIND_LABELS[it.item.kind].toLowerCase()} drawn by PowerPoint.</p>
          ) : !thumb ? (
            <p className="thumb-placeholder">Loading the preview…</p>
          ) : 'dataUrl' in thumb ? (
            <img src={thumb.dataUrl} alt={`Preview of the image on slide ${it.item.slide}`} data-testid="review-thumb" />
          ) : (
            <p className="thumb-placeholder" data-testid="review-thumb-placeholder">
              {thumb.placeholder}
            </p>
          )}
        </div>
        {it.item.outline && <SlideOutline outline={it.item.outline} slide={it.item.slide} />}
      </div>
      <dl className="kv review-kv">
        <dt>Deck</dt>
        <dd title={it.deckPath}>{basename(it.deckPath)}</dd>
        <dt>Where</dt>
        <dd>
          {copies > 1 ? (
            <ul className="review-where" data-testid="review-where">
              {group.where.map((w, i) => (
                <li key={i}>
                  {basename(w.deckPath)}, slide {w.slide}
                </li>
              ))}
              {copies > group.where.length && <li>and {copies - group.where.length} more</li>}
            </ul>
          ) : (
            <>
              Slide {it.item.slide} · {KIND_LABELS[it.item.kind]} “{it.item.shapeName}”
            </>
          )}
        </dd>
        <dt>Old ALT</dt>
        <dd data-testid="review-old">
          {it.item.oldAlt ? it.item.oldAlt : <span className="muted">none</span>}
          {it.item.oldAltVerdict === 'junk' && <span className="muted"> (not a real description)</span>}
          {it.item.oldAltVerdict === 'altdeck' && <span className="muted"> (AltDeck’s own earlier draft, not a person’s)</span>}
        </dd>
        <dt>Proposed</dt>
        <dd data-testid="review-proposed">{proposal || <span className="muted">nothing could be proposed: write one, or mark it decorative</span>}</dd>
        <dt>Source</dt>
        <dd data-testid="review-source-label">
          {SOURCE_LABELS[it.item.source] ?? it.item.source} · trust: {TRUST_LABELS[it.item.trust ?? trustOf(it.item.source)]} ·{' '}
          {STANDING_LABELS[standingAfter(it.item, d)]}
        </dd>
        <dt>Decision</dt>
        <dd data-testid="review-decision" className={d ? `dec-${d.action}` : ''}>
          {decisionLabel(d)}
          {d?.action === 'edit' && d.text ? `: “${d.text}”` : ''}
        </dd>
      </dl>
      {it.reasons.length > 0 && (
        <div className="review-reasons">
          <h4>{it.clinical ? 'Clinical image: check anatomy and findings' : 'Why to look'}</h4>
          <ul>
            {it.reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </div>
      )}
      {it.item.longDescription && (
        <p>
          <strong>Long description (notes):</strong> {it.item.longDescription}
        </p>
      )}
      <EditText
        id="review-text"
        label="Your ALT text"
        rows={3}
        textRef={textRef}
        value={draft}
        onChange={setDraft}
        onSave={() => void saveEdit()}
        onCancel={() => {
          setDraft(it.decision?.text ?? proposal);
          onDone();
        }}
      />
      <div className="actions review-buttons" role="group" aria-label="Decision for this image">
        <button type="button" className="primary" aria-keyshortcuts="A" disabled={saving || !proposal} onClick={() => void decideCurrent('approve')}>
          Approve <kbd>A</kbd>
        </button>
        <button type="button" aria-keyshortcuts="Enter" disabled={saving || !draft.trim()} onClick={() => void saveEdit()}>
          Save my text
        </button>
        <button type="button" aria-keyshortcuts="D" disabled={saving} onClick={() => void decideCurrent('decorative')}>
          Decorative <kbd>D</kbd>
        </button>
        <button type="button" aria-keyshortcuts="R" disabled={saving} onClick={() => void decideCurrent('reject')}>
          Reject, keep old <kbd>R</kbd>
        </button>
        <button type="button" aria-keyshortcuts="U" disabled={saving || !group.decided} onClick={() => void clearCurrent()}>
          Undo <kbd>U</kbd>
        </button>
        <button type="button" aria-keyshortcuts="K" onClick={() => void move(-1)}>
          Previous <kbd>K</kbd>
        </button>
        <button type="button" aria-keyshortcuts="J" onClick={() => void move(1)}>
          Next <kbd>J</kbd>
        </button>
      </div>
      {copies > 1 && (
        <details
          className="review-members"
          onToggle={(e) => {
            if ((e.target as HTMLDetailsElement).open && !members) void showMembers();
          }}
        >
          <summary>Every copy ({copies}): decide one on its own</summary>
          {members ? (
            <>
              <ul data-testid="review-members">
                {members.items.map((m) => (
                  <li key={`${m.jobId}|${m.itemKey}`}>
                    {basename(m.deckPath)}, slide {m.item.slide}: {m.decision ? decisionLabel(m.decision) : 'not decided'}{' '}
                    <button type="button" onClick={() => void splitMember(m.jobId, m.itemKey)} aria-label={`Decide separately: ${basename(m.deckPath)}, slide ${m.item.slide}`}>
                      Decide separately
                    </button>
                  </li>
                ))}
              </ul>
              {members.items.length < members.total && (
                <button type="button" onClick={() => void showMembers(true)}>
                  Show more ({members.items.length} of {members.total})
                </button>
              )}
            </>
          ) : (
            <p className="muted">Loading…</p>
          )}
        </details>
      )}
      {d && (
        <p className="muted">
          {ACTION_DONE[d.action]} {new Date(d.decidedAt).toLocaleString()}
          {d.reviewer ? ` by ${d.reviewer}` : ''}. Saved.
        </p>
      )}
    </section>
  );
}
