/**
 * Scenario files: what the simulated fleet looks like and which drifts are injected
 * when. Every event says what the system should conclude (`expect`), so a run can be
 * checked against a known truth.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { SEVERITIES, SYMPTOM_METRICS } from '@plumb/core/contract';

const duration = z
  .string()
  .regex(/^\d+(\.\d+)?(ms|s|m|h)$/, 'a duration such as 90s or 5m')
  .describe('A duration, e.g. `90s`.');
const scalar = z.union([z.string(), z.number(), z.boolean()]);

export const SelectorSchema = z
  .strictObject({
    workload: z.string().optional().describe('Workload type, e.g. `spark-streaming`.'),
    region: z.string().optional().describe('Region, e.g. `eu-west-1`.'),
    instanceType: z.string().optional().describe('Instance type, e.g. `r6i.8xlarge`.'),
    pool: z.string().optional().describe('Pool, e.g. `kafka-consumers`.'),
    platform: z.enum(['k8s', 'emr']).optional(),
    count: z.number().int().min(1).optional().describe('Take this many of the matching nodes.'),
    share: z.number().gt(0).lte(1).optional().describe('Take this share of the matching nodes.'),
  })
  .describe('Which nodes an event targets. Nodes already targeted by an earlier event are skipped, so the truth stays clean.');

export const ExpectSchema = z
  .strictObject({
    flagged: z.boolean().default(true).describe('Whether drift must be detected on the targeted nodes.'),
    severity: z.enum(SEVERITIES).optional(),
    playbook: z.string().optional().describe('Playbook the handler must choose.'),
    unknown: z.boolean().optional().describe('The nodes must show as unknown.'),
    flapping: z.boolean().optional().describe('The dimension must be marked flapping.'),
    circuitBreaker: z.boolean().optional().describe('The widespread alert must trip the circuit breaker.'),
    symptom: z.string().optional().describe('The symptom that must rank this cohort high in Impact.'),
  })
  .default({ flagged: true });

export const EventSchema = z
  .strictObject({
    name: z
      .string()
      .regex(/^[a-z0-9-]+$/)
      .describe('Event name, e.g. `tz-hotfix`.'),
    at: duration.describe('When, after the fleet is up.'),
    action: z.enum(['drift', 'silence', 'fail-collector', 'add-nodes', 'remove-nodes']),
    select: SelectorSchema.default({}),
    set: z.record(z.string(), scalar).optional().describe('Dimension key → value to apply (for `drift`).'),
    revertAfter: duration.optional().describe('Undo the drift after this long (a flap).'),
    symptoms: z.record(z.string(), z.number()).optional().describe('Symptom name → level on the targeted nodes while drifted.'),
    count: z.number().int().min(1).optional().describe('Nodes to add or remove (churn).'),
    expect: ExpectSchema,
  })
  .superRefine((e, ctx) => {
    if (e.action === 'drift' && !e.set) ctx.addIssue({ code: 'custom', path: ['set'], message: 'a drift event needs `set`' });
    if ((e.action === 'add-nodes' || e.action === 'remove-nodes') && !e.count)
      ctx.addIssue({ code: 'custom', path: ['count'], message: `${e.action} needs \`count\`` });
  });

const CONTRACT_SYMPTOMS = new Map<string, string>(Object.values(SYMPTOM_METRICS).map((m) => [m.name, m.type]));

export const SymptomModelSchema = z
  .strictObject({
    base: z.number().describe('Level on a healthy node.'),
    noise: z.number().min(0).default(0.1).describe('Relative noise, e.g. 0.1 for ±10 %.'),
    metric: z
      .union([z.string(), z.record(z.string(), z.string())])
      .describe(
        'Contract metric served for this symptom, e.g. `plumb_duplicate_rows_total`, or one per workload, e.g. `{spark-streaming: plumb_streaming_lag_records, kafka-consumer: plumb_kafka_consumergroup_lag}`.',
      ),
    kind: z.enum(['gauge', 'counter']).describe("A gauge is served as the level; a counter grows at the level per second. Must be the contract metric's type."),
    workloads: z.array(z.string()).describe('Workloads whose nodes emit it.'),
  })
  .superRefine((m, ctx) => {
    const byWorkload = typeof m.metric === 'string' ? m.workloads.map((w) => [w, m.metric as string] as const) : Object.entries(m.metric);
    for (const w of m.workloads) {
      if (typeof m.metric !== 'string' && !(w in m.metric)) ctx.addIssue({ code: 'custom', path: ['metric'], message: `no metric for workload ${w}` });
    }
    for (const [w, metric] of byWorkload) {
      const type = CONTRACT_SYMPTOMS.get(metric);
      const path = typeof m.metric === 'string' ? ['metric'] : ['metric', w];
      if (!type) ctx.addIssue({ code: 'custom', path, message: `${metric} is not a symptom metric of the contract (core/src/contract/symptoms.ts)` });
      else if (type !== m.kind) ctx.addIssue({ code: 'custom', path: ['kind'], message: `${metric} is a ${type} in the contract` });
    }
  });

/** The metric a symptom model serves on a node of `workload`. */
export function symptomMetric(model: z.infer<typeof SymptomModelSchema>, workload: string): string | undefined {
  return typeof model.metric === 'string' ? model.metric : model.metric[workload];
}

export const ScenarioSchema = z.strictObject({
  name: z.string(),
  description: z.string().optional(),
  nodes: z.number().int().min(1).default(1000),
  seed: z.number().int().default(7),
  duration: duration.default('10m').describe('How long the run lasts.'),
  baseline: z
    .record(z.string(), scalar)
    .default({})
    .describe('Compliant value per dimension key where the spec cannot imply one (version patterns, unchecked dimensions).'),
  symptoms: z.record(z.string(), SymptomModelSchema).default({}),
  events: z.array(EventSchema).default([]),
});

export type Scenario = z.infer<typeof ScenarioSchema>;
export type ScenarioEvent = z.infer<typeof EventSchema>;
export type Selector = z.infer<typeof SelectorSchema>;

/** Parses a duration such as `90s` into seconds. */
export function seconds(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(text);
  if (!m) throw new Error(`not a duration: ${text}`);
  const n = Number(m[1]);
  return m[2] === 'ms' ? n / 1000 : m[2] === 's' ? n : m[2] === 'm' ? n * 60 : n * 3600;
}

/** Loads and validates a scenario file; errors name the file and the path. */
export function loadScenario(file: string, overrides: { nodes?: number | undefined; duration?: string | undefined } = {}): Scenario {
  let raw: unknown;
  try {
    raw = parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file}: cannot read scenario: ${(err as Error).message.split('\n')[0]}`);
  }
  const parsed = ScenarioSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${file}: ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(lines.join('\n'));
  }
  const scenario = parsed.data;
  if (overrides.nodes !== undefined) scenario.nodes = overrides.nodes;
  if (overrides.duration !== undefined) scenario.duration = overrides.duration;
  return scenario;
}
