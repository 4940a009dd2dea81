/**
 * The local evaluator (`plumb check`) and the compiled PromQL must agree. A fleet of
 * nodes in different scopes gets every interesting value of every rule; the evaluator
 * predicts which series drift or miss a required dimension, and the real `promtool test rules` checks that the
 * compiled rules produce exactly those series, before and after an exception expires.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateRule } from '@plumb/core/evaluate/evaluate';
import { canonicalise } from '@plumb/core/hash/canonical';
import { loadSpecFile } from '@plumb/io';
import type { DimensionRule } from '@plumb/core/spec/model';
import { compileTestRules, driftSeries, healthyNode, labels, nodeLabels, observed, promtoolTest, SPEC_FILE, type InputSeries, type TestNode } from './harness';

const loaded = loadSpecFile(SPEC_FILE);
if (!loaded.ok) throw new Error('rules-test spec must load');
const model = loaded.model;
// The fleet below gives each node a value by (node index + rule index); a fixed order (by rule
// id, collated) keeps the node the exception names drifting once the exception expires.
const rules = model.rules.filter((r) => r.check.kind !== 'consistency').sort((a, b) => a.id.localeCompare(b.id));

/** Values worth trying per dimension: expected, allowed somewhere, wrong, not even the right type. */
const VALUES: Record<string, (string | number | boolean)[]> = {
  'spark.sql.session.timeZone': ['UTC', 'PST'],
  SNOWFLAKE_ACCOUNT_URL: ['https://us.snowflake.test', 'https://eu.snowflake.test', 'https://x.test'],
  'fetch.min.bytes': [1048576, 600000, 100, 'lots'],
  'java.version': ['17.0.9', '11.0.2', '117.0.1'],
  'enable.auto.commit': [true, false],
  'spark.executor.memory': ['8g', '4g'],
  'spark.eventLog.enabled': [true, false],
  'spark.ui.port': ['4040', '4041'],
};

const SCOPES: TestNode[] = [
  { name: 'us', region: 'us-east-1' },
  { name: 'eu', region: 'eu-west-1' },
  { name: 'small', region: 'us-east-1', instanceType: 'm6i.large' },
  { name: 'backfill', region: 'us-east-1', pool: 'backfill' },
];
// Three nodes per scope, plus the nodes the spec's node exceptions name.
const NODES: TestNode[] = [
  ...SCOPES.flatMap((s) => [0, 1, 2].map((i) => ({ ...s, name: `${s.name}-${i}` }))),
  { name: 'n2', region: 'us-east-1' },
  { name: 'b-excepted', region: 'us-east-1' },
];

/** Some nodes leave out some spark-batch dimensions (required or optional), but never all of them. */
const leftOut = (rule: DimensionRule, nodeIndex: number, ruleIndex: number) => rule.workload === 'spark-batch' && (nodeIndex + ruleIndex) % 3 === 0;

function valueFor(rule: DimensionRule, nodeIndex: number, ruleIndex: number): string | number | boolean {
  const values = VALUES[rule.key] ?? [];
  return values[(nodeIndex + ruleIndex) % values.length] as string | number | boolean;
}

/** What the exporter does: canonicalise by type, or hash the trimmed text when the value does not fit. */
function typed(rule: DimensionRule, raw: string | number | boolean) {
  const c = canonicalise(raw, rule.type, rule.normalize);
  return c.ok ? { canonical: c.value, type: rule.type } : { canonical: String(raw).trim(), type: 'string' as const };
}

describe('the local evaluator agrees with the compiled rules', () => {
  let ruleFile = '';
  beforeAll(() => {
    ruleFile = compileTestRules();
  });

  /** Input series for the fleet and the drift series the evaluator predicts at `seconds`. */
  function predict(seconds: number): { input: InputSeries[]; expected: string[] } {
    const input: InputSeries[] = NODES.flatMap((n) => healthyNode(n));
    const expected: string[] = [];
    NODES.forEach((node, i) => {
      rules.forEach((rule, j) => {
        const raw = valueFor(rule, i, j);
        const { canonical, type } = typed(rule, raw);
        const scope = { node: node.name, region: node.region, instanceType: node.instanceType ?? 'm6i.xlarge', pool: node.pool ?? 'default' };
        const opts = { nowSeconds: seconds, maxExposedValueLength: model.settings.maxExposedValueLength, reportComplete: true };
        if (leftOut(rule, i, j)) {
          const verdict = evaluateRule(rule, scope, undefined, opts);
          const playbook = { severity: rule.missingSeverity, playbook: rule.missingPlaybook.action, approval: rule.missingPlaybook.approval };
          if (verdict.status === 'missing')
            expected.push(
              labels('plumb:config_drift:info', {
                ...nodeLabels(node),
                workload: rule.workload,
                dimension: rule.key,
                ...playbook,
                rule: rule.id,
                reason: 'missing',
              }),
            );
          return;
        }
        input.push(...observed(node, rule.workload, rule.key, raw, { type, expose: rule.expose }));
        const verdict = evaluateRule(rule, scope, canonical, opts);
        if (verdict.status === 'drift')
          expected.push(
            driftSeries(
              node,
              rule.workload,
              rule.key,
              raw,
              { severity: rule.severity, playbook: rule.playbook.action, approval: rule.playbook.approval },
              { type, expose: rule.expose },
            ),
          );
      });
    });
    return { input, expected };
  }

  it('The fleet exercises the exception expiry: the predictions before and after differ.', () => {
    const before = predict(1200).expected;
    const after = predict(2400).expected;
    expect(after.filter((s) => !before.includes(s)).map((s) => /node="([^"]+)"/.exec(s)?.[1])).toEqual(['n2']);
  });

  it.each([
    { at: '20m', seconds: 1200 },
    { at: '40m', seconds: 2400 },
  ])('At $at, promtool finds exactly the drift the evaluator predicts.', async ({ at, seconds }) => {
    const { input, expected } = predict(seconds);
    expect(expected.length).toBeGreaterThan(5);
    expect(expected.filter((l) => l.includes('reason="missing"')).length).toBeGreaterThan(2);
    const result = await promtoolTest(ruleFile, {
      input_series: input,
      promql_expr_test: [{ expr: 'plumb:config_drift:info', eval_time: at, exp_samples: expected.map((labels) => ({ labels, value: 1 })) }],
    });
    expect(result.ok, result.output).toBe(true);
  });
});
