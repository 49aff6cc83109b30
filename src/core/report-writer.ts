/** Writes a batch report in one of the three formats (the pure renderers live in ./report). */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { BatchInfo, JobInfo } from '../shared/types';
import type { ReportFormat } from '../shared/engine-api';
import { collectThumbnails, toCsv, toHtml, toJson, writeReportFile, type ReportInput, type Thumbnail } from './report';
import { toDryRunCsv, toDryRunJson } from './report/dry-run';
import { toDryRunHtml } from './report/dry-run-html';
import { APP_VERSION } from './version';
import { checksCsv, checksModel } from './report/checks';

/** altdeck-<batch>.csv → altdeck-<batch>.checks.csv */
export function checksCsvPath(csvFile: string): string {
  return csvFile.replace(/(\.csv)?$/i, '.checks.csv');
}

export async function writeBatchReport(a: {
  batch: BatchInfo;
  jobs: JobInfo[];
  format: ReportFormat;
  outFile: string;
  now: number;
  review?: ReportInput['review'];
  /** Previews already made (e.g. for the output folder's report); otherwise read here. */
  thumbnails?: Map<string, Thumbnail>;
  checkDecisions?: ReportInput['checkDecisions'];
  reviewWork?: ReportInput['reviewWork'];
}): Promise<string> {
  const input: ReportInput = { batch: a.batch, jobs: a.jobs, generatedAt: a.now, appVersion: APP_VERSION, review: a.review, checkDecisions: a.checkDecisions, reviewWork: a.reviewWork };
  let content: string;
  // A dry run processed nothing: its reports show the audit (issue 14 §1), not empty image tables.
  if (a.batch.settings.dryRun) content = a.format === 'csv' ? toDryRunCsv(input) : a.format === 'json' ? toDryRunJson(input) : toDryRunHtml(input);
  else if (a.format === 'csv') content = toCsv(input);
  else if (a.format === 'json') content = toJson(input);
  else content = toHtml(input, { thumbnails: a.thumbnails ?? (await collectThumbnails(a.jobs)) });
  mkdirSync(dirname(a.outFile), { recursive: true });
  writeReportFile(a.outFile, content);
  // the checker's roll-up (issue 13) has rows of another kind (deck, folder, course, batch): its own file beside it
  if (a.format === 'csv' && !a.batch.settings.dryRun) writeReportFile(checksCsvPath(a.outFile), checksCsv(checksModel(input, input.checkDecisions)));
  return a.outFile;
}
