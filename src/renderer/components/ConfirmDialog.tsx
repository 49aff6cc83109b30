/**
 * One confirmation at a time, asked with a native modal <dialog> (the browser traps
 * focus and Esc cancels). `confirmAction` resolves true only on the confirm button;
 * focus goes back to where it was, so a keyboard user stays in the list they acted on.
 */
import { useEffect, useRef } from 'react';
import { create } from 'zustand';

export interface ConfirmRequest {
  title: string;
  body: string[];
  confirmLabel: string;
  danger?: boolean;
}

interface ConfirmState {
  req: (ConfirmRequest & { resolve(ok: boolean): void; returnTo: HTMLElement | null }) | null;
}

const useConfirm = create<ConfirmState>(() => ({ req: null }));

export function confirmAction(req: ConfirmRequest): Promise<boolean> {
  const pending = useConfirm.getState().req;
  if (pending) pending.resolve(false);
  const returnTo = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null;
  return new Promise((resolve) => useConfirm.setState({ req: { ...req, resolve, returnTo } }));
}

export function ConfirmHost() {
  const req = useConfirm((s) => s.req);
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const d = ref.current;
    if (req && d && !d.open) d.showModal();
  }, [req]);

  if (!req) return null;
  const close = (ok: boolean) => {
    ref.current?.close();
    useConfirm.setState({ req: null });
    const back = req.returnTo;
    req.resolve(ok);
    // the element may have been re-rendered away: then the caller moves focus itself
    if (back?.isConnected) back.focus();
  };
  return (
    <dialog
      ref={ref}
      className="confirm"
      aria-labelledby="confirm-title"
      aria-describedby="confirm-body"
      data-testid="confirm"
      onCancel={(e) => {
        e.preventDefault();
        close(false);
      }}
    >
      <h2 id="confirm-title">{req.title}</h2>
      <div id="confirm-body">
        {req.body.map((p) => (
          <p key={p}>{p}</p>
        ))}
      </div>
      <div className="actions">
        <button type="button" onClick={() => close(false)} data-testid="confirm-cancel" autoFocus>
          Go back
        </button>
        <button type="button" className={req.danger ? 'danger' : 'primary'} onClick={() => close(true)} data-testid="confirm-ok">
          {req.confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
