/**
 * The exporter's state machine: one collection turns the host (and the extra
 * collectors) into a `NodeState`, folds collector outcomes and hash changes in,
 * logs failures without values and hands change events to the sink. Scrapes and
 * `/state` read `current()`; they never collect.
 */
import { CollectorBook } from '../collect/collector-book';
import { attributeEmrSteps } from '../collect/emr-steps';
import { collectHost, type CollectHostOptions } from '../collect/host';
import type { Model } from '@plumb/core/spec/model';
import { summariseDrift, type DimensionFlag } from '@plumb/core/evaluate/drift-summary';
import { buildCheckReport } from '@plumb/core/evaluate/report';
import { sharedSecretHasher } from '@plumb/core/hash/secret-hash';
import { ChangeTracker } from '@plumb/core/state/change-tracker';
import type { ChangeEvent, EventSink } from '@plumb/core/state/events';
import type { NodeIdentity, NodeState } from '@plumb/core/state/types';
import type { Logger } from '../log';

export interface ExporterDeps {
  model: Model;
  /** Host options without identity; identity comes from `identity()` each time. */
  host: Omit<CollectHostOptions, 'identity' | 'now' | 'nodeLabels'>;
  identity: () => NodeIdentity;
  nodeLabels?: () => Record<string, string> | undefined;
  sink: EventSink<ChangeEvent>;
  logger: Logger;
  now?: () => number;
}

export interface Exporter {
  collect(): Promise<NodeState>;
  current(): NodeState | undefined;
  /** Increases with every collection; lets HTTP handlers cache rendered output. */
  version(): number;
}

export function createExporter(deps: ExporterDeps): Exporter {
  const now = deps.now ?? Date.now;
  const book = new CollectorBook();
  const startedAtMs = now();
  // Stable for the life of the process: a new value tells Prometheus the exporter restarted.
  const startedAtSeconds = Math.floor(startedAtMs / 1000);
  const tracker = new ChangeTracker(startedAtMs);
  let state: NodeState | undefined;
  let previousCollectionMs: number | undefined;
  let version = 0;
  let everDrifted: ReadonlyMap<string, DimensionFlag> = new Map();
  return {
    current: () => state,
    version: () => version,
    async collect() {
      const identity = deps.identity();
      const nodeLabels = deps.nodeLabels?.();
      const collection = await collectHost(deps.model, { ...deps.host, identity, now, ...(nodeLabels ? { nodeLabels } : {}) });
      const nowMs = now();
      const collectors = book.record(collection.runs, Math.floor(nowMs / 1000));
      // On EMR, a change seen since the previous collection belongs to the step that ran meanwhile.
      if (previousCollectionMs !== undefined) await attributeEmrSteps(collection.observations, deps.host.root ?? '/', previousCollectionMs, nowMs);
      previousCollectionMs = nowMs;
      const { changes, events } = tracker.update(identity, collection.observations, nowMs);
      for (const run of collection.runs) {
        if (!run.success) deps.logger.log('warn', 'collector failed', { collector: run.collector, errors: run.errors });
      }
      const report = buildCheckReport({
        model: deps.model,
        at: { node: identity.node, region: identity.region, instanceType: identity.instanceType, pool: identity.pool },
        workloads: collection.workloads,
        canonical: collection.canonical,
        collectors: collection.runs,
        nowSeconds: Math.floor(nowMs / 1000),
        hash: sharedSecretHasher(deps.host.salt, deps.model.settings.hashLength),
      });
      const summarised = summariseDrift(report, everDrifted);
      everDrifted = summarised.everDrifted;
      state = {
        identity,
        observations: collection.observations,
        collectors,
        changes,
        partial: collection.runs.some((r) => !r.success),
        collectedAtSeconds: Math.floor(nowMs / 1000),
        startedAtSeconds,
        drift: summarised.summary,
      };
      version += 1;
      if (events.length > 0) {
        try {
          await deps.sink.write(events);
        } catch (err) {
          deps.logger.log('error', 'change sink failed', { events: events.length, fault: (err as { code?: string }).code ?? (err as Error).name });
        }
      }
      return state;
    },
  };
}
