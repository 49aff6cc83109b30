/**
 * Starting one deck's processor (step 6 of job-executor.ts): the file an apply run reads
 * its decisions from, the command line and its time limit, and the supervision (progress
 * into the queue, the process recorded for start-up recovery), in the run's persistent
 * worker when the processor speaks the worker protocol, a process of its own otherwise.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { BatchSettings, PreflightResult, ProcessorMessage } from '../shared/types';
import type { Claim } from './queue/store';
import type { JobLog } from './log';
import type { ExecutorEnv } from './job-types';
import { processorAliases, type ProcessorAliases } from './processor-alias';
import { thumbnailCacheDir } from './thumbnail-cache';
import { previewsPerDeck } from './report/thumbnails';
import { processStartTime, processStartTimeAsync, runProcessor, type RunHandle } from './runner';
import { processorInvocation } from './processor-command';
import { deckTimeLimitMs } from './time-limit';

/** Wraps a timer's or a runner callback's function: a throw goes to the engine, never out of it. */
export type Guard = <A extends unknown[], R>(fn: (...a: A) => R) => (...a: A) => R | undefined;

/** The decisions live in the database (crash-safe); the processor reads them from a file. */
export function writeDecisionsFile(home: string, claim: Claim): string | null {
  const { job, row } = claim;
  if (!row.decisions) return null;
  const applyFile = join(home, 'apply', job.batchId, `${job.id}.json`);
  mkdirSync(dirname(applyFile), { recursive: true });
  writeFileSync(applyFile, row.decisions);
  return applyFile;
}

export interface DeckProcessorStart {
  env: ExecutorEnv;
  settings: BatchSettings;
  claim: Claim;
  input: string;
  output: string;
  /** From writeDecisionsFile: an apply run. */
  applyFile: string | null;
  /** The deck's latest check: its pictures still to describe extend the time limit. */
  audited: PreflightResult | null;
  jobLog: JobLog;
  guarded: Guard;
}

export function launchProcessor(p: DeckProcessorStart): { handle: RunHandle; alias: ProcessorAliases | null } {
  const { env, settings, input, output, applyFile, audited, jobLog, guarded } = p;
  const { store } = env;
  const { job, token } = p.claim;
  // A custom processor gets UTF-8 stand-ins for names that are not UTF-8 (processor-alias.ts).
  const alias = settings.processor && !applyFile ? processorAliases(input, output, job.id, env.home) : null;
  const previews = { dir: thumbnailCacheDir(env.home), perDeck: env.previewsPerDeck?.() ?? previewsPerDeck(1) };
  const inv = processorInvocation(settings, env.builtin, alias?.input ?? input, alias?.output ?? output, applyFile, join(env.home, 'altdeck.db'), previews);
  // apply mode asks no model; otherwise pictures still to describe extend the limit (time-limit.ts)
  const timeoutMs = applyFile ? settings.timeoutSec * 1000 : deckTimeLimitMs(settings, audited);
  if (timeoutMs !== settings.timeoutSec * 1000) jobLog.line(`time limit ${Math.round(timeoutMs / 1000)} s (${settings.timeoutSec} s + pictures to describe)`);
  jobLog.line(`run: ${inv.command} ${inv.args.join(' ')}`);
  const jobEnv = {
    ALTDECK_BATCH_ID: job.batchId,
    ALTDECK_JOB_ID: String(job.id),
    ALTDECK_ATTEMPT: String(job.attempts),
    ALTDECK_POLICY: settings.altPolicy,
  };
  const supervision = {
    timeoutMs,
    graceMs: settings.graceSec * 1000,
    onSpawn: guarded((pid: number) => {
      store.recordProcess(job.id, token, pid, processStartTime(pid));
      // Windows: the start time (pid reuse guard) comes from PowerShell, asked without blocking.
      if (process.platform === 'win32') {
        // A worker's start time is asked once, not once per deck.
        const pool = env.workers;
        void (pool ? pool.startTimeOf(pid, processStartTimeAsync) : processStartTimeAsync(pid)).then((start) => {
          if (start) guarded(() => store.recordProcess(job.id, token, pid, start))();
        });
      }
    }),
    onMessage: guarded((m: ProcessorMessage) => {
      if (m.type === 'progress') {
        store.heartbeat(job.id, token, env.leaseMs, { done: m.done, total: m.total });
        env.onProgress(job.id, m.done, m.total);
      } else if (m.type === 'log') jobLog.line(`[processor ${m.level}] ${m.message}`);
    }),
    onOutputLine: (stream: 'stdout' | 'stderr', line: string) => jobLog.line(`[${stream}] ${line}`),
  };
  // The built-in processor (or a custom one that opted in) runs in a persistent worker:
  // same supervision, same outcome, no process start per deck (issue 10).
  const pool = inv.protocol === 'worker' && env.workers?.serves(inv.command, inv.args) ? env.workers : null;
  const handle = pool
    ? pool.run({ args: pool.deckArgs(inv.args), env: { ...inv.env, ...jobEnv } as Record<string, string>, ...supervision })
    : runProcessor({ command: inv.command, args: inv.args, env: { ...process.env, ...inv.env, ...jobEnv }, ...supervision });
  if (pool && handle.pid) jobLog.line(`worker pid ${handle.pid}`);
  return { handle, alias };
}
