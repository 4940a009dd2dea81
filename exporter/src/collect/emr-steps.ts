/**
 * EMR steps under the host root: one directory per step in `/mnt/var/log/hadoop/steps/`,
 * each with the `controller` log that tells when the step started and ended. No
 * directory (not an EMR primary node), or an unreadable log: no steps, causes stay
 * `unknown`. At most the newest `MAX_STEPS` step directories are read.
 */
import type { ChangeCause } from '@plumb/core/attribution/cause';
import { causeFromEmrSteps, parseStepController, STEP_ID, type EmrStep } from '@plumb/core/attribution/emr-steps';
import type { Observation } from '@plumb/core/state/types';
import { listHostDir, readHostFile } from './host-fs';

export const EMR_STEPS_DIR = '/mnt/var/log/hadoop/steps';
const MAX_STEPS = 256;

export async function readEmrSteps(root: string): Promise<EmrStep[]> {
  const ids = (await listHostDir(root, EMR_STEPS_DIR)).filter((id) => STEP_ID.test(id));
  const steps = await Promise.all(
    ids.slice(-MAX_STEPS).map(async (id) => {
      const read = await readHostFile(root, `${EMR_STEPS_DIR}/${id}/controller`, 1024 * 1024);
      return read.kind === 'text' ? parseStepController(id, read.text) : undefined;
    }),
  );
  return steps.filter((s): s is EmrStep => s !== undefined);
}

/**
 * Gives observations without a known cause the EMR step that ran between the previous
 * collection and this one, when exactly one did. A cause the source told (a package log
 * entry, a field manager) is more precise and is kept.
 */
export async function attributeEmrSteps(observations: readonly Observation[], root: string, sinceMs: number, atMs: number): Promise<void> {
  const steps = await readEmrSteps(root);
  if (steps.length === 0) return;
  const cause: ChangeCause = causeFromEmrSteps(steps, sinceMs, atMs);
  if (cause.kind === 'unknown') return;
  for (const o of observations) if (o.cause === undefined || o.cause.kind === 'unknown') o.cause = cause;
}
