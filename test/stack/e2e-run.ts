/**
 * The e2e scenario on the local stack, as both stack e2e tests run it: the example spec,
 * 2 s scrape and evaluation intervals, --fast, stopping once every expectation is decided.
 */
import { join, resolve } from 'node:path';
import { exporterRenderers } from '@plumb/sim/renderers';
import { loadScenario } from '@plumb/sim/scenario';
import { runScenario, type RunReport } from '@plumb/sim/stack/run';
import { startStack, type Stack } from '@plumb/sim/stack/stack';

export const repoRoot = resolve(import.meta.dirname, '../..');

/** Starts the stack in `workDir` and runs the scenario; `onStarted` gets the stack before the run, so a failing run still stops it. */
export async function runE2eStack(
  workDir: string,
  o: { durationSeconds: number; shards?: number; onStarted: (stack: Stack) => void },
): Promise<{ stack: Stack; report: RunReport }> {
  const stack = await startStack({
    repoRoot,
    workDir,
    specPath: join(repoRoot, 'examples/paywave/desired-state.yaml'),
    scenario: loadScenario(join(repoRoot, 'sim/scenarios/e2e.yaml')),
    scrapeInterval: '2s',
    evaluationInterval: '2s',
    fast: true,
    ...(o.shards !== undefined ? { shards: o.shards } : {}),
    renderers: await exporterRenderers(),
    log: () => undefined,
  });
  o.onStarted(stack);
  const report = await runScenario(stack, {
    workDir,
    durationSeconds: o.durationSeconds,
    pollEveryMs: 1000,
    summaryEveryMs: 1e9,
    stopWhenSatisfied: true,
    settleSeconds: 60,
    log: () => undefined,
  });
  return { stack, report };
}
