/**
 * The discovery identity reaches the drift alert: the scrape configuration sets `sd_*`
 * target labels on every series of an exporter's target, and the compiled rules carry them
 * to `PlumbConfigDrift` next to what the exporter says about itself. An exporter on node A
 * claiming to be node B yields an alert with `node="node-b"` and `sd_node="node-a"`, which
 * the handler refuses (test/hooks/identity.test.ts). Real `promtool test rules`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { compileTestRules, driftSeries, healthyNode, observed, promtoolTest, type InputSeries, type TestNode } from './harness';

const TZ = 'spark.sql.session.timeZone';
const CORRECTNESS = { severity: 'correctness-risk', playbook: 'quarantine', approval: 'required' };
/** What `plumb scrape-config` sets from Kubernetes discovery on the target of the exporter pod on node-a. */
const TARGET = { sd_node: 'node-a', sd_region: 'us-east-1', sd_platform: 'k8s' };

/** Adds the target labels to every series, as Prometheus does at scrape time. */
const onTarget = (series: InputSeries[]): InputSeries[] =>
  series.map((s) => ({
    ...s,
    series: s.series.replace(
      /}$/,
      `, ${Object.entries(TARGET)
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(', ')}}`,
    ),
  }));

/** Label map of an expected drift series, from its `{…}` text. */
const labelMap = (series: string): Record<string, string> =>
  Object.fromEntries(
    series
      .slice(series.indexOf('{') + 1, -1)
      .split(', ')
      .map((kv) => [kv.slice(0, kv.indexOf('=')), JSON.parse(kv.slice(kv.indexOf('=') + 1)) as string]),
  );

describe('discovery identity in the compiled rules', () => {
  let ruleFile = '';
  beforeAll(() => {
    ruleFile = compileTestRules();
  });

  it('A drift alert from an exporter claiming another node carries both its claim (node) and the discovery identity (sd_*).', async () => {
    // The exporter scraped on node-a says it is node-b.
    const claimed: TestNode = { name: 'node-b', region: 'us-east-1' };
    const labels = labelMap(driftSeries(claimed, 'spark-streaming', TZ, 'PST', CORRECTNESS, { expose: true }));
    const result = await promtoolTest(ruleFile, {
      input_series: onTarget([...healthyNode(claimed), ...observed(claimed, 'spark-streaming', TZ, 'PST', { expose: true })]),
      alert_rule_test: [
        {
          eval_time: '10m',
          alertname: 'PlumbConfigDrift',
          exp_alerts: [
            {
              exp_labels: { ...labels, ...TARGET },
              exp_annotations: {
                summary: `correctness-risk drift of spark-streaming/${TZ} on node-b`,
                description: `Node node-b (us-east-1, pool default) runs spark-streaming with ${TZ} hash ${labels.hash}, which rule spark-streaming/${TZ} does not accept. Playbook: quarantine (approval required).`,
                runbook_url: `https://runbooks.test/plumb/spark-streaming/${TZ}`,
              },
            },
          ],
        },
      ],
    });
    expect(result.ok, result.output).toBe(true);
    expect(result.output).toContain('SUCCESS');
  });
});
