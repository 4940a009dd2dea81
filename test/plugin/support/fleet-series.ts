/**
 * Every series the test fleet exposes, as a value over time: exporter series with the
 * labels a scrape of job `plumb-exporter` would carry, and symptom series with the
 * contract's labels (`node` among them), as the spec's symptom queries expect. Values are hashed with the real salted hashing.
 * The same definitions feed the OpenMetrics history (for promtool) and the live
 * exposition that Prometheus scrapes afterwards, so the two join seamlessly.
 * Exporter series follow metric contract v3: every exporter started a week before the
 * history, and a dimension has a change counter and a last-change timestamp only once
 * its hash changed since then.
 */
import { METRIC, SYMPTOM_METRIC } from '@plumb/core/contract';
import { canonicalise } from '@plumb/core/hash/canonical';
import { hashValue } from '@plumb/core/hash/hash';
import type { Model } from '@plumb/core/spec/model';
import { seededRandom } from '@plumb/core/stats/random';
import { simSymptomLabels } from '@plumb/sim/symptoms';
import type { FleetNode } from './fleet';
import { COMPLIANT_VALUES, SYMPTOM_BASELINE } from './fleet-values';

export interface Series {
  /** Family name; counters get `_total` appended when rendered. */
  name: string;
  type: 'gauge' | 'counter';
  labels: Record<string, string>;
  valueAt(t: number): number;
}

export interface SeriesOptions {
  model: Model;
  salt: Uint8Array;
  /** Unix seconds at which history starts (counters are 0 then). */
  startSeconds: number;
  /** Unix seconds at which injected drift started. */
  driftOnsetSeconds: number;
}

/** Drift already present when the exporters started: no change since, so its onset is the exporter start. */
export const DRIFT_SINCE_EXPORTER_START = 'celery.worker_concurrency';

/** When every test exporter started: a week before the history. */
export const exporterStartSeconds = (o: Pick<SeriesOptions, 'startSeconds'>) => o.startSeconds - 7 * 86400;

/** All series of `nodes`. */
export function fleetSeries(nodes: readonly FleetNode[], o: SeriesOptions): Series[] {
  const out: Series[] = [];
  const random = seededRandom(20240229);
  const add = (name: string, type: Series['type'], labels: Record<string, string>, valueAt: (t: number) => number) => out.push({ name, type, labels, valueAt });
  for (const n of nodes) {
    const id = n.identity;
    const exp = { job: 'plumb-exporter', instance: n.instance };
    add('up', 'gauge', exp, () => 1);
    add(
      'plumb_node_info',
      'gauge',
      { ...exp, node: id.node, region: id.region, instance_type: id.instanceType, pool: id.pool, platform: id.platform },
      () => 1,
    );
    add('plumb_exporter_build_info', 'gauge', { ...exp, version: '0.1.0', spec: o.model.name }, () => 1);
    add('plumb_exporter_start_time_seconds', 'gauge', exp, () => exporterStartSeconds(o));
    add('plumb_report_partial', 'gauge', exp, () => (n.health === 'collector-failed' ? 1 : 0));
    for (const collector of ['files', 'env', 'runtime']) {
      const c = { ...exp, collector };
      const failed = n.health === 'collector-failed' && collector === 'files';
      add('plumb_collector_success', 'gauge', c, () => (failed ? 0 : 1));
      add('plumb_collector_last_success_timestamp_seconds', 'gauge', c, (t) =>
        n.health === 'stale' ? o.startSeconds - 900 : failed ? Math.floor(t / 30) * 30 - 120 : Math.floor(t / 30) * 30,
      );
      add('plumb_collector_duration_seconds', 'gauge', c, () => 0.04);
    }
    for (const rule of [...o.model.rules].sort((a, b) => a.id.localeCompare(b.id))) {
      if (rule.workload !== n.workload && rule.workload !== 'host') continue;
      const injected = n.overrides.get(rule.key);
      const drifted = injected !== undefined && injected.workload === rule.workload;
      const raw = drifted ? injected.value : (COMPLIANT_VALUES[rule.key]?.({ region: id.region, instanceType: id.instanceType }) ?? 'unset');
      const canon = canonicalise(raw, rule.type, rule.normalize);
      const value = canon.ok ? canon.value : raw;
      const hash = hashValue(o.salt, rule.key, value, o.model.settings.hashLength);
      const dim = { ...exp, workload: rule.workload, dimension: rule.key };
      const exposed = rule.expose && value.length <= o.model.settings.maxExposedValueLength;
      add('plumb_config_info', 'gauge', { ...dim, hash, ...(exposed ? { value } : {}) }, () => 1);
      if (rule.type === 'number' && !rule.secret && Number.isFinite(Number(value))) add('plumb_config_value', 'gauge', dim, () => Number(value));
      // Drift changed the hash after the exporter started, except the drift already there at its start.
      if (!drifted || rule.key === DRIFT_SINCE_EXPORTER_START) continue;
      add('plumb_config_last_change_timestamp_seconds', 'gauge', dim, () => o.driftOnsetSeconds);
      // One drifted node flaps: the hotfix was applied, reverted and applied again.
      const flapping = id.node === 'spark-streaming-us-east-1-01';
      add('plumb_config_changes', 'counter', dim, (t) => (flapping ? (t < o.driftOnsetSeconds + 1200 ? 1 : 3) : 1));
      // The flapping hotfix was made by a named field manager (test/exporter/change-cause.test.ts renders the same series from a real kube-apiserver); other drift has no known cause.
      const cause = flapping ? { cause: 'field-manager', by: 'jane.doe-hotfix' } : { cause: 'unknown', by: '' };
      add(METRIC.changeCause, 'gauge', { ...dim, ...cause }, () => o.driftOnsetSeconds);
    }
    // Each node gets its own fixed factor: spread across nodes is what the statistics see.
    const level = (name: keyof typeof SYMPTOM_BASELINE) => (n.symptoms.get(name) ?? SYMPTOM_BASELINE[name]) * (0.75 + 0.5 * random());
    const phase = random() * 2 * Math.PI;
    // Symptom series carry the labels their real collector gives them (the contract), as the simulator's do.
    const sym = (metric: string) => ({ job: 'symptoms', instance: 'symptom-exporter:9308', ...simSymptomLabels(metric, id.node, n.workload) });
    const family = (metric: string) => metric.replace(/_total$/, '');
    if (n.workload === 'spark-streaming' || n.workload === 'kafka-consumer') {
      const lag = level('consumer_lag');
      // Spark Structured Streaming commits no offsets: its lag is the query listener's, not the consumer group's.
      const metric = n.workload === 'spark-streaming' ? SYMPTOM_METRIC.streamingLag : SYMPTOM_METRIC.consumerGroupLag;
      add(metric, 'gauge', sym(metric), (t) => Math.round(lag * (1 + 0.05 * Math.sin(t / 300 + phase))));
    }
    if (n.workload === 'kafka-consumer') {
      const rate = level('duplicate_loads');
      add(family(SYMPTOM_METRIC.duplicateRows), 'counter', sym(SYMPTOM_METRIC.duplicateRows), (t) => Math.floor(rate * (t - o.startSeconds)));
    }
    if (n.workload === 'dbt-runner' || n.workload === 'spark-batch' || n.workload === 'airflow-worker') {
      // Warehouse queries fail and break from their history now and then on every node that runs them: no cohort is harmed.
      const rate = 0.002 * (0.75 + 0.5 * random());
      add(family(SYMPTOM_METRIC.queryFailures), 'counter', sym(SYMPTOM_METRIC.queryFailures), (t) => Math.floor(rate * (t - o.startSeconds)));
      add(family(SYMPTOM_METRIC.queryAnomalies), 'counter', sym(SYMPTOM_METRIC.queryAnomalies), (t) => Math.floor(rate * (t - o.startSeconds)));
    }
    if (n.workload === 'dbt-runner' || n.workload === 'spark-batch') {
      const rate = level('dq_failures');
      add(family(SYMPTOM_METRIC.dqTestFailures), 'counter', sym(SYMPTOM_METRIC.dqTestFailures), (t) => Math.floor(rate * (t - o.startSeconds)));
    }
  }
  return out;
}

/** OpenMetrics text with timestamps from `from` to `to` (inclusive) every `step` seconds. */
export function renderOpenMetrics(series: readonly Series[], from: number, to: number, step: number): string {
  const byName = new Map<string, Series[]>();
  for (const s of series) byName.set(s.name, [...(byName.get(s.name) ?? []), s]);
  const parts: string[] = [];
  for (const [name, list] of byName) {
    parts.push(`# TYPE ${name} ${list[0]!.type}`);
    for (const s of list) {
      const head = seriesName(s);
      for (let t = from; t <= to; t += step) parts.push(`${head} ${s.valueAt(t)} ${t}`);
    }
  }
  return `${parts.join('\n')}\n# EOF\n`;
}

/** Prometheus text exposition of the values at `t` (no timestamps), for scraping. */
export function renderExposition(series: readonly Series[], t: number): string {
  const byName = new Map<string, Series[]>();
  for (const s of series) byName.set(s.name, [...(byName.get(s.name) ?? []), s]);
  const parts: string[] = [];
  for (const [name, list] of byName) {
    parts.push(`# TYPE ${list[0]!.type === 'counter' ? `${name}_total` : name} ${list[0]!.type}`);
    for (const s of list) parts.push(`${seriesName(s)} ${s.valueAt(t)}`);
  }
  return `${parts.join('\n')}\n`;
}

function seriesName(s: Series): string {
  const labels = Object.entries(s.labels).map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`);
  return `${s.name}${s.type === 'counter' ? '_total' : ''}{${labels.join(',')}}`;
}
