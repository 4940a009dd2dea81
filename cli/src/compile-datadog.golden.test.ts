/**
 * Golden files of the Datadog target: the real CLI (`plumb compile --target datadog`)
 * over every `core/testdata/in-*.yaml` (goldens in `core/testdata/out-<name>/datadog/`)
 * and the example spec (goldens in `deploy/datadog/`, the files an operator installs).
 * `UPDATE_GOLDEN=1` rewrites them.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DATADOG_AGENT_CONF_FILE, DATADOG_AUTODISCOVERY_FILE, DATADOG_GENERATED, DATADOG_MONITORS_FILE } from '@plumb/core/compile/datadog/render';
import { GENERATED_HEADER } from '@plumb/core/compile/render';

const run = promisify(execFile);
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const TESTDATA = 'core/testdata';
const FILES = [DATADOG_MONITORS_FILE, DATADOG_AGENT_CONF_FILE, DATADOG_AUTODISCOVERY_FILE];

const inputs = [
  ...readdirSync(TESTDATA)
    .filter((f) => /^in-.*\.yaml$/.test(f))
    .sort()
    .map((f) => ({ spec: `${TESTDATA}/${f}`, out: `${TESTDATA}/out-${f.slice(3, -5)}/datadog` })),
  { spec: 'examples/paywave/desired-state.yaml', out: 'deploy/datadog' },
];

describe('plumb compile --target datadog golden files', () => {
  it.each(inputs)('$spec compiles to the Datadog files in $out.', async ({ spec, out }) => {
    const dir = mkdtempSync(join(tmpdir(), 'plumb-dd-golden-'));
    await run('node', ['cli/bin/plumb.mjs', 'compile', spec, '--target', 'datadog', '--out', dir], { timeout: 60_000 });
    for (const name of FILES) {
      const text = readFileSync(join(dir, name), 'utf8');
      expect(name.endsWith('.json') ? (JSON.parse(text) as { generated: string }).generated : text.split('\n')[0]).toBe(
        name.endsWith('.json') ? DATADOG_GENERATED : GENERATED_HEADER,
      );
      const golden = join(out, name);
      if (UPDATE || !existsSync(golden)) {
        if (!UPDATE) throw new Error(`missing golden ${golden}; run with UPDATE_GOLDEN=1`);
        mkdirSync(dirname(golden), { recursive: true });
        writeFileSync(golden, text);
      }
      expect(text, `${golden} differs; run with UPDATE_GOLDEN=1 if the change is intended`).toBe(readFileSync(golden, 'utf8'));
    }
  });

  it('The Helm snippet in deploy/datadog/README.md is the generated annotation.', () => {
    const annotations = parse(readFileSync(join('deploy/datadog', DATADOG_AUTODISCOVERY_FILE), 'utf8')) as { podAnnotations: Record<string, string> };
    const readme = readFileSync('deploy/datadog/README.md', 'utf8');
    for (const [key, value] of Object.entries(annotations.podAnnotations)) expect(readme).toContain(`    ${key}: |\n      ${value}\n`);
  });

  it('The Datadog target needs no salt and never writes one.', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plumb-dd-nosalt-'));
    const { stdout } = await run(
      'node',
      ['cli/bin/plumb.mjs', 'compile', 'examples/paywave/desired-state.yaml', '--target', 'datadog', '--out', dir, '--json'],
      { timeout: 60_000, env: { ...process.env, PLUMB_SALT: '' } },
    );
    expect((JSON.parse(stdout) as { ok: boolean }).ok).toBe(true);
  });
});
