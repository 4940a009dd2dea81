/**
 * `POST /v1/report` body: the effective config of one Airflow, Spark or dbt
 * process, sent by an in-process reporter on the same node. Bounded in every
 * direction so a buggy reporter cannot grow the exporter's memory.
 */
import { z } from 'zod';
import { describeIssue, type IssueWording } from './issues';

export const MAX_REPORT_KEYS = 2_000;

export const ReportSchema = z
  .strictObject({
    workload: z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,62}$/, 'a workload name of the spec')
      .describe('Workload type, e.g. `airflow-worker`.'),
    id: z.string().min(1).max(253).describe('Reporter identity, unique per process: a pod name, `hostname/pid`, a Spark app id.'),
    source: z.enum(['airflow', 'spark', 'dbt', 'other']).default('other').describe('Which kind of reporter sent it.'),
    ttlSeconds: z.number().int().min(5).max(86_400).optional().describe("How long to keep the report; default the exporter's `--report-ttl`."),
    config: z
      .record(z.string().min(1).max(256), z.union([z.string().max(4096), z.number(), z.boolean(), z.null()]))
      .refine((c) => Object.keys(c).length <= MAX_REPORT_KEYS, `at most ${MAX_REPORT_KEYS} keys`)
      .describe('Effective config, flat: `{"spark.sql.shuffle.partitions": "400"}`.'),
  })
  .describe('An in-process config report.');

export type Report = z.infer<typeof ReportSchema>;

const WORDING: IssueWording = { unknownKeys: 'unknown field(s); allowed: workload, id, source, ttlSeconds, config', formats: 'by-name' };

export type ReportCheck = { ok: true; report: Report } | { ok: false; problems: string[] };

/** Validates a parsed body. Problems name the field and what was expected, never the received value. */
export function checkReport(body: unknown): ReportCheck {
  const parsed = ReportSchema.safeParse(body);
  if (parsed.success) return { ok: true, report: parsed.data };
  const problems = parsed.error.issues.slice(0, 10).map((i) => {
    const path = i.path.length > 0 && i.path[0] === 'config' && i.path.length > 1 ? 'config[<key>]' : i.path.map(String).join('.') || '(body)';
    return `${path}: ${describeIssue(i, WORDING)}`;
  });
  return { ok: false, problems };
}
