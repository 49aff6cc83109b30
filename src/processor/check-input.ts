/** The first bytes of the input: a person's sentence for what is plainly not a deck. */
import { closeSync, openSync, readSync } from 'node:fs';
import { ERROR_MESSAGES } from '../shared/errors';
import { BadInputError } from './errors';
import { fsPath } from '../core/fs-path';

export function checkMagic(path: string): void {
  let fd: number;
  try {
    fd = openSync(fsPath(path), 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new BadInputError(ERROR_MESSAGES.NOT_FOUND);
    if (code === 'EISDIR') throw new BadInputError(ERROR_MESSAGES.NOT_A_FILE);
    if (code === 'EACCES' || code === 'EPERM') throw new BadInputError(ERROR_MESSAGES.NOT_READABLE);
    throw e;
  }
  try {
    const head = Buffer.alloc(8);
    const n = readSync(fd, head, 0, 8, 0);
    if (n === 0) throw new BadInputError(ERROR_MESSAGES.EMPTY_FILE);
    if (head.equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))) {
      throw new BadInputError(/\.(ppt|pps|pot)$/i.test(path) ? ERROR_MESSAGES.LEGACY_PPT : ERROR_MESSAGES.ENCRYPTED);
    }
    if (n < 4 || head.readUInt32LE(0) !== 0x04034b50) {
      if (head.readUInt32LE(0) === 0x06054b50) throw new BadInputError('The file is an empty ZIP archive, not a PowerPoint deck. Check that it is the right file.');
      throw new BadInputError(ERROR_MESSAGES.NOT_ZIP);
    }
  } finally {
    closeSync(fd);
  }
}
