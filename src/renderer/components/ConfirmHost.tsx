/**
 * `confirmAction(...)`: ask with the app's ConfirmDialog from code that is not a component
 * (the Review screen's bulk approval and Apply approved). One question at a time; it
 * resolves true only on the confirm button, and focus goes back where it was.
 */
import { create } from 'zustand';
import { ConfirmDialog } from './ConfirmDialog';

export interface ConfirmRequest {
  title: string;
  body: string[];
  confirmLabel: string;
  cancelLabel?: string;
  danger?: boolean;
}

const useConfirm = create<{ req: (ConfirmRequest & { resolve(ok: boolean): void }) | null }>(() => ({ req: null }));

export function confirmAction(req: ConfirmRequest): Promise<boolean> {
  useConfirm.getState().req?.resolve(false);
  return new Promise((resolve) => useConfirm.setState({ req: { ...req, resolve } }));
}

export function ConfirmHost() {
  const req = useConfirm((s) => s.req);
  if (!req) return null;
  const answer = (ok: boolean) => {
    useConfirm.setState({ req: null });
    req.resolve(ok);
  };
  return (
    <ConfirmDialog
      title={req.title}
      body={req.body.join(' ')}
      confirmLabel={req.confirmLabel}
      cancelLabel={req.cancelLabel ?? 'Go back'}
      tone={req.danger ? 'danger' : 'normal'}
      onConfirm={() => answer(true)}
      onCancel={() => answer(false)}
    />
  );
}
