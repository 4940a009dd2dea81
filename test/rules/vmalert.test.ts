/**
 * VictoriaMetrics: Debian's vmalert (1.79.5) accepts the rules compiled from every test
 * spec (`plumb compile --target vmalert`), and the chained rules are placed so that it
 * evaluates them right. vmalert runs groups concurrently and the rules of a group one
 * after another, so a rule may read only records written earlier in its own group; the
 * exceptions are reads that are meant to see an earlier evaluation or another tier.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { compileModel } from '@plumb/core/compile/compile';
import { vmalertFiles } from '@plumb/core/compile/vmalert';
import { RECORD } from '@plumb/core/contract';
import { loadSpecFile } from '@plumb/io';
import { TEST_SALT } from './harness';

const run = promisify(execFile);
const SPECS = [
  ...readdirSync('core/testdata')
    .filter((f) => /^in-.*\.yaml$/.test(f))
    .map((f) => `core/testdata/${f}`),
  'core/testdata/rules-tests/spec.yaml',
  'examples/paywave/desired-state.yaml',
];

/**
 * Reads of a record written later in the group (or by the rule itself) that are meant to
 * see the previous evaluation, and records that come from another tier.
 */
const EARLIER_EVALUATION: Record<string, readonly string[]> = {
  // Carries its own last value while the target is down.
  [RECORD.nodeInfoLast]: [RECORD.nodeInfoLast],
  // Runs before the drift rules on purpose: it carries the previous evaluation's drift.
  [RECORD.driftUnknown]: [RECORD.drift, RECORD.driftUnknown],
};
const FROM_ANOTHER_TIER = new Set<string>([RECORD.configHashMode]);

interface Group {
  name: string;
  rules: { record?: string; alert?: string; expr: string }[];
}

/** Records a group's rules read before they are written in that group, as `rule: record`. */
function readsBeforeWritten(groups: Group[], fromBelow: ReadonlySet<string> = new Set()): string[] {
  const problems: string[] = [];
  for (const g of groups) {
    const written = new Set<string>();
    for (const r of g.rules) {
      const name = r.record ?? r.alert ?? '';
      for (const read of new Set(r.expr.match(/\bplumb:[a-z_]+:[a-z_]+\b/g) ?? [])) {
        if (written.has(read) || FROM_ANOTHER_TIER.has(read) || EARLIER_EVALUATION[name]?.includes(read)) continue;
        if (read === name && fromBelow.has(read)) continue;
        if (groups.some((other) => other !== g && other.rules.some((o) => o.record === read))) problems.push(`${g.name}/${name}: ${read} (another group)`);
        else if (g.rules.some((o) => o.record === read)) problems.push(`${g.name}/${name}: ${read} (later in the group)`);
      }
      if (r.record !== undefined) written.add(r.record);
    }
  }
  return problems;
}

describe('vmalert', () => {
  it.each(SPECS)('vmalert -dryRun accepts the rules compiled from %s.', async (spec) => {
    const loaded = loadSpecFile(spec);
    if (!loaded.ok) throw new Error(`${spec} does not load`);
    const dir = mkdtempSync(join(tmpdir(), 'plumb-vmalert-'));
    const files = vmalertFiles(compileModel(loaded.model, TEST_SALT, spec), spec);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const args = ['-dryRun', ...Object.keys(files).map((f) => `-rule=${join(dir, f)}`)];
    const result = await run('vmalert', args, { timeout: 60_000 }).then(
      (r) => ({ ok: true, output: r.stderr + r.stdout }),
      (e: { stderr?: string; stdout?: string; message: string }) => ({ ok: false, output: `${e.stderr ?? ''}${e.stdout ?? e.message}` }),
    );
    expect(result.output, 'vmalert rejected the rules (install it with scripts/setup.sh)').not.toMatch(/\bfatal\b|error/i);
    expect(result.ok).toBe(true);
  });

  it.each(SPECS)('Every chained rule compiled from %s reads only records written before it in its own group.', (spec) => {
    const loaded = loadSpecFile(spec);
    if (!loaded.ok) throw new Error(`${spec} does not load`);
    const out = compileModel(loaded.model, TEST_SALT, spec);
    expect(readsBeforeWritten(out.groups)).toEqual([]);
    // Level 2 sums the shards' series of the very record it writes (`{shard!=""}`).
    const level1 = new Set(out.groups.flatMap((g) => g.rules.flatMap((r) => ('record' in r ? [r.record] : []))));
    expect(readsBeforeWritten(out.globalGroups, level1)).toEqual([]);
  });

  it('The order check catches a rule that reads a record written after it.', () => {
    const groups = [
      {
        name: 'g',
        rules: [
          { record: 'plumb:a:count', expr: 'count(plumb:b:info)' },
          { record: 'plumb:b:info', expr: 'up' },
        ],
      },
    ];
    expect(readsBeforeWritten(groups)).toEqual(['g/plumb:a:count: plumb:b:info (later in the group)']);
  });
});
