/**
 * Numbered migrations, applied in order and recorded in PRAGMA user_version.
 * Never edit a shipped migration: add the next number.
 */
import type { Db } from '../open';
import * as m001 from './001_initial';
import * as m002 from './002_review';
import * as m003 from './003_engine_deaths';
import * as m004 from './004_rejected_state';
import * as m005 from './005_model_cache';
import * as m006 from './006_output_reservations';
import * as m007 from './007_review_groups';
import * as m008 from './008_review_speed';
import * as m009 from './009_check_decisions';
import * as m010 from './010_review_totals';
import * as m011 from './011_check_bulk';
import * as m012 from './012_batch_totals';

export interface Migration {
  version: number;
  name: string;
  /** SQL, or a function for a migration that must read the schema it changes. */
  up: string | ((db: Db) => void);
  /**
   * Rebuilds a table others reference: run with foreign keys off (SQLite's
   * documented procedure), checked with foreign_key_check before it commits.
   */
  rebuildsTables?: boolean;
}

export const MIGRATIONS: Migration[] = [
  { version: 1, name: 'initial', up: m001.up },
  { version: 2, name: 'review', up: m002.up },
  { version: 3, name: 'engine_deaths', up: m003.up },
  { version: 4, name: 'rejected state, batch events', up: m004.up, rebuildsTables: true },
  { version: 5, name: 'model-cache', up: m005.up },
  { version: 6, name: 'output_reservations', up: m006.up },
  { version: 7, name: 'review_groups', up: m007.up },
  { version: 8, name: 'review_speed', up: m008.up },
  { version: 9, name: 'check_decisions', up: m009.up },
  { version: 10, name: 'review_totals', up: m010.up },
  { version: 11, name: 'check_bulk', up: m011.up },
  { version: 12, name: 'batch_state_totals', up: m012.up },
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;
