/** Public surface of @plumb/exporter: rendering from a state object, for the fleet simulator and tests. */
export { METRIC_FAMILIES, type MetricFamily, type RenderContext, type Sample } from './metrics/families';
export { createExporterRegistry } from './metrics/registry';
export { createNodeRenderer, renderNodeState, type NodeRenderer } from './metrics/render';
export { stateView, type StateView } from './http/state-view';
export { createJsonLinesSink } from './sinks/stdout';
export { main } from './main';
