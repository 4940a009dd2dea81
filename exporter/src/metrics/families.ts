/**
 * The exporter's metric families as a declarative table: each family says how to
 * read its samples from a `NodeState`. The prom-client registry and every other
 * renderer are built from this one table, so the exporter and the fleet simulator
 * cannot drift apart. Names and labels follow docs/metric-contract.md (v4).
 */
import { METRIC } from '@plumb/core/contract';
import { causeBy } from '@plumb/core/attribution/cause';
import type { NodeState } from '@plumb/core/state/types';

export interface Sample {
  labels: Record<string, string>;
  value: number;
}

/** Static facts about the exporter, rendered as build info. */
export interface RenderContext {
  /** Exporter version, e.g. `0.1.0`. */
  version: string;
  /** Spec name, e.g. `paywave`. */
  spec: string;
}

export interface MetricFamily {
  name: string;
  help: string;
  type: 'gauge' | 'counter';
  labelNames: readonly string[];
  samples(state: NodeState, ctx: RenderContext): Sample[];
}

const perCollector =
  (pick: (c: NodeState['collectors'][number]) => number | undefined) =>
  (state: NodeState): Sample[] =>
    state.collectors.flatMap((c) => {
      const value = pick(c);
      return value === undefined ? [] : [{ labels: { collector: c.collector }, value }];
    });

/** One series naming the cause of a dimension's last change. */
function causeSample(c: NodeState['changes'][number]): Sample {
  const cause = c.lastCause ?? { kind: 'unknown' as const };
  const at = cause.kind === 'field-manager' || (cause.kind === 'package-manager' && cause.at) ? Date.parse(cause.at as string) / 1000 : Number.NaN;
  return {
    labels: { workload: c.workload, dimension: c.dimension, cause: cause.kind, by: causeBy(cause).slice(0, 200) },
    value: Number.isFinite(at) ? at : c.lastChangeSeconds,
  };
}

/** Dimensions whose hash changed at least once since the exporter started. */
const changed = (state: NodeState) => state.changes.filter((c) => c.changesTotal > 0);

export const METRIC_FAMILIES: readonly MetricFamily[] = [
  {
    name: METRIC.nodeInfo,
    help: 'Node metadata; join key for every plumb series (always 1).',
    type: 'gauge',
    labelNames: ['node', 'region', 'instance_type', 'pool', 'platform'],
    samples: ({ identity: i }) => [{ labels: { node: i.node, region: i.region, instance_type: i.instanceType, pool: i.pool, platform: i.platform }, value: 1 }],
  },
  {
    name: METRIC.configInfo,
    help: 'One series per observed (workload, dimension) with the salted hash of its canonical value; value only for exposable non-secret dimensions (always 1).',
    type: 'gauge',
    labelNames: ['workload', 'dimension', 'hash', 'value'],
    samples: (state) =>
      state.observations.map((o): Sample => ({
        labels:
          o.value !== undefined
            ? { workload: o.workload, dimension: o.dimension, hash: o.hash, value: o.value }
            : { workload: o.workload, dimension: o.dimension, hash: o.hash },
        value: 1,
      })),
  },
  {
    name: METRIC.configValue,
    help: 'Numeric value of non-secret number dimensions, for range checks.',
    type: 'gauge',
    labelNames: ['workload', 'dimension'],
    samples: (state) => {
      // Two pods that disagree on a number cannot share one series; the highest is kept
      // (their hashes both appear in plumb_config_info, so the drift is still seen).
      const byKey = new Map<string, Sample>();
      for (const o of state.observations) {
        if (o.numeric === undefined) continue;
        const key = `${o.workload}\0${o.dimension}`;
        const prev = byKey.get(key);
        if (!prev || o.numeric > prev.value) byKey.set(key, { labels: { workload: o.workload, dimension: o.dimension }, value: o.numeric });
      }
      return [...byKey.values()];
    },
  },
  {
    name: METRIC.lastChange,
    help: 'Unix time of the last hash change of a (workload, dimension) since the exporter started; absent while there was none (see plumb_exporter_start_time_seconds).',
    type: 'gauge',
    labelNames: ['workload', 'dimension'],
    // Contract v3: a first observation is not a change, so a steady dimension has no
    // timestamp; its drift onset falls back to the exporter's start time.
    samples: (state) => changed(state).map((c) => ({ labels: { workload: c.workload, dimension: c.dimension }, value: c.lastChangeSeconds })),
  },
  {
    name: METRIC.changesTotal,
    help: 'Hash changes of a (workload, dimension) since the exporter started; absent while there was none.',
    type: 'counter',
    labelNames: ['workload', 'dimension'],
    // Contract v2: a zero is not rendered. Most dimensions never change, and a series per
    // dimension at 0 was a quarter of the payload; the flapping rule reads "absent" as 0.
    samples: (state) => changed(state).map((c) => ({ labels: { workload: c.workload, dimension: c.dimension }, value: c.changesTotal })),
  },
  {
    name: METRIC.changeCause,
    help: 'Who or what made the last change of a (workload, dimension): cause kind and by whom; the value is when (Unix time).',
    type: 'gauge',
    labelNames: ['workload', 'dimension', 'cause', 'by'],
    samples: (state) => changed(state).map((c) => causeSample(c)),
  },
  {
    name: METRIC.exporterStart,
    help: 'Unix time at which the exporter process started; a new value means a restart (change counters restart from absent).',
    type: 'gauge',
    labelNames: [],
    samples: (state) => [{ labels: {}, value: state.startedAtSeconds }],
  },
  {
    name: METRIC.collectorSuccess,
    help: 'Whether the last run of the collector succeeded (1) or failed (0).',
    type: 'gauge',
    labelNames: ['collector'],
    samples: perCollector((c) => (c.success ? 1 : 0)),
  },
  {
    name: METRIC.collectorLastSuccess,
    help: 'Unix time of the last successful run of the collector.',
    type: 'gauge',
    labelNames: ['collector'],
    samples: perCollector((c) => c.lastSuccessSeconds),
  },
  {
    name: METRIC.collectorDurationSeconds,
    help: 'Wall time of the last run of the collector.',
    type: 'gauge',
    labelNames: ['collector'],
    samples: perCollector((c) => c.durationSeconds),
  },
  {
    name: METRIC.collectorErrorsTotal,
    help: 'Errors of the collector since start (malformed files, failed probes).',
    type: 'counter',
    labelNames: ['collector'],
    samples: perCollector((c) => c.errorsTotal),
  },
  {
    name: METRIC.reportPartial,
    help: '1 when any collector failed: the report is partial, never compliant.',
    type: 'gauge',
    labelNames: [],
    samples: (state) => [{ labels: {}, value: state.partial ? 1 : 0 }],
  },
  {
    name: METRIC.exporterBuildInfo,
    help: 'Exporter version and spec name (always 1).',
    type: 'gauge',
    labelNames: ['version', 'spec'],
    samples: (_s, ctx) => [{ labels: { version: ctx.version, spec: ctx.spec }, value: 1 }],
  },
  {
    name: METRIC.nodeDriftDimensions,
    help: 'Dimensions drifted now, per workload running here and severity, by the local evaluator (consistency rules excluded: the cohort decides them in Prometheus). For agents that cannot run the compiled rules.',
    type: 'gauge',
    labelNames: ['workload', 'severity'],
    samples: (state) => (state.drift?.counts ?? []).map((c) => ({ labels: { workload: c.workload, severity: c.severity }, value: c.drifted })),
  },
  {
    name: METRIC.nodeUnknownDimensions,
    help: 'Dimensions of a workload running here for which no value was collected: unknown, never compliant.',
    type: 'gauge',
    labelNames: ['workload'],
    samples: (state) => (state.drift?.unknown ?? []).map((u) => ({ labels: { workload: u.workload }, value: u.dimensions })),
  },
  {
    name: METRIC.nodeDimensionDrifted,
    help: 'Per dimension that drifted since the exporter started: 1 while drifted, 0 once cleared (so a monitor sees the recovery).',
    type: 'gauge',
    labelNames: ['workload', 'dimension', 'severity'],
    samples: (state) =>
      (state.drift?.flags ?? []).map((f) => ({ labels: { workload: f.workload, dimension: f.dimension, severity: f.severity }, value: f.drifted ? 1 : 0 })),
  },
];
