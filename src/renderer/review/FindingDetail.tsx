import { useState, type RefObject } from 'react';
import type { FindingGroupRow } from '../../shared/check-review';
import { basename } from '../format';
import { canDecide, canEdit, CHECK_RULE_NAMES, FINDING_DONE, findingStatus, INFO_NOTES, severityOf } from './finding-labels';
import { clearFinding, decideFinding, moveFinding } from './findings-actions';
import { useFindings } from './findings-store';
import { EditText } from './EditText';

/** The words in the deck and the proposal, named for the rule (a reading order is shape ids in the file). */
function valueLabels(g: FindingGroupRow): { current: string; proposal: string } {
  if (g.rule === 'reading-order') return { current: 'Order in the file (shape ids)', proposal: 'Proposed order (shape ids)' };
  if (g.rule === 'missing-table-header') return { current: 'First row', proposal: 'Proposed' };
  return { current: 'In the deck now', proposal: 'Proposed' };
}

/**
 * One finding (every identical one when it repeats): the rule as PowerPoint names it, where
 * it is, what the deck holds and what AltDeck proposes, and the decision for all of them.
 * Information rows (fixed without review, or left to a person) say why there is nothing to approve.
 */
export function FindingDetail({ group, position, total, textRef, onDone }: { group: FindingGroupRow; position: number; total: number; textRef: RefObject<HTMLTextAreaElement | null>; onDone(): void }) {
  const saving = useFindings((s) => s.saving);
  const proposal = group.proposal ?? '';
  const [draft, setDraft] = useState(group.text ?? proposal);
  const decidable = canDecide(group);
  const editable = canEdit(group);
  const labels = valueLabels(group);
  const act = async (p: Promise<unknown>) => {
    await p;
    onDone();
  };
  const saveEdit = () => act(decideFinding('edit', draft));

  return (
    <section className="review-detail" aria-labelledby="finding-title" data-testid="finding-detail">
      <h3 id="finding-title">
        Finding {position} of {total}: {CHECK_RULE_NAMES[group.rule]}
      </h3>
      <p className="muted">
        PowerPoint’s checker: {severityOf(group.rule)}
        {group.members > 1 ? ` · ${group.members} identical findings in ${group.decks} ${group.decks === 1 ? 'deck' : 'decks'}: your decision applies to every one` : ''}
      </p>
      {group.outcome !== 'proposed' && (
        <p className="review-group-note" data-testid="finding-info">
          {INFO_NOTES[group.outcome]}
        </p>
      )}
      <p data-testid="finding-message">{group.message}</p>
      <dl className="kv review-kv">
        <dt>Where</dt>
        <dd>
          <ul className="review-where" data-testid="finding-where">
            {group.where.map((w, i) => (
              <li key={i} title={w.relPath}>
                {basename(w.relPath)}, {w.slide ? `slide ${w.slide}` : 'the whole deck'}
              </li>
            ))}
            {group.members > group.where.length && <li>and {group.members - group.where.length} more</li>}
          </ul>
        </dd>
        {group.current && (
          <>
            <dt>{labels.current}</dt>
            <dd data-testid="finding-current">{group.current}</dd>
          </>
        )}
        {decidable && (
          <>
            <dt>{labels.proposal}</dt>
            <dd data-testid="finding-proposed">{proposal || <span className="muted">nothing proposed: write one, or reject</span>}</dd>
            <dt>Decision</dt>
            <dd data-testid="finding-decision" className={group.decision ? `dec-${group.decision}` : ''}>
              {findingStatus(group)}
              {group.decision === 'edit' && group.text ? `: “${group.text}”` : ''}
            </dd>
          </>
        )}
      </dl>
      {editable && (
        <EditText
          id="finding-text"
          label="Your text"
          rows={2}
          textRef={textRef}
          value={draft}
          onChange={setDraft}
          onSave={() => void saveEdit()}
          onCancel={() => {
            setDraft(group.text ?? proposal);
            onDone();
          }}
        />
      )}
      <div className="actions review-buttons" role="group" aria-label="Decision for this finding">
        {decidable && (
          <>
            <button type="button" className="primary" aria-keyshortcuts="A" disabled={saving || !proposal} onClick={() => void act(decideFinding('approve'))}>
              Approve <kbd>A</kbd>
            </button>
            {editable && (
              <button type="button" aria-keyshortcuts="Enter" disabled={saving || !draft.trim()} onClick={() => void saveEdit()}>
                Save my text
              </button>
            )}
            <button type="button" aria-keyshortcuts="R" disabled={saving} onClick={() => void act(decideFinding('reject'))}>
              Reject, leave the deck <kbd>R</kbd>
            </button>
            <button type="button" aria-keyshortcuts="U" disabled={saving || !group.decided} onClick={() => void act(clearFinding())}>
              Undo <kbd>U</kbd>
            </button>
          </>
        )}
        <button type="button" aria-keyshortcuts="K" onClick={() => void act(moveFinding(-1))}>
          Previous <kbd>K</kbd>
        </button>
        <button type="button" aria-keyshortcuts="J" onClick={() => void act(moveFinding(1))}>
          Next <kbd>J</kbd>
        </button>
      </div>
      {group.decision && <p className="muted">{FINDING_DONE[group.decision]}. Saved.</p>}
    </section>
  );
}
