/**
 * Plumb's alerts on its own health, as the chart ships them: promtool check rules and promtool
 * test rules (Debian's Prometheus 2.42) over deploy/helm/plumb/files/self-monitoring.rules.yaml,
 * every alert with a runbook section, and the chart's PrometheusRule carrying exactly these groups.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CHART_DIR, renderChart } from '../support/helm';
import { promtool } from '../support/promtool';
import { compiledRulesFile, EXAMPLE_SPEC, KUBE_VERSION_FLAG, PRODUCTION_VALUES } from './chart-values';

const REPO = resolve(import.meta.dirname, '../..');
const RULES = join(CHART_DIR, 'files/self-monitoring.rules.yaml');
type Rule = { alert?: string; record?: string; annotations?: Record<string, string> };
const rules = (parse(readFileSync(RULES, 'utf8')) as { groups: { rules: Rule[] }[] }).groups.flatMap((g) => g.rules);

describe('self-monitoring alerts', () => {
  it('promtool check rules accepts the rule file.', () => {
    const r = promtool('promtool', ['check', 'rules', RULES]);
    expect(r.output).toContain('SUCCESS');
  });

  it('promtool test rules: each alert fires when and only when its condition holds long enough.', () => {
    const dir = mkdtempSync(join(tmpdir(), 'plumb-self-'));
    const test = join(dir, 'self.test.yaml');
    writeFileSync(test, readFileSync(join(REPO, 'test/deploy/self-monitoring.promtool.yaml'), 'utf8').replace('RULES_FILE', RULES));
    const r = promtool('promtool', ['test', 'rules', test]);
    expect(r.output).toContain('SUCCESS');
    expect(r.ok).toBe(true);
  });

  it('Every alert links a runbook section that exists in docs/runbooks.md.', () => {
    const runbooks = readFileSync(join(REPO, 'docs/runbooks.md'), 'utf8');
    const alerts = rules.filter((r) => r.alert !== undefined);
    expect(alerts.length).toBeGreaterThanOrEqual(5);
    for (const a of alerts) {
      expect(a.annotations?.runbook_url, a.alert).toBe(`https://plumb.dev/docs/runbooks#${(a.alert as string).toLowerCase()}`);
      expect(runbooks, a.alert).toMatch(new RegExp(`^## ${a.alert}$`, 'm'));
    }
  });

  it('The chart ships exactly these groups in a PrometheusRule with the release label.', () => {
    const r = renderChart(PRODUCTION_VALUES, {
      setFiles: { 'spec.content': EXAMPLE_SPEC, 'prometheusRule.rules': compiledRulesFile() },
      extra: KUBE_VERSION_FLAG,
    });
    if (!r.ok) throw new Error(r.error);
    const self = r.objects.find((o) => o.kind === 'PrometheusRule' && o.metadata.name === 'plumb-self') as unknown as {
      metadata: { labels: Record<string, string> };
      spec: { groups: unknown };
    };
    expect(self.metadata.labels.release).toBe('kps-prod');
    expect(self.spec.groups).toEqual((parse(readFileSync(RULES, 'utf8')) as { groups: unknown }).groups);
  });
});
