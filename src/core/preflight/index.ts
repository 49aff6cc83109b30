/** The dry-run preflight (DESIGN.md §1.1, §5): find decks, check each, audit the work. */
export { DECK_EXTENSIONS, LEGACY_EXTENSIONS, isDeckName, isLegacyName } from './extensions';
export { preflightFile, DEFAULT_MAX_BYTES, type PreflightOptions } from './preflight';
export { scanInputs, type ScanResult, type ScanOptions } from './scan';
export { isJunkAlt } from './alt-junk';
export { auditSlideXml, type SlideAudit } from './slide-audit';
export { findOfficeLock, isOfficeOwnerFile, type OfficeLock } from '../locks/office';
