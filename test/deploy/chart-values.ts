/** Values and inputs the chart tests render with: the example spec and the rules `plumb compile` makes of it. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const REPO = resolve(import.meta.dirname, '../..');
export const EXAMPLE_SPEC = join(REPO, 'examples/paywave/desired-state.yaml');

/** Compiles the example spec with a test salt; returns the plain rule file's path. */
export function compiledRulesFile(): string {
  const out = mkdtempSync(join(tmpdir(), 'plumb-chart-rules-'));
  execFileSync(process.execPath, [join(REPO, 'cli/bin/plumb.mjs'), 'compile', EXAMPLE_SPEC, '--out', out], {
    env: { ...process.env, PLUMB_SALT: '152c8fb9b3c17d028fdddcbd3b85a2469f84e5cea88c60e1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return join(out, 'plumb-rules.yaml');
}

/** A production-like install: one region, Kafka, the Grafana viewer token, a dashboard. */
export const PRODUCTION_VALUES = {
  region: 'eu-west-1',
  kafka: { brokers: ['b-1.msk.internal:9096', 'b-2.msk.internal:9096'] },
  hooks: {
    secrets: { create: { 'webhook-token': 'test-webhook-token', 'grafana-viewer': 'test-viewer-token' } },
    apiTokens: [{ name: 'grafana-viewer', role: 'viewer' }],
  },
  prometheusRule: { release: 'kps-prod' },
  alertmanager: { alertmanagerConfig: { enabled: true } },
  grafana: { dashboards: { files: { 'fleet-overview.json': '{"title":"Plumb fleet overview","panels":[]}' } } },
};

export const KUBE_VERSION_FLAG = ['--kube-version', '1.37.2'];
