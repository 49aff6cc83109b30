/**
 * Numbered migrations, applied in order and recorded in PRAGMA user_version.
 * Never edit a shipped migration: add the next number.
 */
import * as m001 from './001_initial';
import * as m002 from './002_review';
import * as m003 from './003_output_reservations';

export interface Migration {
  version: number;
  name: string;
  up: string;
}

export const MIGRATIONS: Migration[] = [
  { version: 1, name: 'initial', up: m001.up },
  { version: 2, name: 'review', up: m002.up },
  { version: 3, name: 'output_reservations', up: m003.up },
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;
