/**
 * One request at a time to a model server (by default), across every processor
 * subprocess: a CPU-only model answering two pictures at once answers both slower
 * and can run out of memory. A request in flight holds a row in
 * model_server_slots (the queue database) with a deadline; a holder that died is
 * recognised by its deadline, or at once when it was a process on this computer.
 * Within one process a plain queue comes first, so waiting costs no database polling.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Db } from '../../core/db/open';
import { sleep } from './http';
import { isProcessAlive } from '../../core/runner/process-tree';

// A zombie (a killed processor nobody reaped) holds no request: dead, as recovery and the deck locks judge it.
const pidAlive = isProcessAlive;

export interface SlotOptions {
  /** Requests in flight at once to this server (default 1). */
  slots?: number;
  /** A holder's row is void after this long (longer than any one request with its retries). */
  holdMs: number;
  /** Poll interval while another process holds the server. */
  pollMs?: number;
}

export class ServerSlots {
  private readonly slots: number;
  private readonly host = hostname();
  private readonly owner = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  private inProcess = 0;
  private readonly waiters: Array<() => void> = [];

  constructor(
    private readonly db: Db | null,
    private readonly server: string,
    private readonly o: SlotOptions,
  ) {
    this.slots = Math.max(1, Math.floor(o.slots ?? 1));
  }

  /** Resolves with a release function once a slot is ours; rejects with the signal's reason on abort. */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    await this.acquireLocal(signal);
    if (!this.db) return this.releaser(null);
    try {
      for (;;) {
        if (signal?.aborted) throw signal.reason;
        const slot = this.tryTake();
        if (slot !== null) return this.releaser(slot);
        const poll = this.o.pollMs ?? 100;
        await sleep(poll / 2 + Math.random() * poll, signal);
      }
    } catch (e) {
      this.releaseLocal();
      throw e;
    }
  }

  private acquireLocal(signal?: AbortSignal): Promise<void> {
    if (this.inProcess < this.slots) {
      this.inProcess++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const go = () => {
        signal?.removeEventListener('abort', onAbort);
        this.inProcess++;
        resolve();
      };
      const onAbort = () => {
        const i = this.waiters.indexOf(go);
        if (i !== -1) this.waiters.splice(i, 1);
        reject(signal!.reason);
      };
      this.waiters.push(go);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private releaseLocal(): void {
    this.inProcess--;
    this.waiters.shift()?.();
  }

  private releaser(slot: number | null): () => void {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      if (slot !== null && this.db?.open) {
        try {
          this.db.prepare('DELETE FROM model_server_slots WHERE server = ? AND slot = ? AND owner = ?').run(this.server, slot, this.owner);
        } catch {
          /* the deadline frees it */
        }
      }
      this.releaseLocal();
    };
  }

  /** One immediate transaction: clear void rows, take the first free slot. */
  private tryTake(now = Date.now()): number | null {
    const db = this.db!;
    return db
      .transaction((): number | null => {
        const rows = db.prepare('SELECT slot, owner, host, pid, expires_at FROM model_server_slots WHERE server = ?').all(this.server) as Array<{
          slot: number;
          owner: string;
          host: string;
          pid: number;
          expires_at: number;
        }>;
        const taken = new Set<number>();
        for (const r of rows) {
          const dead = r.expires_at <= now || (r.host === this.host && r.pid !== process.pid && !pidAlive(r.pid));
          if (dead) db.prepare('DELETE FROM model_server_slots WHERE server = ? AND slot = ? AND owner = ?').run(this.server, r.slot, r.owner);
          else taken.add(r.slot);
        }
        for (let s = 0; s < this.slots; s++) {
          if (taken.has(s)) continue;
          db.prepare('INSERT INTO model_server_slots (server, slot, owner, host, pid, expires_at) VALUES (?, ?, ?, ?, ?, ?)').run(
            this.server,
            s,
            this.owner,
            this.host,
            process.pid,
            now + this.o.holdMs,
          );
          return s;
        }
        return null;
      })
      .immediate();
  }
}
