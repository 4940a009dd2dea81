/**
 * Which workload types run on this node, from the spec's `match` selectors:
 * `always`, node labels, the EMR instance-group role and process command lines.
 * Host-wide readings (files, env, runtime) count only for these, so an Airflow
 * node does not report Spark dimensions just because a JDK is installed.
 */
import type { Model } from '@plumb/core/spec/model';

/** What the node tells about itself. */
export interface WorkloadSignals {
  nodeLabels?: Readonly<Record<string, string>> | undefined;
  emrInstanceGroup?: string | undefined;
  /** Command lines of running processes, arguments joined by spaces. */
  processes?: readonly string[] | undefined;
}

/** Workload names whose selectors match; invalid process patterns match nothing. */
export function detectWorkloads(model: Model, signals: WorkloadSignals): string[] {
  const found: string[] = [];
  for (const w of model.workloads) {
    const m = w.match;
    const byLabels =
      m.nodeLabels !== undefined && signals.nodeLabels !== undefined && Object.entries(m.nodeLabels).every(([k, v]) => signals.nodeLabels?.[k] === v);
    const byEmr =
      m.emrInstanceGroup !== undefined && signals.emrInstanceGroup !== undefined && m.emrInstanceGroup.toUpperCase() === signals.emrInstanceGroup.toUpperCase();
    const byProcess = m.process !== undefined && matchesAnyProcess(m.process, signals.processes ?? []);
    if (m.always === true || byLabels || byEmr || byProcess) found.push(w.name);
  }
  return found;
}

/** True when any workload of the model needs the process list. */
export function needsProcessList(model: Model): boolean {
  return model.workloads.some((w) => w.match.process !== undefined);
}

function matchesAnyProcess(pattern: string, processes: readonly string[]): boolean {
  let re: RegExp;
  try {
    re = new RegExp(pattern);
  } catch {
    return false;
  }
  return processes.some((p) => re.test(p));
}

/** Whether a pod's labels classify it as `workload`: its `podLabels` all match, or `plumb.dev/workload` names it. */
export function podWorkloads(model: Model, labels: Readonly<Record<string, string>>): string[] {
  const out: string[] = [];
  for (const w of model.workloads) {
    const sel = w.match.podLabels;
    const bySelector = sel !== undefined && Object.keys(sel).length > 0 && Object.entries(sel).every(([k, v]) => labels[k] === v);
    if (bySelector || labels['plumb.dev/workload'] === w.name) out.push(w.name);
  }
  return out;
}
