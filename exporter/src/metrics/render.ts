/**
 * Rendering a `NodeState` to Prometheus text without a host: the fleet simulator
 * renders thousands of nodes in one process through the very registry code the
 * exporter serves. One registry is reused and renders run one at a time, since
 * the registry reads a single "current" state.
 */
import type { NodeState } from '@plumb/core/state/types';
import type { RenderContext } from './families';
import { createExporterRegistry } from './registry';

export interface NodeRenderer {
  /** Prometheus text exposition of `state`. */
  render(state: NodeState): Promise<string>;
  contentType: string;
}

/** A renderer with its own registry; keep one per process (or per worker). */
export function createNodeRenderer(ctx: RenderContext): NodeRenderer {
  let current: NodeState | undefined;
  const registry = createExporterRegistry(() => current, ctx);
  let queue: Promise<unknown> = Promise.resolve();
  return {
    contentType: registry.contentType,
    render(state) {
      const next = queue.then(async () => {
        current = state;
        try {
          return await registry.metrics();
        } finally {
          current = undefined;
        }
      });
      queue = next.catch(() => undefined);
      return next;
    },
  };
}

const shared = new Map<string, NodeRenderer>();

/** Renders one node's state; renderers are cached per (version, spec). */
export function renderNodeState(state: NodeState, ctx: RenderContext): Promise<string> {
  const key = `${ctx.version}\0${ctx.spec}`;
  let renderer = shared.get(key);
  if (!renderer) shared.set(key, (renderer = createNodeRenderer(ctx)));
  return renderer.render(state);
}
