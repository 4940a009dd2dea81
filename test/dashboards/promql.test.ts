/**
 * Every panel query of every generated dashboard, run against a real Prometheus loaded
 * with the simulated fleet (rules compiled from the spec) and scraping the real
 * remediation handler: each must succeed and return at least one series.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHandler, type TestHandler } from '../plugin/support/handler';
import { instant, PAYWAVE_SPEC, startFleetPrometheus, waitFor, type FleetPrometheus } from '../plugin/support/prometheus';

const DIR = resolve(import.meta.dirname, '../../dashboards/generated/dashboards');

/** Grafana's variables as a user with every filter on "All" would send them. */
export function interpolate(expr: string): string {
  return expr
    .replace(/\$(region|workload|severity)\b/g, '.*')
    .replace(/\$__rate_interval/g, '5m')
    .replace(/\$__interval/g, '1m');
}

const queries = readdirSync(DIR)
  .sort()
  .flatMap((file) => {
    type Panel = { title?: string; targets?: { expr?: string }[]; panels?: Panel[] };
    const doc = JSON.parse(readFileSync(join(DIR, file), 'utf8')) as { panels?: Panel[] };
    // Panels of collapsed rows sit inside the row.
    const panels = (doc.panels ?? []).flatMap((p) => [p, ...(p.panels ?? [])]);
    return panels.flatMap((p) => (p.targets ?? []).filter((t) => t.expr).map((t) => ({ name: `${file} › ${p.title}`, expr: t.expr! })));
  });

/**
 * The example spec plus an exception for one node's injected time-zone drift, so the
 * excepted-drift panel has a series (the example's own exception matches no test node).
 */
function specWithNodeException(): string {
  const text = readFileSync(PAYWAVE_SPEC, 'utf8').replace(
    /^exceptions:\n/m,
    [
      'exceptions:',
      '  - dimension: spark.sql.session.timeZone',
      '    workload: spark-batch',
      '    node: spark-batch-eu-west-1-00',
      "    expiresAt: '2027-01-31T00:00:00Z'",
      '    ticket: CHG-5001',
      '    approvedBy: dana.lee@paywave.example',
      "    approvedAt: '2026-11-02T09:00:00Z'",
      '    reason: Ledger replay in New York time until the migration.',
      '',
    ].join('\n'),
  );
  const path = join(mkdtempSync(join(tmpdir(), 'plumb-dash-spec-')), 'desired-state.yaml');
  writeFileSync(path, text);
  return path;
}

let prom: FleetPrometheus;
let hooks: TestHandler;
beforeAll(async () => {
  hooks = await startTestHandler('http://127.0.0.1:9');
  prom = await startFleetPrometheus(specWithNodeException(), [{ job: 'plumb-hooks', target: new URL(hooks.handler.url).host }]);
  await waitFor(
    async () => (await instant(prom.url, 'plumb_hooks_leader')).length > 0,
    30_000,
    () => 'handler not scraped',
  );
  await hooks.raiseDrift([{ node: 'spark-batch-us-east-1-00', region: 'us-east-1', workload: 'spark-batch', dimension: 'spark.sql.session.timeZone' }]);
  // Counters with labels appear at their first increment; increase() needs two scrapes of them.
  await waitFor(
    async () =>
      (await instant(prom.url, 'count_over_time(plumb_hooks_decisions_total[5m]) >= 2 and on () count_over_time(plumb_hooks_webhook_requests_total[5m]) >= 2'))
        .length > 0,
    60_000,
    () => 'webhook not seen in metrics',
  );
}, 180_000);
afterAll(async () => {
  await prom?.stop();
  await hooks?.stop();
});

describe('dashboard queries against the simulated fleet', () => {
  it('found the queries of all four dashboards.', () => {
    expect(new Set(queries.map((q) => q.name.split(' › ')[0]))).toEqual(
      new Set(['drift-by-dimension.json', 'fleet-overview.json', 'impact-symptoms.json', 'remediation.json']),
    );
  });
  it.each(queries)('$name returns data.', async ({ expr }) => {
    const result = await instant(prom.url, interpolate(expr));
    expect(result.length).toBeGreaterThan(0);
  });
});
