/**
 * The playbooks the handler knows, and what each one means for the guardrails.
 * Pure data: the Kubernetes/EMR/CI adapters live next to this file.
 */

export const PLAYBOOKS = ['quarantine', 'release', 'restart', 'drain', 'uncordon', 'redeploy', 'rebuild', 'emr-decommission'] as const;
export type PlaybookName = (typeof PLAYBOOKS)[number];

export interface PlaybookTraits {
  /** Interrupts running tasks: subject to the budget, windows and blocking alerts. */
  disruptive: boolean;
  /** Takes the node out of scheduling: subject to the quarantine cap. */
  removesCapacity: boolean;
  /** How success is judged: the drift series disappeared, or the change was read back. */
  verify: 'drift-cleared' | 'applied';
  /** The playbook that undoes it, used for rollback; undefined when it cannot be undone. */
  inverse: PlaybookName | undefined;
}

export const PLAYBOOK_TRAITS: Record<PlaybookName, PlaybookTraits> = {
  quarantine: { disruptive: false, removesCapacity: true, verify: 'applied', inverse: 'release' },
  release: { disruptive: false, removesCapacity: false, verify: 'applied', inverse: 'quarantine' },
  // Evicted pods are recreated by their controllers; the inverse of a restart is nothing to undo.
  restart: { disruptive: true, removesCapacity: false, verify: 'drift-cleared', inverse: undefined },
  drain: { disruptive: true, removesCapacity: true, verify: 'applied', inverse: 'uncordon' },
  uncordon: { disruptive: false, removesCapacity: false, verify: 'applied', inverse: undefined },
  redeploy: { disruptive: true, removesCapacity: false, verify: 'drift-cleared', inverse: undefined },
  // A rebuild only starts a CI pipeline; the rollout that follows has its own gates.
  rebuild: { disruptive: false, removesCapacity: false, verify: 'applied', inverse: undefined },
  'emr-decommission': { disruptive: true, removesCapacity: true, verify: 'applied', inverse: undefined },
};

/** Maps the alert's `playbook` label to a playbook; `none` and unknown values map to undefined. */
export function playbookFromLabel(label: string | undefined): PlaybookName | undefined {
  return (PLAYBOOKS as readonly string[]).includes(label ?? '') && label !== 'release' && label !== 'uncordon' ? (label as PlaybookName) : undefined;
}
