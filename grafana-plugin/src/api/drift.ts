/**
 * Drift explorer data: the spread of value hashes per dimension, the drifted nodes with
 * onset and flapping, and one node's diff against what compliant nodes of its workload
 * and region run. Secrets never have a `value` label, so they show as hashes only.
 */
import { promQuery } from './backend';
import { configInfoWithNodeLabels, METRIC, RECORD } from '@plumb/core/contract';

export interface DriftFilters {
  region?: string;
  workload?: string;
  severity?: string;
}

export interface HashBucket {
  workload: string;
  dimension: string;
  hash: string;
  value?: string;
  nodes: number;
  drifted: boolean;
  severity?: string;
}

export interface DriftedNode {
  node: string;
  region: string;
  workload: string;
  dimension: string;
  value?: string;
  hash: string;
  severity: string;
  onsetSeconds?: number;
  flapping: boolean;
}

/** Drift an unexpired exception suppresses (`plumb:config_drift_excepted:info`), with its expiry. */
export interface ExceptedDrift {
  node: string;
  region: string;
  workload: string;
  dimension: string;
  severity: string;
  ticket: string;
  approver: string;
  /** When the exception expires, Unix seconds (the series' value). */
  expiresSeconds: number;
}

export interface DriftView {
  buckets: HashBucket[];
  drifted: DriftedNode[];
  excepted: ExceptedDrift[];
  regions: string[];
  workloads: string[];
}

/** PromQL label matchers for the filters; values are escaped for a quoted string. */
export function matchers(f: DriftFilters, withSeverity: boolean): string {
  const q = (v: string) => JSON.stringify(v);
  const parts = [
    f.region ? `region=${q(f.region)}` : '',
    f.workload ? `workload=${q(f.workload)}` : '',
    withSeverity && f.severity ? `severity=${q(f.severity)}` : '',
  ].filter(Boolean);
  return `{${parts.join(',')}}`;
}

export async function loadDrift(uid: string, f: DriftFilters): Promise<DriftView> {
  const [dist, drift, onset, flapping, all, excepted] = await Promise.all([
    promQuery(
      uid,
      `count by (workload, dimension, hash, value) ${configInfoWithNodeLabels(f.workload ? `workload=${JSON.stringify(f.workload)}` : '', f.region ? `region=${JSON.stringify(f.region)}` : '')}`,
    ),
    promQuery(uid, `${RECORD.drift}${matchers(f, true)}`),
    promQuery(uid, `${RECORD.onset}${matchers(f, true)}`),
    promQuery(uid, `${RECORD.flapping}${matchers(f, false)}`),
    promQuery(uid, `count by (region, workload) (${RECORD.nodeWorkload})`),
    promQuery(uid, `${RECORD.driftExcepted}${matchers(f, true)}`),
  ]);
  const key = (m: Record<string, string>) => `${m.node}\0${m.workload}\0${m.dimension}`;
  const onsetOf = new Map(onset.map((s) => [key(s.metric), Number(s.value[1])]));
  const flaps = new Set(flapping.map((s) => key(s.metric)));
  const driftedHashes = new Map(drift.map((s) => [`${s.metric.workload}\0${s.metric.dimension}\0${s.metric.hash}`, s.metric.severity]));
  const buckets: HashBucket[] = dist.map((s) => {
    const sev = driftedHashes.get(`${s.metric.workload}\0${s.metric.dimension}\0${s.metric.hash}`);
    return {
      workload: s.metric.workload ?? '',
      dimension: s.metric.dimension ?? '',
      hash: s.metric.hash ?? '',
      value: s.metric.value,
      nodes: Number(s.value[1]),
      drifted: sev !== undefined,
      severity: sev,
    };
  });
  // With a severity filter, show only dimensions that have drift of that severity.
  const dims = new Set(drift.map((s) => `${s.metric.workload}\0${s.metric.dimension}`));
  const shown = f.severity ? buckets.filter((b) => dims.has(`${b.workload}\0${b.dimension}`)) : buckets;
  shown.sort((a, b) => a.workload.localeCompare(b.workload) || a.dimension.localeCompare(b.dimension) || b.nodes - a.nodes);
  const drifted = drift
    .map((s) => ({
      node: s.metric.node ?? '',
      region: s.metric.region ?? '',
      workload: s.metric.workload ?? '',
      dimension: s.metric.dimension ?? '',
      value: s.metric.value,
      hash: s.metric.hash ?? '',
      severity: s.metric.severity ?? '',
      onsetSeconds: onsetOf.get(key(s.metric)),
      flapping: flaps.has(key(s.metric)),
    }))
    .sort((a, b) => a.node.localeCompare(b.node) || a.dimension.localeCompare(b.dimension));
  return {
    buckets: shown,
    drifted,
    excepted: exceptedFrom(excepted),
    regions: [...new Set(all.map((s) => s.metric.region ?? ''))].sort(),
    workloads: [...new Set(all.map((s) => s.metric.workload ?? ''))].sort(),
  };
}

/** Excepted drift series, soonest expiry first. */
export function exceptedFrom(series: readonly { metric: Record<string, string>; value: [number, string] }[]): ExceptedDrift[] {
  return series
    .map((s) => ({
      node: s.metric.node ?? '',
      region: s.metric.region ?? '',
      workload: s.metric.workload ?? '',
      dimension: s.metric.dimension ?? '',
      severity: s.metric.severity ?? '',
      ticket: s.metric.ticket ?? '',
      approver: s.metric.approver ?? '',
      expiresSeconds: Number(s.value[1]),
    }))
    .sort((a, b) => a.expiresSeconds - b.expiresSeconds || a.node.localeCompare(b.node) || a.dimension.localeCompare(b.dimension));
}

export interface DiffRow {
  workload: string;
  dimension: string;
  actual: string;
  expected: string;
  status: 'same' | 'drifted' | 'differs';
  secret: boolean;
  severity?: string;
  onsetSeconds?: number;
  flapping: boolean;
  /** Who or what made the last change, from `plumb_config_change_cause_info`. */
  cause?: ChangeCauseView;
}

export interface ChangeCauseView {
  kind: string;
  by: string;
  atSeconds: number;
}

/** "changed by jane.doe-hotfix at …", "image sha256:… at …", "cause unknown (changed at …)". */
export function describeChangeCause(c: ChangeCauseView, formatTime: (ms: number) => string): string {
  const at = formatTime(c.atSeconds * 1000);
  switch (c.kind) {
    case 'field-manager':
      return `changed by ${c.by} at ${at}`;
    case 'image-digest':
      return `image ${c.by.slice(0, 19)}… at ${at}`;
    case 'package-manager':
      return `package manager: ${c.by}`;
    case 'emr-step':
      return `EMR step ${c.by} at ${at}`;
    default:
      return `cause unknown (changed at ${at})`;
  }
}

/** One node against the modal value of compliant nodes of its workload in its region. */
export async function loadNodeDiff(uid: string, node: string): Promise<{ region: string; rows: DiffRow[] }> {
  const q = JSON.stringify(node);
  const [mine, drift, onset, flapping, causes] = await Promise.all([
    promQuery(uid, configInfoWithNodeLabels('', `node=${q}`)),
    promQuery(uid, `${RECORD.drift}{node=${q}}`),
    promQuery(uid, `${RECORD.onset}{node=${q}}`),
    promQuery(uid, `${RECORD.flapping}{node=${q}}`),
    // The exporter's series carry no node label: take those of the node's scrape target.
    promQuery(uid, `${METRIC.changeCause} and on (instance) ${METRIC.nodeInfo}{node=${q}}`),
  ]);
  const region = mine[0]?.metric.region ?? '';
  const reference = await promQuery(
    uid,
    `count by (workload, dimension, hash, value) (${configInfoWithNodeLabels('', `region=${JSON.stringify(region)}`)} unless on (instance, workload, dimension) ${RECORD.drift})`,
  );
  const modal = new Map<string, { hash: string; value?: string; n: number }>();
  for (const s of reference) {
    const k = `${s.metric.workload}\0${s.metric.dimension}`;
    const n = Number(s.value[1]);
    if (!modal.has(k) || modal.get(k)!.n < n) modal.set(k, { hash: s.metric.hash ?? '', value: s.metric.value, n });
  }
  const dk = (m: Record<string, string>) => `${m.workload}\0${m.dimension}`;
  const driftOf = new Map(drift.map((s) => [dk(s.metric), s.metric.severity]));
  const onsetOf = new Map(onset.map((s) => [dk(s.metric), Number(s.value[1])]));
  const flaps = new Set(flapping.map((s) => dk(s.metric)));
  const causeOf = new Map(causes.map((s) => [dk(s.metric), { kind: s.metric.cause ?? 'unknown', by: s.metric.by ?? '', atSeconds: Number(s.value[1]) }]));
  const rows = mine.map((s): DiffRow => {
    const k = dk(s.metric);
    const want = modal.get(k);
    const secret = s.metric.value === undefined;
    const same = want?.hash === s.metric.hash;
    const severity = driftOf.get(k);
    return {
      workload: s.metric.workload ?? '',
      dimension: s.metric.dimension ?? '',
      actual: secret ? `#${(s.metric.hash ?? '').slice(0, 8)}` : s.metric.value!,
      expected: want ? (want.value ?? `#${want.hash.slice(0, 8)}`) : '–',
      status: severity ? 'drifted' : same || !want ? 'same' : 'differs',
      secret,
      severity,
      onsetSeconds: onsetOf.get(k),
      flapping: flaps.has(k),
      cause: causeOf.get(k),
    };
  });
  rows.sort(
    (a, b) => Number(b.status !== 'same') - Number(a.status !== 'same') || a.workload.localeCompare(b.workload) || a.dimension.localeCompare(b.dimension),
  );
  return { region, rows };
}
