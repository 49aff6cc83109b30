/** The one way a refused decision is reported, so the image review and the findings panel say it alike. */
import { errorText } from '../api';
import { useApp } from '../store';

/**
 * The engine's sentence says why a decision was refused (nothing proposed to approve, empty text):
 * the screen reader hears it first, then it stays on screen as the error; the reviewer stays on the row.
 */
export function notSaved(err: unknown): void {
  const msg = `Not saved: ${errorText(err)}`;
  useApp.getState().announce(msg);
  useApp.getState().set({ error: msg });
}
