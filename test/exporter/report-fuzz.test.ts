import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkReport } from '@plumb/exporter/reports/schema';
import { startExporter, type RunningExporter } from './support';

const MARKER = 'PLANTED-FUZZ';
const ALLOWED = new Set([202, 400, 413, 415, 422, 429]);

/** Report-shaped bodies with random fields, so the fuzzer reaches deep into the schema. */
const reportLike = fc.record(
  {
    workload: fc.oneof(fc.constantFrom('dbt-runner', 'spark-streaming', 'airflow-worker'), fc.string()),
    id: fc.oneof(fc.string(), fc.integer()),
    source: fc.oneof(fc.constantFrom('airflow', 'spark', 'dbt'), fc.string()),
    ttlSeconds: fc.oneof(fc.integer(), fc.double()),
    config: fc.dictionary(
      fc.string(),
      fc.oneof(
        fc.string().map((s) => `${MARKER}${s}`),
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.jsonValue(),
      ),
    ),
  },
  { requiredKeys: [] },
);
const anyBody = fc.oneof(
  fc.string(),
  fc.json(),
  reportLike.map((r) => JSON.stringify(r)),
  fc.jsonValue().map((v) => JSON.stringify(v)),
);

describe('POST /v1/report under fuzzing', () => {
  it('The report schema check never throws and its problems never quote a received value.', () => {
    fc.assert(
      fc.property(fc.oneof(reportLike, fc.jsonValue()), (body) => {
        const result = checkReport(body);
        if (!result.ok) expect(result.problems.join('\n')).not.toContain(MARKER);
      }),
      { numRuns: 2_000 },
    );
  });

  describe('over real HTTP', () => {
    let exp: RunningExporter;
    beforeAll(async () => {
      exp = await startExporter({});
    });
    afterAll(async () => {
      expect(await exp.stop()).toBe(0);
    });

    it('Arbitrary bodies get a 2xx or 4xx answer without a received value, and the exporter stays healthy.', async () => {
      await fc.assert(
        fc.asyncProperty(anyBody, async (body) => {
          const res = await fetch(`${exp.url}/v1/report`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
          const text = await res.text();
          expect(ALLOWED.has(res.status)).toBe(true);
          expect(text).not.toContain(MARKER);
        }),
        { numRuns: 300 },
      );
      expect((await fetch(`${exp.url}/healthz`)).status).toBe(200);
      expect(exp.logs.join('\n')).not.toContain(MARKER);
    });

    it('The report store is bounded: past its capacity new reporters get 429, and memory does not grow with them.', async () => {
      const rssBefore = process.memoryUsage().rss;
      const big = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`key.${i}`, 'x'.repeat(100)]));
      const statuses: number[] = [];
      for (let i = 0; i < 700; i++) {
        const body = JSON.stringify({ workload: 'spark-streaming', id: `app-${i}`, config: { 'spark.sql.shuffle.partitions': i, ...big } });
        statuses.push((await fetch(`${exp.url}/v1/report`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).status);
      }
      expect(statuses.filter((s) => s === 202).length).toBeLessThanOrEqual(512);
      expect(statuses.slice(-10).every((s) => s === 429)).toBe(true);
      // Only the keys the spec asks of reports are kept: 700 × 50 KB bodies must not stay in memory.
      expect(process.memoryUsage().rss - rssBefore).toBeLessThan(150 * 1024 * 1024);
    });
  });
});
