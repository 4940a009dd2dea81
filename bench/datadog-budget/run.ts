/**
 * Datadog custom metrics (contexts) and their monthly cost at list price for a fleet,
 * from the budget formula (core/src/compile/datadog/budget.ts) that the Agent test
 * checks against Datadog's own OpenMetrics check. The fleet is the simulator's PayWave
 * fleet (1,000 nodes: 800 Kubernetes workers, 200 EMR VMs, one workload each plus host).
 *
 *   npx tsx bench/datadog-budget/run.ts [spec] [nodes]
 */
import { contextsPerNode, fleetContexts, LIST_PRICE_USD_PER_100, monthlyCostUsd } from '@plumb/core/compile/datadog/budget';
import { loadSpecFile } from '@plumb/io';
import { buildFleet } from '@plumb/sim/fleet';

const spec = process.argv[2] ?? 'examples/paywave/desired-state.yaml';
const size = Number(process.argv[3] ?? 1000);
const loaded = loadSpecFile(spec);
if (!loaded.ok) throw new Error(`${spec} does not load`);
const model = loaded.model;
const fleet = buildFleet(size, 7);
/** Collectors with a status: files, env, command, runtime, reports, plus kubernetes on k8s nodes. */
const collectors = (platform: string) => (platform === 'k8s' ? 6 : 5);
const CAP_USD = 15_000;

const rows: [string, number][] = [];
for (const drifted of [0, 5]) {
  const contexts = fleetContexts(
    model,
    fleet.map((n) => ({ node: { workloads: n.workloads, collectors: collectors(n.identity.platform), driftedSinceStart: drifted }, count: 1 })),
  );
  rows.push([drifted === 0 ? 'steady state (nothing drifted since start)' : 'bad day (5 dimensions drifted on every node)', contexts]);
}
const perNode = fleet.map((n) => contextsPerNode(model, { workloads: n.workloads, collectors: collectors(n.identity.platform), driftedSinceStart: 0 }));
console.log(`spec ${spec}, ${fleet.length} nodes; contexts per node at steady state: min ${Math.min(...perNode)}, max ${Math.max(...perNode)}`);
console.log(
  `list price: USD ${LIST_PRICE_USD_PER_100} per 100 custom metrics per month, ignoring the per-host allotment (worst case); cap USD ${CAP_USD.toLocaleString('en-US')}/month`,
);
console.log('case'.padEnd(48), 'custom metrics'.padStart(15), 'USD/month'.padStart(10), 'share of cap'.padStart(13));
for (const [name, contexts] of rows) {
  const cost = monthlyCostUsd(contexts);
  console.log(
    name.padEnd(48),
    contexts.toLocaleString('en-US').padStart(15),
    cost.toLocaleString('en-US').padStart(10),
    `${((cost / CAP_USD) * 100).toFixed(1)} %`.padStart(13),
  );
}
// The peer, counted the same way: the exporter's hash series sent as they are, one context per
// (node, workload, dimension, hash). It grows with the dimensions; Plumb's rollups do not.
const hashContexts = fleet.reduce((n, node) => n + model.rules.filter((r) => node.workloads.includes(r.workload)).length, 0);
const line = (name: string, contexts: number) => {
  const cost = monthlyCostUsd(contexts);
  console.log(
    name.padEnd(48),
    contexts.toLocaleString('en-US').padStart(15),
    cost.toLocaleString('en-US').padStart(10),
    `${((cost / CAP_USD) * 100).toFixed(1)} %`.padStart(13),
  );
};
line(`peer: hash series as is (${(hashContexts / fleet.length).toFixed(1)} rules/node)`, hashContexts);
line('peer: hash series at 200 dimensions/node', 200 * fleet.length);
