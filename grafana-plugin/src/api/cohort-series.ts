/**
 * A drifted cohort's symptom over time beside its compliant peers: the median of the
 * symptom over the cohort's nodes and over the compliant nodes of the same workload,
 * with the drift onset and the remediation actions taken on the cohort's nodes.
 */
import { RECORD } from '@plumb/core/contract';
import type { CohortImpact } from '@plumb/core/impact/types';
import { promQuery, promRange, type PromRangeSeries } from './backend';
import { listActions } from './handler';

export interface TimeMarker {
  timeMs: number;
  kind: 'onset' | 'action';
  label: string;
}

export interface CohortSeries {
  symptom: string;
  timesMs: number[];
  drifted: (number | null)[];
  peers: (number | null)[];
  markers: TimeMarker[];
}

/** PromQL for the two medians; label values are quoted as PromQL strings. */
export function cohortQueries(c: CohortImpact['cohort'], symptom: string): { drifted: string; peers: string; onset: string } {
  const q = JSON.stringify;
  const sym = `${RECORD.symptomPrefix}${symptom}`;
  const dim = `workload=${q(c.workload)},dimension=${q(c.dimension)}`;
  return {
    drifted: `quantile(0.5, ${sym} and on (node) ${RECORD.drift}{${dim},hash=${q(c.hash)}})`,
    peers: `quantile(0.5, (${sym} and on (node) ${RECORD.nodeWorkload}{workload=${q(c.workload)}}) unless on (node) ${RECORD.drift}{${dim}})`,
    onset: `min(${RECORD.onset}{${dim},hash=${q(c.hash)}})`,
  };
}

/** Values on a shared time grid, null where a series has no point. */
function onGrid(grid: number[], series: PromRangeSeries[]): (number | null)[] {
  const points = new Map((series[0]?.values ?? []).map(([t, v]) => [Math.round(t), Number(v)]));
  return grid.map((t) => points.get(t) ?? null);
}

/** The window shown: from half an hour before the onset (at least the last hour) to now, at most a week. */
export function cohortWindow(nowSeconds: number, onsetSeconds: number | undefined): { start: number; end: number; step: number } {
  const wanted = onsetSeconds !== undefined ? nowSeconds - onsetSeconds + 1800 : 3600;
  const range = Math.min(7 * 86400, Math.max(3600, wanted));
  const step = Math.max(15, Math.round(range / 240));
  const end = Math.floor(nowSeconds / step) * step;
  return { start: end - Math.ceil(range / step) * step, end, step };
}

export async function loadCohortSeries(uid: string, c: CohortImpact['cohort'], symptom: string, nowSeconds: number): Promise<CohortSeries> {
  const q = cohortQueries(c, symptom);
  const onset = Number((await promQuery(uid, q.onset))[0]?.value[1]);
  const onsetSeconds = Number.isFinite(onset) && onset > 0 ? onset : undefined;
  const { start, end, step } = cohortWindow(nowSeconds, onsetSeconds);
  const [drifted, peers, actions] = await Promise.all([
    promRange(uid, q.drifted, start, end, step),
    promRange(uid, q.peers, start, end, step),
    // Without the handler (or without access to it) the chart still shows the symptom.
    listActions().catch(() => []),
  ]);
  const grid: number[] = [];
  for (let t = start; t <= end; t += step) grid.push(t);
  const nodes = new Set(c.nodes);
  const markers: TimeMarker[] = [];
  if (onsetSeconds !== undefined) markers.push({ timeMs: onsetSeconds * 1000, kind: 'onset', label: 'drift onset' });
  for (const a of actions) {
    if (a.dimension !== c.dimension || a.workload !== c.workload || !nodes.has(a.node)) continue;
    markers.push({ timeMs: a.createdMs, kind: 'action', label: `${a.playbook} ${a.node} (${a.state})` });
  }
  markers.sort((a, b) => a.timeMs - b.timeMs);
  return { symptom, timesMs: grid.map((t) => t * 1000), drifted: onGrid(grid, drifted), peers: onGrid(grid, peers), markers };
}
