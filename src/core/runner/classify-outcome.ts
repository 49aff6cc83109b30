/**
 * What a finished processor run means for the job (DESIGN.md §4): success,
 * stopped on request (no attempt spent), or a failure with its code and whether a
 * retry can help. Output validation is the caller's next step after `success`.
 */
import { EXIT_DATAERR, EXIT_OK, EXIT_TEMPFAIL } from '../../shared/types';
import type { OutcomeVerdict, RunOutcome } from './types';

const MAX_MESSAGE = 500;

/** The processor's last words: its last warn/error log, else the last stderr line. */
export function lastWords(o: Pick<RunOutcome, 'lastLog' | 'stderrTail'>): string | null {
  if (o.lastLog && o.lastLog.trim()) return clip(o.lastLog.trim());
  const lines = o.stderrTail.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  return lines.length ? clip(lines[lines.length - 1]) : null;
}

function clip(s: string): string {
  return s.length > MAX_MESSAGE ? `${s.slice(0, MAX_MESSAGE - 1)}…` : s;
}

function withWords(base: string, o: RunOutcome): string {
  const words = lastWords(o);
  return words ? `${base}: ${words}` : base;
}

export function classifyOutcome(o: RunOutcome): OutcomeVerdict {
  if (o.spawnError) return { kind: 'failure', code: 'PROCESSOR_FAILED', retryable: false, message: o.spawnError };
  if (o.exitCode === EXIT_OK) return { kind: 'success' };
  if (o.stoppedBy) return { kind: 'stopped' };
  if (o.timedOut) {
    const secs = Math.round(o.durationMs / 100) / 10;
    return {
      kind: 'failure',
      code: 'PROCESSOR_TIMEOUT',
      retryable: true,
      message: `processor stopped at the time limit after ${secs} s${o.killedGroup ? ' (it ignored the request to stop and was killed)' : ''}`,
    };
  }
  if (o.exitCode === EXIT_DATAERR) {
    return { kind: 'failure', code: 'PROCESSOR_FAILED', retryable: false, message: lastWords(o) ?? 'the processor rejected this deck (exit 65)' };
  }
  if (o.exitCode === EXIT_TEMPFAIL) {
    return { kind: 'failure', code: 'PROCESSOR_FAILED', retryable: true, message: withWords('temporary failure (exit 75)', o) };
  }
  if (o.signal) {
    return { kind: 'failure', code: 'PROCESSOR_CRASHED', retryable: true, message: withWords(`processor killed by signal ${o.signal}`, o) };
  }
  return {
    kind: 'failure',
    code: 'PROCESSOR_FAILED',
    retryable: true,
    message: withWords(`processor exited with code ${o.exitCode ?? 'unknown'}`, o),
  };
}
