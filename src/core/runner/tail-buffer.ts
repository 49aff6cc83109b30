/**
 * Keeps the last `capacity` bytes written to it in a fixed ring, so capturing the
 * output of a child that prints hundreds of megabytes costs `capacity` bytes.
 */
export class TailBuffer {
  private readonly ring: Buffer;
  private pos = 0;
  private filled = false;
  /** Every byte ever written, kept or not. */
  total = 0;

  constructor(readonly capacity: number) {
    this.ring = Buffer.alloc(Math.max(0, capacity));
  }

  write(chunk: Buffer | string): void {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    this.total += buf.length;
    const cap = this.ring.length;
    if (cap === 0 || buf.length === 0) return;
    if (buf.length >= cap) {
      buf.copy(this.ring, 0, buf.length - cap);
      this.pos = 0;
      this.filled = true;
      return;
    }
    const first = Math.min(buf.length, cap - this.pos);
    buf.copy(this.ring, this.pos, 0, first);
    if (first < buf.length) buf.copy(this.ring, 0, first);
    const next = this.pos + buf.length;
    if (next >= cap) this.filled = true;
    this.pos = next % cap;
  }

  bytes(): Buffer {
    if (!this.filled) return Buffer.from(this.ring.subarray(0, this.pos));
    return Buffer.concat([this.ring.subarray(this.pos), this.ring.subarray(0, this.pos)]);
  }

  /** The kept bytes as text; a UTF-8 character cut at the start of the window is dropped. */
  toString(): string {
    let buf = this.bytes();
    if (this.filled) {
      let skip = 0;
      while (skip < buf.length && skip < 3 && (buf[skip] & 0xc0) === 0x80) skip++;
      buf = buf.subarray(skip);
    }
    return buf.toString('utf8');
  }
}
