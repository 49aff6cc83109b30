import { useEffect, useRef } from 'react';

export interface ConfirmProps {
  title: string;
  /** What will happen and what is kept, in a sentence or two. */
  body: string;
  confirmLabel: string;
  cancelLabel?: string;
  /** 'danger' styles the confirm button red; focus starts on the safe choice either way. */
  tone?: 'danger' | 'normal';
  onConfirm(): void;
  onCancel(): void;
}

/**
 * A modal question before an action that cannot be taken back. Focus starts on the
 * safe button (Enter on a habitually pressed key never destroys work); Escape is
 * the safe answer; focus returns to the button that opened it.
 */
export function ConfirmDialog(p: ConfirmProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const safe = useRef<HTMLButtonElement>(null);
  const answered = useRef(false);
  useEffect(() => {
    const d = ref.current;
    const opener = document.activeElement as HTMLElement | null;
    d?.showModal();
    safe.current?.focus();
    return () => opener?.focus();
  }, []);
  const answer = (yes: boolean) => {
    if (answered.current) return;
    answered.current = true;
    ref.current?.close();
    if (yes) p.onConfirm();
    else p.onCancel();
  };
  return (
    <dialog
      ref={ref}
      className="details confirm"
      role="alertdialog"
      aria-labelledby="confirm-title"
      aria-describedby="confirm-body"
      data-testid="confirm"
      onCancel={(e) => {
        e.preventDefault();
        answer(false);
      }}
    >
      <h3 id="confirm-title">{p.title}</h3>
      <p id="confirm-body">{p.body}</p>
      <div className="actions">
        <button type="button" ref={safe} onClick={() => answer(false)}>
          {p.cancelLabel ?? 'Keep going'}
        </button>
        <button type="button" className={p.tone === 'danger' ? 'danger' : 'primary'} onClick={() => answer(true)}>
          {p.confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
