/**
 * The workload record keeps, per node, a bitmask of the required dimensions it reports, in
 * parts of 52 (what a float64 holds exactly); the absence rule decodes it. A workload with
 * more required dimensions than one part, every node shape the parts can take, through the
 * real `promtool test rules` and the whole compiled rule file: each missing dimension is
 * flagged, and nothing else.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { BITS_PER_PART } from '@plumb/core/compile/required-dimensions';
import {
  compileSpecRules,
  healthyNode,
  inst,
  JOB,
  labels,
  observed,
  promtoolTest,
  SPEC_FILE,
  type InputSeries,
  type TestNode,
  withCollectorStatus,
} from './harness';

const W = 'wide';
/** One more than a part and a bit, so part "1" has several dimensions. */
const COUNT = BITS_PER_PART + 8;
const KEYS = Array.from({ length: COUNT }, (_, i) => `d${String(i).padStart(2, '0')}`);
const OPTIONAL = 'z.optional';

/** The rules-test spec with one more workload, `wide`, of COUNT required dimensions and one optional. */
function wideSpec(): string {
  const spec = parse(readFileSync(SPEC_FILE, 'utf8')) as { workloads: unknown[]; dimensions: unknown[] };
  spec.workloads.push({ name: W, match: { podLabels: { app: W } } });
  for (const key of [...KEYS, OPTIONAL])
    spec.dimensions.push({
      key,
      workloads: [W],
      source: { kind: 'env', name: key.toUpperCase().replace('.', '_') },
      severity: 'info',
      ...(key === OPTIONAL ? { optional: true } : {}),
      expect: { equals: 'x' },
    });
  const file = join(mkdtempSync(join(tmpdir(), 'plumb-wide-')), 'spec.yaml');
  writeFileSync(file, stringify(spec));
  return file;
}

const node = (name: string): TestNode => ({ name, region: 'us-east-1' });
const reports = (n: TestNode, keys: readonly string[]): InputSeries[] => [
  ...healthyNode(n, 20),
  ...keys.flatMap((k) => observed(n, W, k, 'x', { values: '1x20' })),
];
const except = (...left: string[]) => KEYS.filter((k) => !left.includes(k));

describe('absence decoded from the bitmask of each part', () => {
  let rules: string;
  beforeAll(() => {
    rules = compileSpecRules(wideSpec());
  });

  it('A node is missing exactly the dimensions its masks lack: the lowest and highest bit of each part, a whole part, all but one, and none with two pods reporting one dimension; a node whose collector failed is unknown for them instead.', async () => {
    const last = KEYS[COUNT - 1] ?? '';
    const complete = node('complete');
    const holes = node('holes');
    const firstPart = node('first-part-only');
    const oneOfSecond = node('one-of-second-part');
    const twoPods = node('two-pods');
    const optionalOnly = node('optional-only');
    const failed = node('collector-failed');
    const holed = ['d00', `d${BITS_PER_PART - 1}`, `d${BITS_PER_PART}`, last];
    const input = [
      ...reports(complete, KEYS),
      ...reports(holes, except(...holed)),
      ...reports(firstPart, KEYS.slice(0, BITS_PER_PART)),
      ...reports(oneOfSecond, [`d${BITS_PER_PART + 3}`]),
      ...reports(twoPods, KEYS),
      // A second pod of the same workload reports d07 with another hash.
      { series: labels('plumb_config_info', { instance: inst(twoPods), job: JOB, workload: W, dimension: 'd07', hash: 'pod2' }), values: '1x20' },
      ...reports(optionalOnly, []),
      ...observed(optionalOnly, W, OPTIONAL, 'x', { values: '1x20' }),
      // A collector failed: what it lacks (a whole part here) is unknown, not missing.
      ...withCollectorStatus(reports(failed, KEYS.slice(0, BITS_PER_PART)), '0x20'),
    ];
    const missing = `plumb:config_drift:info{workload="${W}", reason="missing"}`;
    const result = await promtoolTest(rules, {
      input_series: input,
      promql_expr_test: [
        {
          expr: `count by (node) (${missing})`,
          eval_time: '10m',
          exp_samples: [
            { labels: `{node="${holes.name}"}`, value: holed.length },
            { labels: `{node="${firstPart.name}"}`, value: COUNT - BITS_PER_PART },
            { labels: `{node="${oneOfSecond.name}"}`, value: COUNT - 1 },
            { labels: `{node="${optionalOnly.name}"}`, value: COUNT },
          ],
        },
        {
          expr: `count by (dimension) (${missing.replace('}', `, node="${holes.name}"}`)})`,
          eval_time: '10m',
          exp_samples: holed.map((d) => ({ labels: `{dimension="${d}"}`, value: 1 })),
        },
        {
          expr: `count by (node) (plumb:config_unknown:info{workload="${W}"})`,
          eval_time: '10m',
          exp_samples: [{ labels: `{node="${failed.name}"}`, value: COUNT - BITS_PER_PART }],
        },
      ],
    });
    expect(result.output).toContain('SUCCESS');
    expect(result.ok).toBe(true);
  });
});
