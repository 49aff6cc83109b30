import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';
import type { FindingGroupsFilter } from '../../shared/check-review';
import type { CheckRuleId } from '../../shared/checker';
import { basename } from '../format';
import { shortText } from './labels';
import { CHECK_RULE_NAMES, FINDING_FILTER_LABELS, FINDING_RULES, findingCountsLine, findingLine, findingStatus, findingWhere } from './finding-labels';
import { FindingDetail } from './FindingDetail';
import { GroupListbox } from './GroupListbox';
import { applyApprovedFindings, approveAllOfRule, clearFinding, decideFinding, focusFindings, loadFindings, loadMoreFindings, moveFinding, moveFindingTo, setFindingScope, undoFindingsBulk } from './findings-actions';
import { useFindings } from './findings-store';


/**
 * The checker's findings beyond ALT (issue 13), named as PowerPoint's Accessibility Checker
 * names them: identical findings are one row and one decision (approve, edit, reject),
 * loaded page by page into a virtualised list, by the same keys as the images. Findings
 * AltDeck fixed without review or cannot fix (merged cells, captions, restricted access)
 * are listed as information, with nothing to approve.
 */
export function FindingsPanel({ batchId, scope }: { batchId: string | null; scope: ReactNode }) {
  const { groups, total, index, counts, loading, rule, filter, lastBulk } = useFindings();
  const listRef = useRef<HTMLDivElement>(null);
  const textRef = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (batchId) void loadFindings(batchId);
  }, [batchId]);

  const cur = groups[index];
  const onKey = (e: KeyboardEvent) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if ((e.target as HTMLElement).closest('textarea, input, select')) return;
    const inList = e.target === listRef.current;
    // Every action ends with focus on the list, so the next key works wherever this one was pressed,
    // unless the reviewer has moved into a text box meanwhile (E right after A): taking focus back
    // then would send their typing to the list's keys (an "e" selects the text, and what came before is lost).
    const then = (p: Promise<unknown> | void) =>
      void Promise.resolve(p).then(() => {
        if (!document.activeElement?.closest('textarea, input, select')) focusFindings();
      });
    switch (e.key) {
      case 'ArrowDown':
      case 'j':
      case 'J':
        then(moveFinding(1));
        break;
      case 'ArrowUp':
      case 'k':
      case 'K':
        then(moveFinding(-1));
        break;
      case 'Home':
        if (!inList) return;
        moveFindingTo(0);
        break;
      case 'End':
        if (!inList) return;
        moveFindingTo(groups.length - 1);
        break;
      case 'a':
      case 'A':
        then(decideFinding('approve'));
        break;
      case 'r':
      case 'R':
        then(decideFinding('reject'));
        break;
      case 'u':
      case 'U':
        then(clearFinding());
        break;
      case 'e':
      case 'E':
        if (!textRef.current) {
          then(decideFinding('edit'));
          break;
        }
        textRef.current.focus();
        textRef.current.select();
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  const empty = filter === 'info' ? 'Nothing listed as information for these choices.' : counts?.info ? 'No finding here needs a decision. Choose Show › Information to see what was fixed without review or is left to a person.' : 'No finding matches these choices.';
  return (
    <>
      <div className="review-scope">
        {scope}
        <label>
          Rule{' '}
          <select value={rule ?? ''} onChange={(e) => void setFindingScope({ rule: (e.target.value || null) as CheckRuleId | null })} data-testid="findings-rule">
            <option value="">All rules</option>
            {FINDING_RULES.map((r) => (
              <option key={r} value={r}>
                {CHECK_RULE_NAMES[r]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Show{' '}
          <select value={filter} onChange={(e) => void setFindingScope({ filter: e.target.value as FindingGroupsFilter })} data-testid="findings-filter">
            {(Object.keys(FINDING_FILTER_LABELS) as FindingGroupsFilter[]).map((f) => (
              <option key={f} value={f}>
                {FINDING_FILTER_LABELS[f]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="review-counts" data-testid="findings-counts">
        {counts ? findingCountsLine(counts) : loading ? 'Loading…' : ''}
      </p>
      <div className="actions" role="group" aria-label="Actions for many findings">
        <button type="button" disabled={!rule || filter === 'info'} onClick={() => void approveAllOfRule()} title="Approve every undecided proposal of the chosen rule; asks first">
          Approve all proposals of this rule
        </button>
        {lastBulk && (
          <button type="button" onClick={() => void undoFindingsBulk()} data-testid="findings-undo-bulk">
            Undo approval of {lastBulk.approved} {lastBulk.approved === 1 ? 'finding' : 'findings'}
          </button>
        )}
        <button type="button" className="primary" disabled={!counts?.decided} onClick={() => void applyApprovedFindings()}>
          Apply approved decisions
        </button>
      </div>
      <p id="findings-keys" className="keys" data-testid="findings-keys">
        Keys in the findings list: <kbd>A</kbd> approve · <kbd>E</kbd> edit a title or link text (<kbd>Enter</kbd> saves, <kbd>Esc</kbd> cancels) · <kbd>R</kbd> reject, leave the deck as it is ·{' '}
        <kbd>U</kbd> undo · <kbd>J</kbd> or <kbd>↓</kbd> next · <kbd>K</kbd> or <kbd>↑</kbd> previous
      </p>

      <div className="review-work" onKeyDown={onKey}>
        <GroupListbox
          groups={groups}
          total={total}
          index={index}
          loading={loading}
          listRef={listRef}
          idPrefix="finding-item"
          label={`Checker findings, ${total} ${filter === 'info' ? (total === 1 ? 'row' : 'rows') : total === 1 ? 'decision' : 'decisions'}, identical findings as one`}
          describedBy="findings-keys"
          testId="findings-list"
          optionTestId="finding-option"
          keyOf={(g) => g.groupKey}
          classOf={(g) => (g.decision ? ` decided dec-${g.decision}` : '')}
          onPick={(i) => {
            moveFindingTo(i);
            focusFindings();
          }}
          onNeedMore={() => void loadMoreFindings()}
          empty={empty}
          emptyTestId="findings-empty"
          renderOption={(g, i) => (
            <>
              <span className="opt-head">
                <span>
                  {i + 1}. {CHECK_RULE_NAMES[g.rule]}
                </span>
                <span className="opt-status">{findingStatus(g)}</span>
              </span>
              <span className="opt-where">{g.members > 1 ? <strong data-testid="finding-copies">{findingWhere(g, basename)}</strong> : findingWhere(g, basename)}</span>
              <span className="opt-text">{shortText(findingLine(g), 90)}</span>
            </>
          )}
        />
        {cur ? (
          <FindingDetail key={cur.groupKey} group={cur} position={index + 1} total={total} textRef={textRef} onDone={focusFindings} />
        ) : (
          <div className="review-detail muted">{loading ? 'Loading…' : 'Choose a finding.'}</div>
        )}
      </div>
    </>
  );
}
