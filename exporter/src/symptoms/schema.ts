/**
 * `POST /v1/symptoms` body: symptom counts from a job on the same node, either the
 * data-quality outcome of one dbt run or the duplicate check of one loaded batch.
 * `runId` makes a retried post count once. Bounded so a buggy job cannot grow memory.
 */
import { z } from 'zod';
import { StreamingProgressSchema, type StreamingProgress } from './streaming';
import { describeIssue, type IssueWording } from '../reports/issues';

export const MAX_DQ_RESULTS = 2_000;

const labelValue = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[^\u0000-\u001f]*$/, 'no control characters');
const workload = z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, 'a workload name of the spec');
const runId = z.string().min(1).max(253).describe('Run or batch identity: dbt `invocation_id`, a load batch id.');

export const DqResultSchema = z
  .strictObject({
    model: labelValue.describe('Model the test is attached to, e.g. `orders`; `unknown` when dbt does not say.'),
    test: labelValue.describe('Test name, e.g. `unique_orders_order_id`.'),
    status: z.enum(['fail', 'error', 'warn']).describe('dbt status; passing and skipped tests are not sent.'),
    failures: z.number().int().min(0).nullable().default(null).describe('Failing rows dbt counted, if any.'),
  })
  .describe('One test that did not pass.');

export const DqReportSchema = z
  .strictObject({
    kind: z.literal('dq'),
    workload,
    runId,
    results: z.array(DqResultSchema).max(MAX_DQ_RESULTS),
  })
  .describe('The tests of one dbt run that did not pass.');

export const DuplicateReportSchema = z
  .strictObject({
    kind: z.literal('duplicates'),
    runId,
    dataset: labelValue.describe('Target table, e.g. `RAW.PAYMENTS`.'),
    loader: labelValue.describe('Loader name, e.g. `payments-loader`.'),
    duplicateRows: z.number().int().min(0).describe('Rows of the batch beyond its distinct business keys (rows loaded − distinct keys).'),
    rowsLoaded: z.number().int().min(0).optional().describe('Rows the batch wrote, when known.'),
  })
  .refine((r) => r.rowsLoaded === undefined || r.duplicateRows <= r.rowsLoaded, { message: 'cannot exceed rowsLoaded', path: ['duplicateRows'] })
  .describe('The duplicate check of one loaded batch.');

export const SymptomReportSchema = z.union([DqReportSchema, DuplicateReportSchema]);

export type DqReport = z.infer<typeof DqReportSchema>;
export type DuplicateReport = z.infer<typeof DuplicateReportSchema>;
export type SymptomReport = z.infer<typeof SymptomReportSchema>;

const WORDING: IssueWording = { unknownKeys: 'unknown field(s)', formats: 'by-message' };

export type SymptomCheck = { ok: true; report: SymptomReport | StreamingProgress } | { ok: false; problems: string[] };

/** Validates a parsed body; problems name fields, never received values. */
export function checkSymptomReport(body: unknown): SymptomCheck {
  const kind = typeof body === 'object' && body !== null ? (body as { kind?: unknown }).kind : undefined;
  const schema = kind === 'dq' ? DqReportSchema : kind === 'duplicates' ? DuplicateReportSchema : kind === 'streaming' ? StreamingProgressSchema : undefined;
  if (!schema) return { ok: false, problems: ['kind: expected one of dq, duplicates, streaming'] };
  const parsed = schema.safeParse(body);
  if (parsed.success) return { ok: true, report: parsed.data };
  return { ok: false, problems: parsed.error.issues.slice(0, 10).map((i) => `${i.path.map(String).join('.') || '(body)'}: ${describeIssue(i, WORDING)}`) };
}
