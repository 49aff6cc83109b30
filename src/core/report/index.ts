/** Batch reports (DESIGN.md §1.6): pure renderers, thumbnail reading, atomic write. */
export { accessibilityScore, buildModel, totalsOf } from './model';
export type { ReportInput, ReportModel, ReportSummary, DeckView, DeckState, DeckError, DeckTotals } from './model';
export { toCsv, csvCell, neutralizeFormula, CSV_COLUMNS } from './csv';
export { toJson, toReportJson, REPORT_SCHEMA } from './json';
export type { ReportJson, ReportJsonDeck } from './json';
export { toHtml, escapeHtml } from './html';
export type { HtmlOptions } from './html';
export {
  collectThumbnails,
  sniffImage,
  placeholderForName,
  thumbnailKey,
  DEFAULT_MAX_BYTES_PER_IMAGE,
  DEFAULT_MAX_TOTAL_BYTES,
} from './thumbnails';
export type { Thumbnail, ThumbnailOptions } from './thumbnails';
export { writeReportFile } from './write';
export { dryRunPlan, formatEstimate, estimateBasis, toDryRunCsv, toDryRunJson, DRY_RUN_CSV_COLUMNS } from './dry-run';
export type { DryRunPlan, DryRunDeck, DryRunReject, DryRunEstimate, DryRunTotals } from './dry-run';
export { toDryRunHtml } from './dry-run-html';
