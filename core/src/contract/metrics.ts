/**
 * The metric contract: every name and label that crosses a process boundary between
 * the exporter, the compiled rules, the handler, the dashboards and the plugin. Import
 * the names from here; docs/metric-contract.md is generated from these tables.
 */

/** Contract version; bump it with an entry in ./changelog. */
export const CONTRACT_VERSION = 10;

/** Labels of `plumb_node_info`: the node metadata every per-node series is joined with. */
export const NODE_INFO_LABELS = ['node', 'region', 'instance_type', 'pool', 'platform'] as const;

/**
 * Identity of the scrape target as Prometheus's service discovery sees it, set by the
 * scrape configuration's relabelling (never by the exporter: `honor_labels: false` turns an
 * exporter's own `sd_*` label into `exported_sd_*`). The handler acts only where the
 * alert's `node`, `region` and `platform` agree with these.
 */
export const DISCOVERY_LABELS = {
  node: 'sd_node',
  region: 'sd_region',
  platform: 'sd_platform',
  instanceId: 'sd_instance_id',
  emrCluster: 'sd_emr_cluster',
} as const;

/** Labels every per-node `plumb:*` series carries, in the order the compiler writes them. */
export const NODE_LABELS = ['instance', ...NODE_INFO_LABELS, ...Object.values(DISCOVERY_LABELS)] as const;

/** `NODE_LABELS` without `instance`: what a join `on (instance)` copies from `plumb:node_info:last`. */
export const NODE_METADATA_LABELS = NODE_LABELS.filter((l) => l !== 'instance');

export interface MetricDoc {
  name: string;
  type: string;
  /** Label names; `optionalLabels` appear only sometimes. */
  labels: readonly string[];
  optionalLabels?: readonly string[];
  meaning: string;
}

/** Series the exporter renders (one exporter per node). */
export const EXPORTER_METRICS = {
  nodeInfo: {
    name: 'plumb_node_info',
    type: 'gauge = 1',
    labels: ['node', 'region', 'instance_type', 'pool', 'platform'],
    meaning: 'Node metadata, the join key. `platform` is `k8s`, `emr` or `host`.',
  },
  configInfo: {
    name: 'plumb_config_info',
    type: 'gauge = 1',
    labels: ['workload', 'dimension', 'hash'],
    optionalLabels: ['value'],
    meaning:
      'One series per observed (workload, dimension). `hash` is the salted HMAC (16 hex by default) of the canonical value; for secret dimensions (marked secret, named like a credential, or found secret on the node) it is the scrypt KDF of the value instead (`plumb/v2-scrypt`, v7), equal across nodes for equal values. `value` only for exposable, non-secret values no longer than `settings.maxExposedValueLength`. When two pods of one workload on a node disagree, both hashes appear.',
  },
  configValue: {
    name: 'plumb_config_value',
    type: 'gauge',
    labels: ['workload', 'dimension'],
    meaning: 'Numeric value of non-secret `type: number` dimensions, for range checks.',
  },
  lastChange: {
    name: 'plumb_config_last_change_timestamp_seconds',
    type: 'gauge',
    labels: ['workload', 'dimension'],
    meaning:
      'When the hash last changed since the exporter started. Rendered only once the dimension has changed (like the counter below): a first observation is not a change, so absent means "unchanged since `plumb_exporter_start_time_seconds`" (v3).',
  },
  changesTotal: {
    name: 'plumb_config_changes_total',
    type: 'counter',
    labels: ['workload', 'dimension'],
    meaning:
      'Hash changes since the exporter started (flapping). Rendered only once above 0: absent means no change since the exporter started, so the series appears on the first change and vanishes when the exporter restarts (v2).',
  },
  changeCause: {
    name: 'plumb_config_change_cause_info',
    type: 'gauge',
    labels: ['workload', 'dimension', 'cause', 'by'],
    meaning:
      "Who or what made the last change of a (workload, dimension): `cause` is `field-manager`, `image-digest`, `package-manager`, `emr-step` or `unknown`; `by` the field manager, the digest, the package-manager entry or the step id (empty when unknown). The value is when the cause acted (the field manager's write time), else when the change was observed. Rendered, like the last-change timestamp, only once the dimension has changed (v5, additive).",
  },
  exporterStart: {
    name: 'plumb_exporter_start_time_seconds',
    type: 'gauge',
    labels: [],
    meaning:
      "Unix time the exporter process started. Constant for the life of the process; a new value means a restart (v3). The onset of drift that has not changed since, and the flapping rule's restart signal.",
  },
  collectorSuccess: {
    name: 'plumb_collector_success',
    type: 'gauge 0/1',
    labels: ['collector'],
    meaning: 'Whether the last run of the collector succeeded. A failed collector makes the report partial.',
  },
  collectorLastSuccess: { name: 'plumb_collector_last_success_timestamp_seconds', type: 'gauge', labels: ['collector'], meaning: 'Last successful run.' },
  collectorDurationSeconds: { name: 'plumb_collector_duration_seconds', type: 'gauge', labels: ['collector'], meaning: 'Duration of the last run.' },
  collectorErrorsTotal: { name: 'plumb_collector_errors_total', type: 'counter', labels: ['collector'], meaning: 'Malformed files, failed probes.' },
  reportPartial: {
    name: 'plumb_report_partial',
    type: 'gauge 0/1',
    labels: [],
    meaning:
      "1 when any collector failed in the collection the scrape shows (so exactly when a `plumb_collector_success` of the same scrape is 0), and 1 before the first collection. The rules read this, not the collectors' status, to tell a failed collector: one series per node.",
  },
  exporterBuildInfo: { name: 'plumb_exporter_build_info', type: 'gauge = 1', labels: ['version', 'spec'], meaning: 'Build and spec name.' },
  nodeDriftDimensions: {
    name: 'plumb_node_drift_dimensions',
    type: 'gauge',
    labels: ['workload', 'severity'],
    meaning:
      'Dimensions drifted now, per workload running on the node and severity, as the local evaluator (`plumb check`) decides them; 0 when none. Consistency rules are left out (the cohort decides them in Prometheus). For agents that cannot run the compiled rules: Datadog (v4).',
  },
  nodeUnknownDimensions: {
    name: 'plumb_node_unknown_dimensions',
    type: 'gauge',
    labels: ['workload'],
    meaning: 'Dimensions of a workload running here with no value collected: unknown, never compliant (v4).',
  },
  nodeDimensionDrifted: {
    name: 'plumb_node_dimension_drifted',
    type: 'gauge 0/1',
    labels: ['workload', 'dimension', 'severity'],
    meaning:
      'One series per dimension that drifted since the exporter started: 1 while drifted, 0 once cleared, so a Datadog monitor sees the recovery (v4). Absent for dimensions that never drifted.',
  },
} as const satisfies Record<string, MetricDoc>;

export interface RecordDoc {
  name: string;
  /** How the labels are documented (sets of labels named in prose). */
  labels: string;
  meaning: string;
}

/** Recording rules compiled from the spec. */
export const RECORDS = {
  nodeInfoLast: {
    name: 'plumb:node_info:last',
    labels: '`instance` + node labels',
    meaning: '`plumb_node_info`, carried with its last labels while the target exists but is down, so down nodes keep their region and pool.',
  },
  nodeWorkloadReported: {
    name: 'plumb:node_workload:reported',
    labels: '`instance, workload, part`',
    meaning:
      'Per node, workload it reports any dimension of, and part (`"0"`, `"1"`, …: 52 of the workload\'s required dimensions each, sorted by key), the bitmask of the part\'s dimensions it reports (bit k: the part\'s k-th dimension). Every config series read once, one snapshot; the absence rules decode it. The bit order is the compiler\'s: read `plumb:config_absent:info` instead.',
  },
  nodeWorkload: {
    name: 'plumb:node_workload:info',
    labels: '`instance` + node labels + `workload`',
    meaning:
      'One per node and workload it reports at least one dimension of, valued 1: the nodes a workload runs on, read by the rollups, the handler and the plugin instead of every config series.',
  },
  nodeWorkloadIncomplete: {
    name: 'plumb:node_workload:incomplete',
    labels: '`instance` + node labels + `workload, part`',
    meaning:
      "`plumb:node_workload:reported` of the nodes that lack one of the part's required dimensions (usually none), with node labels: the grid the absence rule checks.",
  },
  configAbsent: {
    name: 'plumb:config_absent:info',
    labels: 'node labels + `workload, dimension`',
    meaning:
      'One per (node, expected dimension) a node running the workload does not report: 1 when all its collectors succeeded in the same snapshot (missing), 0 when one failed (unknown). Decoded from `plumb:node_workload:incomplete`, so it reads no scraped series. One rule for every workload; the missing, unknown and excepted-missing rules read it instead of the scraped series.',
  },
  driftUnlabeled: {
    name: 'plumb:config_drift:unlabeled',
    labels: '`instance, workload, dimension, hash[, value], severity, playbook, approval, rule`',
    meaning:
      'Drift of the dimension rules before node labels: the per-dimension rules record it, one rule joins node labels onto it for `plumb:config_drift:info`. Read `plumb:config_drift:info`.',
  },
  drift: {
    name: 'plumb:config_drift:info',
    labels: '+ `workload, dimension, hash[, value], severity, playbook, approval, rule[, reason]`',
    meaning:
      '1 per drifted (node, workload, dimension). `reason="missing"` (no `hash`): a node running the workload does not report a dimension the spec expects. Absent ⇔ compliant, excepted or unknown.',
  },
  driftUnknown: {
    name: 'plumb:config_drift_unknown:info',
    labels: 'as drift',
    meaning:
      'The last known drift of a node whose exporter is down, kept (and so marked unknown) until the node reports again or its target leaves service discovery. The drift alert keeps firing on it.',
  },
  driftExcepted: {
    name: 'plumb:config_drift_excepted:info',
    labels: 'as drift, + `ticket, approver` (no `playbook, approval`)',
    meaning: "Drift an unexpired exception suppresses; the value is the exception's expiry (Unix seconds).",
  },
  configUnknown: {
    name: 'plumb:config_unknown:info',
    labels: 'node labels + `workload, dimension, rule, reason="collector-failed"`',
    meaning: 'An expected dimension a node running the workload does not report while one of its collectors failed: not known missing, never compliant.',
  },
  severityMax: { name: 'plumb:node_drift_severity:max', labels: 'node labels', meaning: 'Worst severity per node: 1 info, 2 sla-risk, 3 correctness-risk.' },
  unknown: {
    name: 'plumb:node_unknown:info',
    labels: 'node labels + `reason`',
    meaning:
      'Node whose scrape fails (`down`), whose collector failed (`collector-failed`), whose collectors have not succeeded within `staleAfter` (`stale`), or a target that never answered (`never-answered`, with the labels service discovery gives it). Unknown is never compliant.',
  },
  flapping: {
    name: 'plumb:config_flapping:info',
    labels: 'node labels + `workload, dimension`',
    meaning:
      '≥ `flapping.changes` hash changes within `flapping.window`; the value is the number of changes. A counter that appears inside the window counts its whole value; restarts are read from `plumb_exporter_start_time_seconds`, and an exporter restart alone is never a flap.',
  },
  onset: {
    name: 'plumb:config_drift:onset_timestamp_seconds',
    labels: 'as drift',
    meaning:
      "Last change time of each drifted dimension; for a dimension unchanged since the exporter started, the exporter's start time (the drift has existed at least since then). Exactly one per drift series.",
  },
  nodesCount: { name: 'plumb:nodes:count', labels: '`region, workload`', meaning: 'Reporting nodes per workload.' },
  driftNodesCount: { name: 'plumb:drift_nodes:count', labels: '`region, workload, severity`', meaning: 'Drifted nodes.' },
  driftNodesRatio: { name: 'plumb:drift_nodes:ratio', labels: '`region, workload, severity`', meaning: 'Drifted ÷ reporting nodes.' },
  compliantNodesCount: {
    name: 'plumb:compliant_nodes:count',
    labels: '`region, workload`',
    meaning: 'Reporting nodes with no drift on the workload that are not unknown.',
  },
  unknownNodesCount: { name: 'plumb:unknown_nodes:count', labels: '`region`', meaning: 'Unknown nodes.' },
  nodeState: {
    name: 'plumb:node_state:info',
    labels: 'node labels + `state`',
    meaning: 'One per expected node: `unknown`, `drifted`, `missing`, `excepted` or `compliant`, the first that applies.',
  },
  nodeStateCount: { name: 'plumb:node_state:count', labels: '`region, state`', meaning: 'Expected nodes per state (0 when none).' },
  complianceRatio: {
    name: 'plumb:compliance:ratio',
    labels: '`region`',
    meaning: 'Compliant ÷ all expected nodes (unknown, drifted, missing and excepted ones included); the states apart in `plumb:node_state:count`.',
  },
  poolDriftNodesCount: {
    name: 'plumb:pool_drift_nodes:count',
    labels: '`region, pool, workload, dimension, severity`',
    meaning: "Drifted nodes of a pool on one dimension (the widespread alert's `minNodes`).",
  },
  poolDriftRatio: {
    name: 'plumb:pool_drift:ratio',
    labels: '`region, pool, workload, dimension, severity`',
    meaning: 'Share of a pool drifted on one dimension (feeds the widespread alert).',
  },
  poolNodesCount: {
    name: 'plumb:pool_nodes:count',
    labels: '`region, pool, workload`',
    meaning: 'Reporting nodes of a pool per workload (the denominator of `plumb:pool_drift:ratio`).',
  },
  configHashNodesCount: {
    name: 'plumb:config_hash_nodes:count',
    labels: 'cohort labels (`by`, default `region`) + `workload, dimension, hash, rule`',
    meaning: 'Nodes per hash of a consistency dimension, per Prometheus (per shard when sharded): summed by the tier above to find the majority.',
  },
  configHashMode: {
    name: 'plumb:config_hash_mode:info',
    labels: 'as `plumb:config_hash_nodes:count`',
    meaning:
      "The cohort's unique modal hash (absent on a tie), from the hash counts summed over shards (`plumb-rules-global.yaml`); read back by each shard's consistency rule.",
  },
  regionShardsCount: {
    name: 'plumb:region_shards:count',
    labels: '`region`',
    meaning:
      "Shards whose rollups the region's tier sums (`plumb-rules-global.yaml`; absent in an unsharded region). Read back by each shard: while a shard has it, the region's `PlumbWidespreadDrift` comes from the tier and the shard's own stays silent.",
  },
  symptomRegionSum: {
    name: 'plumb:symptom_region:sum',
    labels: '`region, symptom`',
    meaning: 'Sum of a symptom with an SLO over the nodes of the region (of the shard, per shard; summed by the tier above).',
  },
  symptomRegionCount: {
    name: 'plumb:symptom_region:count',
    labels: '`region, symptom`',
    meaning: 'Nodes reporting a symptom with an SLO (the denominator of `aggregate: avg`; summed by the tier above).',
  },
  symptomRegionMax: {
    name: 'plumb:symptom_region:max',
    labels: '`region, symptom`',
    meaning: 'Largest node value of a symptom with an SLO (the maximum over shards at the tier above).',
  },
  symptomPrefix: { name: 'plumb:symptom:', labels: '`node` + node labels', meaning: "Per-node symptom value from the spec's query." },
} as const satisfies Record<string, RecordDoc>;

export interface AlertDoc {
  name: string;
  labels: string;
  for: string;
}

/** Alerts compiled from the spec. */
export const ALERTS = {
  configDrift: {
    name: 'PlumbConfigDrift',
    labels: '`node, instance, region, instance_type, pool, platform, workload, dimension, severity, playbook, approval, rule`',
    for: '`settings.alertFor[severity]`, `keep_firing_for: settings.keepFiringFor`',
  },
  widespreadDrift: {
    name: 'PlumbWidespreadDrift',
    labels: '`region, pool, workload, dimension, severity, plumb_class="circuit-breaker"`',
    for: "0s (it must open the handler's circuit breaker before the per-node drift alerts arrive), `keep_firing_for: settings.keepFiringFor`",
  },
  nodeUnknown: {
    name: 'PlumbNodeUnknown',
    labels: '`node, instance, region, instance_type, pool, platform, reason, plumb_class="unknown"`',
    for: '`staleAfter`',
  },
  exceptionExpiring: {
    name: 'PlumbExceptionExpiring',
    labels: 'as `plumb:config_drift_excepted:info`, `plumb_class="exception-expiring"`',
    for: '0s; fires from 7 days before `expiresAt`',
  },
  symptomSLOBreach: { name: 'PlumbSymptomSLOBreach', labels: '`region, symptom, plumb_class="symptom-slo"`', for: "the symptom's `slo.for`" },
} as const satisfies Record<string, AlertDoc>;

type Names<T extends Record<string, { name: string }>> = { readonly [K in keyof T]: T[K]['name'] };
const names = <T extends Record<string, { name: string }>>(table: T): Names<T> =>
  Object.fromEntries(Object.entries(table).map(([key, doc]) => [key, doc.name])) as Names<T>;

/** Exporter metric names by key, e.g. `METRIC.configInfo`. */
export const METRIC = names(EXPORTER_METRICS);
/** Recording-rule names by key, e.g. `RECORD.drift`; `symptomPrefix` is followed by the symptom name. */
export const RECORD = names(RECORDS);
/** Alert names by key, e.g. `ALERT.configDrift`. */
export const ALERT = names(ALERTS);

/** Values of the `plumb_class` label that route non-drift alerts. */
export const PLUMB_CLASS = {
  circuitBreaker: 'circuit-breaker',
  unknown: 'unknown',
  symptomSlo: 'symptom-slo',
  exceptionExpiring: 'exception-expiring',
} as const;

/**
 * The rollups the global Prometheus federates from each region: every `:count` and
 * `:ratio` record but the per-shard hash counts (a test keeps this list and the records in
 * step, and checks that every rollup a dashboard or the plugin reads is here).
 */
export const FEDERATED_RECORDS = [
  RECORD.nodesCount,
  RECORD.driftNodesCount,
  RECORD.driftNodesRatio,
  RECORD.compliantNodesCount,
  RECORD.unknownNodesCount,
  RECORD.nodeStateCount,
  RECORD.complianceRatio,
  RECORD.poolDriftNodesCount,
  RECORD.poolDriftRatio,
  RECORD.poolNodesCount,
] as const;

/** What a regional tier federates from its `hashmod` shards: the rollups, the hash counts it finds consistency majorities from, and the symptom partials its SLO alerts combine. */
export const SHARD_FEDERATED_RECORDS = [
  ...FEDERATED_RECORDS,
  RECORD.configHashNodesCount,
  RECORD.symptomRegionSum,
  RECORD.symptomRegionCount,
  RECORD.symptomRegionMax,
] as const;

/**
 * What each shard federates back from its regional tier: the cohorts' majorities its
 * consistency rules compare against, and the shard count that tells its widespread-drift
 * alert to leave the region's verdict to the tier.
 */
export const TIER_FEEDBACK_RECORDS = [RECORD.configHashMode, RECORD.regionShardsCount] as const;

/**
 * The `match[]` selectors of a `/federate` scrape: one exact name per record, so per-node
 * series (`plumb:node_state:info`) never travel upwards. Default: the global tier's.
 */
export function federationMatchers(records: readonly string[] = FEDERATED_RECORDS): string[] {
  return records.map((name) => `{__name__="${name}"}`);
}

/**
 * `plumb_config_info` with node labels joined at query time, for readers that need both
 * (no recorded copy exists since v9). `config` and `node` are matcher lists without
 * braces, e.g. `workload="x"` and `region=~"$region"`. To count the nodes of a workload,
 * read `plumb:node_workload:info` instead.
 */
export function configInfoWithNodeLabels(config = '', node = ''): string {
  return `(${METRIC.configInfo}{${config}} * on (instance) group_left (${NODE_METADATA_LABELS.join(', ')}) ${RECORD.nodeInfoLast}{${node}})`;
}
