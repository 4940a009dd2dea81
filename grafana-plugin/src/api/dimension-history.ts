/**
 * A node's dimension history as state segments (state-timeline style): for each
 * (workload, dimension) that drifted or changed in the window, runs of the same value
 * hash, each compliant, drifted (with its severity) or absent (not reported).
 */
import { configInfoWithNodeLabels, RECORD } from '@plumb/core/contract';
import { promRange } from './backend';

export interface Segment {
  fromMs: number;
  toMs: number;
  state: 'compliant' | 'drifted' | 'absent';
  label: string;
  severity?: string;
}

export interface DimensionHistory {
  key: string;
  segments: Segment[];
}

/** Folds per-step states into runs; pure. */
export function toSegments(gridMs: readonly number[], stepMs: number, at: (i: number) => Omit<Segment, 'fromMs' | 'toMs'>): Segment[] {
  const out: Segment[] = [];
  gridMs.forEach((t, i) => {
    const s = at(i);
    const last = out[out.length - 1];
    if (last && last.state === s.state && last.label === s.label && last.severity === s.severity) last.toMs = t + stepMs;
    else out.push({ ...s, fromMs: t, toMs: t + stepMs });
  });
  return out;
}

export async function loadDimensionHistory(
  uid: string,
  node: string,
  nowSeconds: number,
  rangeSeconds = 3600,
): Promise<{ startMs: number; endMs: number; rows: DimensionHistory[] }> {
  const q = JSON.stringify(node);
  const step = Math.max(15, Math.round(rangeSeconds / 240));
  const end = Math.floor(nowSeconds / step) * step;
  const start = end - rangeSeconds;
  const [info, drift] = await Promise.all([
    promRange(uid, configInfoWithNodeLabels('', `node=${q}`), start, end, step),
    promRange(uid, `${RECORD.drift}{node=${q}}`, start, end, step),
  ]);
  const grid: number[] = [];
  for (let t = start; t <= end; t += step) grid.push(t);
  const byDim = new Map<string, Map<number, string>>();
  for (const s of info) {
    const key = `${s.metric.workload}/${s.metric.dimension}`;
    const at = byDim.get(key) ?? new Map<number, string>();
    const label = s.metric.value ?? `#${(s.metric.hash ?? '').slice(0, 8)}`;
    for (const [t] of s.values) at.set(Math.round(t), at.has(Math.round(t)) ? `${at.get(Math.round(t))}, ${label}` : label);
    byDim.set(key, at);
  }
  const drifted = new Map<string, string>();
  for (const s of drift) for (const [t] of s.values) drifted.set(`${s.metric.workload}/${s.metric.dimension}\0${Math.round(t)}`, s.metric.severity ?? '');
  const rows: DimensionHistory[] = [];
  for (const [key, at] of [...byDim].sort(([a], [b]) => a.localeCompare(b))) {
    const segments = toSegments(
      grid.map((t) => t * 1000),
      step * 1000,
      (i) => {
        const t = grid[i]!;
        const label = at.get(t);
        if (label === undefined) return { state: 'absent', label: 'not reported' };
        const severity = drifted.get(`${key}\0${t}`);
        return severity === undefined ? { state: 'compliant', label } : { state: 'drifted', label, severity };
      },
    );
    // Only dimensions with something to see: drift, or more than one state in the window.
    if (segments.length > 1 || segments.some((s) => s.state !== 'compliant')) rows.push({ key, segments });
  }
  return { startMs: start * 1000, endMs: (end + step) * 1000, rows };
}
