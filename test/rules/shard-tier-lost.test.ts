/**
 * A shard whose regional tier goes away: the shard count it federated back goes stale, and
 * the shard decides the region-wide alerts from its own nodes again (a breaker that opens
 * too easily, the safe direction) instead of staying silent while nobody decides. Real
 * promtool, the level-1 rules compiled from the rules-test spec.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileModel, RULE_FILE } from '@plumb/core/compile/compile';
import { ALERT, RECORD } from '@plumb/core/contract';
import { loadSpecFile } from '@plumb/io';
import { healthyNode, labels, observed, SPEC_FILE, TEST_SALT, type InputSeries, type TestNode } from './harness';
import { promtoolQuery } from './promtool-query';

const loaded = loadSpecFile(SPEC_FILE);
if (!loaded.ok) throw new Error('rules-test spec must load');
const dir = mkdtempSync(join(tmpdir(), 'plumb-shard-tier-lost-'));
const level1 = join(dir, RULE_FILE);
writeFileSync(level1, compileModel(loaded.model, TEST_SALT, SPEC_FILE).files[RULE_FILE] ?? '');

const MINUTES = 20;
/** Three spark-batch nodes of one pool, all drifted (4g, the spec wants 8g): widespread on any Prometheus that sees them. */
const nodes: TestNode[] = ['s1', 's2', 's3'].map((name) => ({ name, region: 'eu-west-1', pool: 'a' }));
const fleet: InputSeries[] = nodes.flatMap((n) => [
  ...healthyNode(n, MINUTES),
  ...observed(n, 'spark-batch', 'spark.executor.memory', '4g', { values: `1x${MINUTES}` }),
  ...observed(n, 'spark-batch', 'spark.eventLog.enabled', true, { type: 'bool', values: `1x${MINUTES}` }),
]);
/** The tier's shard count, federated back until minute 4, then the tier is gone. */
const shardCount: InputSeries = {
  series: labels(RECORD.regionShardsCount, { region: 'eu-west-1', instance: 'tier:9090', job: 'federate-tier' }),
  values: '2x4',
};
const widespread = `ALERTS{alertname="${ALERT.widespreadDrift}", alertstate="firing"}`;

describe('a shard that loses its regional tier', () => {
  it('stays silent while the tier decides, and fires its own widespread alert once the shard count is stale', async () => {
    expect(await promtoolQuery([level1], [...fleet, shardCount], widespread, '3m')).toEqual([]);
    const after = await promtoolQuery([level1], [...fleet, shardCount], widespread, '15m');
    expect(after.map((a) => [a.labels.region, a.labels.pool, a.labels.dimension])).toEqual([['eu-west-1', 'a', 'spark.executor.memory']]);
    // Without the shard count at all (an unsharded region) it fires from the start.
    expect(await promtoolQuery([level1], fleet, widespread, '3m')).toHaveLength(1);
  }, 120_000);
});
