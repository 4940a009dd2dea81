/**
 * Schema truth: every generated monitor validates against the `Monitor` schema of
 * Datadog's v1 OpenAPI spec (datadog-api-client 2.62.0 from PyPI, sha256-pinned in
 * scripts/datadog/install.sh), with unknown fields forbidden at every level.
 */
import { readdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileDatadogMonitors } from '@plumb/core/compile/datadog/monitors';
import { loadSpecFile } from '@plumb/io';
import { DATADOG_API_CLIENT_VERSION } from '../support/datadog';
import { strictSchema, type SchemaCheck } from '../support/datadog-openapi';

const SPECS = [
  'examples/paywave/desired-state.yaml',
  'test/datadog/spec.yaml',
  ...readdirSync('core/testdata')
    .filter((f) => /^in-.*\.yaml$/.test(f))
    .map((f) => `core/testdata/${f}`),
];

let monitor: SchemaCheck;
beforeAll(() => {
  monitor = strictSchema('Monitor');
}, 600_000);

function monitorsOf(spec: string) {
  const loaded = loadSpecFile(spec);
  if (!loaded.ok) throw new Error(`${spec} does not load`);
  return compileDatadogMonitors(loaded.model, { webhook: 'plumb-hooks' }).monitors;
}

describe(`Datadog Monitor schema (datadog-api-client ${DATADOG_API_CLIENT_VERSION})`, () => {
  it.each(SPECS)('Every monitor compiled from %s validates with unknown fields forbidden.', (spec) => {
    const monitors = monitorsOf(spec);
    expect(monitors.length).toBeGreaterThan(0);
    for (const m of monitors) expect(monitor.validate(m), m.name).toEqual([]);
  });

  it.each([
    [
      'a misplaced top-level thresholds field',
      (m: Record<string, unknown>) => ({ ...m, thresholds: { critical: 1 } }),
      /must NOT have additional properties: thresholds/,
    ],
    [
      'an unknown option nested in options',
      (m: Record<string, unknown>) => ({ ...m, options: { ...(m.options as object), renotify: 30 } }),
      /\/options must NOT have additional properties: renotify/,
    ],
    ['an unknown monitor type', (m: Record<string, unknown>) => ({ ...m, type: 'prometheus alert' }), /\/type must be equal to one of the allowed values/],
    ['a missing query', ({ query: _q, ...m }: Record<string, unknown>) => m, /must have required property 'query'/],
  ])('The strict schema rejects %s (the check can fail).', (_name, mutate, expected) => {
    const m = monitorsOf('test/datadog/spec.yaml')[0] as unknown as Record<string, unknown>;
    expect(monitor.validate(mutate(m)).join('\n')).toMatch(expected);
  });
});
