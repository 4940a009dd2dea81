/**
 * The exporter's dedicated prom-client Registry. Every metric computes its values
 * in `collect()` from the last collection, so a scrape never collects anything.
 */
import { Counter, Gauge, Registry } from 'prom-client';
import { METRIC } from '@plumb/core/contract';
import type { NodeState } from '@plumb/core/state/types';
import { METRIC_FAMILIES, type RenderContext } from './families';

/**
 * Creates a Registry whose metrics read `getState()` at scrape time. When it
 * returns undefined (no collection yet) only build info and `plumb_report_partial 1` are exposed.
 */
export function createExporterRegistry(getState: () => NodeState | undefined, ctx: RenderContext): Registry {
  const registry = new Registry();
  for (const family of METRIC_FAMILIES) {
    const config = {
      name: family.name,
      help: family.help,
      labelNames: family.labelNames as string[],
      registers: [registry],
      collect(this: Gauge | Counter) {
        this.reset();
        // prom-client gives a label-less gauge a default 0; only the family table decides
        // what is rendered (a start time of 0 before the first collection would read as a restart).
        if (family.labelNames.length === 0) this.remove({});
        const state = getState();
        if (state === undefined) {
          // Before the first collection nothing is known: the report is partial, never compliant.
          if (family.name === METRIC.reportPartial) (this as Gauge).set(1);
          if (family.name !== METRIC.exporterBuildInfo) return;
        }
        for (const s of family.samples(state as NodeState, ctx)) {
          if (this instanceof Counter) this.inc(s.labels, s.value);
          else this.set(s.labels, s.value);
        }
      },
    };
    if (family.type === 'counter') new Counter(config);
    else new Gauge(config);
  }
  return registry;
}
