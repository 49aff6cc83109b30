/**
 * One report for an output folder (issue 14 §3): every batch that wrote there, so a
 * re-run's report still shows the decks done earlier. Per deck (the original's path) the
 * latest result wins: the newest finished job, or, for a deck no batch finished, the
 * newest job at all. Each row says which batch it came from. Dry runs write nothing there and are left out.
 *
 * It lives at <output>/altdeck-reports/altdeck-report.html, next to the per-batch
 * reports, and is rewritten with each batch's HTML report.
 */
import { resolve, join } from 'node:path';
import type { BatchInfo, JobInfo } from '../shared/types';
import type { QueueStore } from './queue/store';
import type { ReviewStore } from './review/review-store';
import { collectThumbnails, toHtml, writeReportFile, type ReportInput, type Thumbnail } from './report';
import { APP_VERSION } from './version';
import type { ReviewCounts, ReviewDecision } from '../shared/review';

export const FOLDER_REPORT_NAME = 'altdeck-report.html';

export const folderReportPath = (outputDir: string) => join(outputDir, 'altdeck-reports', FOLDER_REPORT_NAME);

/** Every batch the store remembers: the folder report must not forget the oldest ones. */
const ALL_BATCHES = 1_000_000;

const finished = (j: JobInfo) => j.state === 'succeeded' || j.state === 'failed' || j.state === 'skipped' || j.state === 'rejected';
const when = (j: JobInfo) => j.finishedAt ?? j.createdAt ?? 0;

/** Is `a` a later result for the deck than `b`? */
function later(a: JobInfo, b: JobInfo): boolean {
  if (finished(a) !== finished(b)) return finished(a);
  return when(a) !== when(b) ? when(a) > when(b) : a.id > b.id;
}

export function folderJobs(store: QueueStore, outputDir: string): { batches: BatchInfo[]; jobs: JobInfo[] } {
  const target = resolve(outputDir);
  const batches = store
    .listBatches(ALL_BATCHES)
    .filter((b) => !b.settings.dryRun && resolve(b.settings.outputDir) === target)
    .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
  const latest = new Map<string, JobInfo>();
  for (const b of batches) {
    for (const j of store.listJobs(b.id).jobs) {
      // By the original's full path: two courses may both have a "week1.pptx" under their own input folder.
      const key = j.inputPath.replace(/\\/g, '/');
      const cur = latest.get(key);
      if (!cur || later(j, cur)) latest.set(key, j);
    }
  }
  const used = new Set([...latest.values()].map((j) => j.batchId));
  return { batches: batches.filter((b) => used.has(b.id)), jobs: [...latest.values()] };
}

/** The folder report's input: the latest job per deck and the review decisions of the batches they came from. */
export function folderReportInput(store: QueueStore, review: ReviewStore, outputDir: string, now: number, appVersion = APP_VERSION): ReportInput | null {
  const { batches, jobs } = folderJobs(store, outputDir);
  if (!batches.length) return null;
  const counts = new Map<number, ReviewCounts>();
  const decisions = new Map<string, ReviewDecision>();
  for (const b of batches) {
    for (const [id, c] of review.countsByJob(b.id)) counts.set(id, c);
    for (const r of review.items(b.id, { filter: 'decided' }).items) decisions.set(`${r.jobId}|${r.itemKey}`, r.decision!);
  }
  return {
    batch: batches[batches.length - 1],
    jobs,
    generatedAt: now,
    appVersion,
    review: counts.size && decisions.size ? { counts, decisions } : undefined,
    scope: { outputDir: resolve(outputDir), batches },
  };
}

/** Writes (atomically) the output folder's report, with the previews given or its own. */
export async function writeFolderReport(input: ReportInput, outputDir: string, thumbnails?: Map<string, Thumbnail>): Promise<string> {
  const file = folderReportPath(outputDir);
  writeReportFile(file, toHtml(input, { thumbnails: thumbnails ?? (await collectThumbnails(input.jobs)) }));
  return file;
}
