import { extname } from 'node:path';

/** Extensions of the OOXML PowerPoint family: decks, slideshows, templates, with or without macros. */
export const DECK_EXTENSIONS: readonly string[] = ['.pptx', '.pptm', '.ppsx', '.ppsm', '.potx', '.potm'];
export const LEGACY_EXTENSIONS: readonly string[] = ['.ppt', '.pps', '.pot'];

export function extOf(path: string): string {
  return extname(path).toLowerCase();
}

export function isDeckName(path: string): boolean {
  return DECK_EXTENSIONS.includes(extOf(path));
}

export function isLegacyName(path: string): boolean {
  return LEGACY_EXTENSIONS.includes(extOf(path));
}
