import { randomBytes } from 'node:crypto';

/** Batch ids sort by creation time and read well in logs: YYYYMMDD_HHMMSS_<8 hex>. */
export function newBatchId(now = new Date()): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const stamp =
    `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}_` +
    `${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`;
  return `${stamp}_${randomBytes(4).toString('hex')}`;
}

export function newLeaseToken(): string {
  return randomBytes(12).toString('hex');
}

export const BATCH_ID_RE = /^\d{8}_\d{6}_[0-9a-f]{8}$/;
