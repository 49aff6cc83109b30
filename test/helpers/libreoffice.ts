/**
 * LibreOffice for the tests that open AltDeck's outputs in it (minutes each): found the way the
 * product finds it (src/processor/model/image-prep.ts findSoffice: ALTDECK_SOFFICE, PATH, the
 * installers' folders). `npm run test:unit`, the fast loop, sets ALTDECK_SOFFICE="" so that
 * these tests skip and the product runs as on a computer without LibreOffice; `npm test` runs
 * them all.
 */
import { findSoffice } from '../../src/processor/model/image-prep';

export const soffice: string | null = findSoffice();

export const sofficeSkip: string | false = soffice
  ? false
  : process.env.ALTDECK_SOFFICE === ''
    ? 'LibreOffice turned off (ALTDECK_SOFFICE="": the fast loop, npm run test:unit); npm test runs this'
    : 'soffice not on PATH';
