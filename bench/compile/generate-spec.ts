/**
 * A large synthetic spec: `workloads` workload types × `dimensions` dimensions each,
 * cycling through every expectation kind, with allowances and exceptions sprinkled in.
 */
import { stringify } from 'yaml';

const KINDS = ['equals', 'oneOf', 'range', 'version', 'consistency'] as const;
const SEVERITIES = ['info', 'sla-risk', 'correctness-risk'] as const;

function dimension(w: string, i: number): Record<string, unknown> {
  const kind = KINDS[i % KINDS.length] as (typeof KINDS)[number];
  const key = `${w}.setting_${String(i).padStart(3, '0')}`;
  const base = { key, workloads: [w], source: { kind: 'env', name: key.toUpperCase().replace(/[^A-Z0-9]/g, '_') }, severity: SEVERITIES[i % 3] };
  switch (kind) {
    case 'equals':
      return {
        ...base,
        expose: true,
        expect: { equals: `value-${i}` },
        allow: i % 10 === 0 ? [{ where: { region: 'eu-west-1' }, equals: `eu-value-${i}` }] : [],
      };
    case 'oneOf':
      return { ...base, type: 'number', expose: true, expect: { oneOf: [i, i * 2] } };
    case 'range':
      return {
        ...base,
        type: 'number',
        expose: true,
        expect: { range: { min: i, max: i * 100 } },
        allow: [{ where: { instanceType: 'r6i.8xlarge' }, range: { min: 1, max: i * 200 } }],
      };
    case 'version':
      return { ...base, type: 'version', expose: true, expect: { version: `${i % 20}\\.\\d+\\.\\d+` } };
    case 'consistency':
      return { ...base, expect: { consistency: { by: ['region'] } } };
  }
}

/** The spec as a plain object, ready to be written as YAML. */
export function generateSpec(workloads: number, dimensions: number): Record<string, unknown> {
  const names = Array.from({ length: workloads }, (_, i) => `workload-${i}`);
  return {
    apiVersion: 'plumb/v1',
    kind: 'DesiredState',
    metadata: { name: 'bench' },
    settings: { salt: { env: 'PLUMB_BENCH_SALT' }, exceptionPolicy: { approvers: ['bench@example.com'], maxLifetime: '3650d' } },
    workloads: names.map((name) => ({ name, match: { podLabels: { app: name } } })),
    dimensions: names.flatMap((w) => Array.from({ length: dimensions }, (_, i) => dimension(w, i))),
    exceptions: names.map((w) => ({
      dimension: `${w}.setting_000`,
      pool: 'backfill',
      expiresAt: '2030-01-01T00:00:00Z',
      ticket: `CHG-${w}`,
      approvedBy: 'bench@example.com',
    })),
    symptoms: [{ name: 'consumer_lag', query: 'sum by (node) (kafka_lag)', unit: 'messages', worse: 'higher', slo: { threshold: 1000 } }],
  };
}

export function generateSpecYaml(workloads: number, dimensions: number): string {
  return stringify(generateSpec(workloads, dimensions), { lineWidth: 0 });
}
