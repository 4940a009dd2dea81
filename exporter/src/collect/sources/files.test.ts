import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpecFile } from '@plumb/io';
import { filesCollector } from './files';

const example = loadSpecFile('examples/paywave/desired-state.yaml');

function rootWith(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'plumb-files-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

async function timeZoneReadings(root: string): Promise<string[]> {
  if (!example.ok) throw new Error('the example spec does not load');
  const out = await filesCollector.collect({ model: example.model, root, env: {}, runCommands: false, commandTimeoutMs: 1000, commandCacheMs: 0 });
  return out.readings.filter((r) => r.rule.key === 'spark.sql.session.timeZone').map((r) => `${r.rule.workload}=${String(r.value)}@${r.source}`);
}

describe("the example spec's Spark config on each platform", () => {
  it.each([
    { name: 'An EKS Spark image keeps it in /opt/spark/conf.', path: '/opt/spark/conf/spark-defaults.conf' },
    { name: 'EMR keeps it in /etc/spark/conf.', path: '/etc/spark/conf/spark-defaults.conf' },
    { name: 'EMR also exposes it as /usr/lib/spark/conf.', path: '/usr/lib/spark/conf/spark-defaults.conf' },
  ])('$name', async ({ path }) => {
    const root = rootWith({ [path]: 'spark.sql.session.timeZone  UTC\n' });
    expect(await timeZoneReadings(root)).toContain(`spark-batch=UTC@file:${path}`);
  });

  it('The first path that exists wins.', async () => {
    const root = rootWith({
      '/opt/spark/conf/spark-defaults.conf': 'spark.sql.session.timeZone  UTC\n',
      '/etc/spark/conf/spark-defaults.conf': 'spark.sql.session.timeZone  PST\n',
    });
    expect(await timeZoneReadings(root)).toContain('spark-batch=UTC@file:/opt/spark/conf/spark-defaults.conf');
  });
});
