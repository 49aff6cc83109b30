import type { RefObject } from 'react';

/**
 * The reviewer's own text for a decision (an image's ALT, a finding's fix), typed by keyboard:
 * Enter saves, Shift+Enter is a new line, Esc cancels. The draft stays with the caller, whose
 * "Save my text" button reads it too; `id` is also the test id, as the e2e tests find it by both.
 */
export function EditText({ id, label, rows, textRef, value, onChange, onSave, onCancel }: {
  id: string;
  /** The words before the key hints, e.g. "Your ALT text". */
  label: string;
  rows: number;
  /** The caller's screen focuses and selects it on E. */
  textRef: RefObject<HTMLTextAreaElement | null>;
  value: string;
  onChange(value: string): void;
  onSave(): void;
  /** Puts the saved text back and hands focus back to the list. */
  onCancel(): void;
}) {
  return (
    <>
      <label htmlFor={id} className="review-text-label">
        {`${label} (`}<kbd>E</kbd> to edit, <kbd>Enter</kbd> saves, <kbd>Esc</kbd> cancels)
      </label>
      <textarea
        id={id}
        ref={textRef}
        rows={rows}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        data-testid={id}
        onKeyDown={(e) => {
          // Enter saves instead of adding a new line (Shift+Enter still adds one).
          if (e.key === 'Enter' && !e.shiftKey) {
            e.preventDefault();
            onSave();
          } else if (e.key === 'Escape') {
            e.preventDefault();
            onCancel();
          }
        }}
      />
    </>
  );
}
