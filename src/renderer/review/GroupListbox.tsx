import { useEffect, type ReactNode, type RefObject } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';

/** A row's first guess; rows are measured as drawn. */
const ROW_ESTIMATE = 84;

export interface GroupListboxProps<G> {
  /** What is loaded so far (pages), of `total`. */
  groups: G[];
  total: number;
  /** The current row: it is scrolled into view and announced through aria-activedescendant. */
  index: number;
  loading: boolean;
  listRef: RefObject<HTMLDivElement | null>;
  /** Prefix of the options' ids (unique on the screen). */
  idPrefix: string;
  label: string;
  describedBy: string;
  testId: string;
  optionTestId: string;
  keyOf: (g: G) => string;
  /** Extra classes of a row (its decision). */
  classOf: (g: G) => string;
  /** A click chooses the row; focus goes back to the list so the keys keep working. */
  onPick: (i: number) => void;
  /** Scrolling or moving near the end of what is loaded asks for the next page. */
  onNeedMore: () => void;
  renderOption: (g: G, i: number) => ReactNode;
  empty: ReactNode;
  emptyTestId: string;
}

/**
 * The review lists (images and checker findings, issues 11 and 13): one listbox whose rows
 * are groups of identical items, virtualised (only the rows on screen are in the DOM) and
 * loaded page by page, so 30,000 images or 22,000 findings open at once. Focus stays on the
 * listbox; the current row is its active descendant, which screen readers announce.
 */
export function GroupListbox<G>(p: GroupListboxProps<G>) {
  const { groups, total, index, listRef } = p;
  const virt = useVirtualizer({ count: groups.length, getScrollElement: () => listRef.current, estimateSize: () => ROW_ESTIMATE, overscan: 6 });
  const rows = virt.getVirtualItems();
  useEffect(() => {
    if (groups.length) virt.scrollToIndex(index, { align: 'auto' });
  }, [index, groups.length]);
  const lastShown = rows.length ? rows[rows.length - 1].index : 0;
  useEffect(() => {
    if (groups.length < total && lastShown >= groups.length - 10) p.onNeedMore();
  }, [lastShown, groups.length, total]);
  const optionId = (i: number) => `${p.idPrefix}-${i}`;

  return (
    <div className="review-list-wrap">
      <div
        ref={listRef}
        role="listbox"
        tabIndex={0}
        aria-label={p.label}
        aria-describedby={p.describedBy}
        aria-activedescendant={groups[index] ? optionId(index) : undefined}
        className="review-list"
        data-testid={p.testId}
      >
        <div style={{ height: virt.getTotalSize(), position: 'relative' }}>
          {rows.map((v) => {
            const i = v.index;
            const g = groups[i];
            return (
              <div
                key={p.keyOf(g)}
                id={optionId(i)}
                ref={virt.measureElement}
                data-index={i}
                role="option"
                aria-selected={i === index}
                aria-posinset={i + 1}
                aria-setsize={total}
                className={`review-option${i === index ? ' current' : ''}${p.classOf(g)}`}
                data-testid={p.optionTestId}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${v.start}px)` }}
                onClick={() => p.onPick(i)}
              >
                {p.renderOption(g, i)}
              </div>
            );
          })}
        </div>
      </div>
      {!groups.length && !p.loading && (
        <p className="muted review-empty" data-testid={p.emptyTestId}>
          {p.empty}
        </p>
      )}
      {groups.length < total && (
        <p className="muted">
          {groups.length} of {total} loaded; scrolling or moving down loads more.
        </p>
      )}
    </div>
  );
}
