/** The exporter's own renderers, used for every simulated node. */
import { createNodeRenderer } from '@plumb/exporter/metrics/render';
import type { Renderers } from './server';

export async function exporterRenderers(spec = 'paywave'): Promise<Renderers> {
  const renderer = createNodeRenderer({ version: 'sim', spec });
  // A NodeState holds only hashes and exposable values, so it is already the redacted view.
  return { metrics: (state) => renderer.render(state), state: (state) => state };
}
