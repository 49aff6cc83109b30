/**
 * A deck's time limit. Without a model it is the batch's timeout. With a vision
 * model each picture still to describe may take up to a minute on a CPU-only
 * workstation, and with several workers sharing one server at one request at a
 * time a deck may wait for the others' pictures too, so:
 *
 *   limit = timeoutSec + pictures × modelSecPerPicture × ⌈workers ÷ modelConcurrency⌉
 *
 * where `pictures` is what the dry run's audit counted as still needing ALT
 * (pictures missing ALT or with junk ALT; every picture under the overwrite
 * policy). Pictures already in the model cache take milliseconds, so a resumed or
 * repeated deck finishes far inside its limit.
 */
import { DEFAULT_MODEL_SEC_PER_PICTURE, type BatchSettings, type PreflightResult } from '../shared/types';

export function picturesToDescribe(settings: Pick<BatchSettings, 'altPolicy'>, preflight: PreflightResult | null): number {
  if (!preflight?.ok) return 0;
  return settings.altPolicy === 'overwrite' ? preflight.audit.pictures : preflight.audit.picturesMissingAlt;
}

export function deckTimeLimitMs(
  settings: Pick<BatchSettings, 'timeoutSec' | 'altPolicy' | 'modelServer' | 'model' | 'processor' | 'workers' | 'modelSecPerPicture' | 'modelConcurrency'>,
  preflight: PreflightResult | null,
): number {
  const base = settings.timeoutSec * 1000;
  if (!settings.modelServer || !settings.model) return base;
  const perPicture = settings.modelSecPerPicture ?? DEFAULT_MODEL_SEC_PER_PICTURE;
  const sharing = Math.max(1, Math.ceil(Math.max(1, settings.workers) / Math.max(1, settings.modelConcurrency ?? 1)));
  return base + picturesToDescribe(settings, preflight) * perPicture * sharing * 1000;
}
