import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { FindingGroupsFilter } from '../../shared/check-review';
import type { CheckRuleId } from '../../shared/checker';
import { basename } from '../format';
import { shortText } from './labels';
import { CHECK_RULE_NAMES, FINDING_FILTER_LABELS, FINDING_RULES, findingCountsLine, findingLine, findingStatus, findingWhere } from './finding-labels';
import { FindingDetail } from './FindingDetail';
import { applyApprovedFindings, approveAllOfRule, clearFinding, decideFinding, focusFindings, loadFindings, loadMoreFindings, moveFinding, moveFindingTo, setFindingScope, undoFindingsBulk } from './findings-actions';
import { useFindings } from './findings-store';

const optionId = (i: number) => `finding-item-${i}`;
const ROW_ESTIMATE = 84;

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

  const virt = useVirtualizer({ count: groups.length, getScrollElement: () => listRef.current, estimateSize: () => ROW_ESTIMATE, overscan: 6 });
  const rows = virt.getVirtualItems();
  useEffect(() => {
    if (groups.length) virt.scrollToIndex(index, { align: 'auto' });
  }, [index, groups.length]);
  const lastShown = rows.length ? rows[rows.length - 1].index : 0;
  useEffect(() => {
    if (groups.length < total && lastShown >= groups.length - 10) void loadMoreFindings();
  }, [lastShown, groups.length, total]);

  const cur = groups[index];
  const onKey = (e: KeyboardEvent) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if ((e.target as HTMLElement).closest('textarea, input, select')) return;
    const inList = e.target === listRef.current;
    // Every action ends with focus on the list, so the next key works wherever this one was pressed.
    const then = (p: Promise<unknown> | void) => void Promise.resolve(p).then(focusFindings);
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
        <div className="review-list-wrap">
          <div
            ref={listRef}
            role="listbox"
            tabIndex={0}
            aria-label={`Checker findings, ${total} ${filter === 'info' ? (total === 1 ? 'row' : 'rows') : total === 1 ? 'decision' : 'decisions'}, identical findings as one`}
            aria-describedby="findings-keys"
            aria-activedescendant={cur ? optionId(index) : undefined}
            className="review-list"
            data-testid="findings-list"
          >
            <div style={{ height: virt.getTotalSize(), position: 'relative' }}>
              {rows.map((v) => {
                const g = groups[v.index];
                const i = v.index;
                return (
                  <div
                    key={g.groupKey}
                    id={optionId(i)}
                    ref={virt.measureElement}
                    data-index={i}
                    role="option"
                    aria-selected={i === index}
                    aria-posinset={i + 1}
                    aria-setsize={total}
                    className={`review-option${i === index ? ' current' : ''}${g.decision ? ` decided dec-${g.decision}` : ''}`}
                    data-testid="finding-option"
                    style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${v.start}px)` }}
                    onClick={() => {
                      moveFindingTo(i);
                      focusFindings();
                    }}
                  >
                    <span className="opt-head">
                      <span>
                        {i + 1}. {CHECK_RULE_NAMES[g.rule]}
                      </span>
                      <span className="opt-status">{findingStatus(g)}</span>
                    </span>
                    <span className="opt-where">{g.members > 1 ? <strong data-testid="finding-copies">{findingWhere(g, basename)}</strong> : findingWhere(g, basename)}</span>
                    <span className="opt-text">{shortText(findingLine(g), 90)}</span>
                  </div>
                );
              })}
            </div>
          </div>
          {!groups.length && !loading && (
            <p className="muted review-empty" data-testid="findings-empty">
              {empty}
            </p>
          )}
          {groups.length < total && (
            <p className="muted">
              {groups.length} of {total} loaded; scrolling or moving down loads more.
            </p>
          )}
        </div>
        {cur ? (
          <FindingDetail key={cur.groupKey} group={cur} position={index + 1} total={total} textRef={textRef} onDone={focusFindings} />
        ) : (
          <div className="review-detail muted">{loading ? 'Loading…' : 'Choose a finding.'}</div>
        )}
      </div>
    </>
  );
}
