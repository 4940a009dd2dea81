/**
 * The internal model: a spec flattened to one entry per (workload, dimension), with
 * defaults applied and expected values already canonicalised. The compiler, the
 * exporter and the simulator work from this, never from the raw spec.
 */
import { canonicalise } from '../hash/canonical';
import type { Dimension, Normalisation, PlaybookAction, Severity, Source, Spec, Symptom, ValueType, Workload } from './schema';
import { looksSecret } from './secret-names';

export interface Scope {
  region?: string | undefined;
  instanceType?: string | undefined;
  pool?: string | undefined;
}

/** What a value must be. Values are canonical strings. */
export type Check =
  | { kind: 'values'; values: string[] }
  | { kind: 'range'; min?: number | undefined; max?: number | undefined }
  | { kind: 'version'; pattern: string }
  | { kind: 'consistency'; by: ('region' | 'pool' | 'instance_type')[] }
  | { kind: 'none' };

export interface AllowanceModel {
  scope: Scope;
  reason?: string | undefined;
  values: string[];
  range?: { min?: number | undefined; max?: number | undefined } | undefined;
}

export interface ExceptionModel {
  node?: string | undefined;
  pool?: string | undefined;
  region?: string | undefined;
  expiresAtSeconds: number;
  ticket: string;
  approvedBy: string;
}

export interface Playbook {
  action: PlaybookAction;
  approval: 'required' | 'none';
}

/** One (workload, dimension) rule. */
export interface DimensionRule {
  /** Stable rule id: `<workload>/<dimension>`. */
  id: string;
  workload: string;
  key: string;
  description?: string | undefined;
  source: Source;
  type: ValueType;
  normalize: Normalisation[];
  secret: boolean;
  expose: boolean;
  severity: Severity;
  /** A node running the workload may lack the dimension (no `missing` drift). */
  optional: boolean;
  /** Severity of the dimension being missing on a node that runs the workload. */
  missingSeverity: Severity;
  /** The playbook of missing drift: the dimension's own, else the one of `missingSeverity`. */
  missingPlaybook: Playbook;
  check: Check;
  allowances: AllowanceModel[];
  exceptions: ExceptionModel[];
  playbook: Playbook;
}

export interface Model {
  name: string;
  settings: Spec['settings'];
  workloads: Workload[];
  rules: DimensionRule[];
  symptoms: Symptom[];
}

const DEFAULT_PLAYBOOKS: Record<Severity, Playbook> = {
  info: { action: 'none', approval: 'none' },
  'sla-risk': { action: 'restart', approval: 'none' },
  'correctness-risk': { action: 'quarantine', approval: 'required' },
};

/** Maps a validated spec to the model. Assumes `validateSemantics` found no errors. */
export function buildModel(spec: Spec): Model {
  const rules: DimensionRule[] = [];
  for (const dim of spec.dimensions) {
    for (const workload of dim.workloads) rules.push(buildRule(spec, dim, workload));
  }
  // Code-unit order, not localeCompare: the same on every host, and ICU's collation data
  // (about 2 MB of the Node binary's pages) stays out of the exporter's memory.
  rules.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { name: spec.metadata.name, settings: spec.settings, workloads: spec.workloads, rules, symptoms: spec.symptoms };
}

function buildRule(spec: Spec, dim: Dimension, workload: string): DimensionRule {
  const secret = dim.secret ?? looksSecret(dim.key);
  const canon = (v: string | number | boolean) => {
    const c = canonicalise(v, dim.type, dim.normalize);
    return c.ok ? c.value : String(v);
  };
  return {
    id: `${workload}/${dim.key}`,
    workload,
    key: dim.key,
    description: dim.description,
    source: dim.source,
    type: dim.type,
    normalize: dim.normalize,
    secret,
    // A key named like a credential is never exposed, even with `secret: false`.
    expose: dim.expose && !secret && !looksSecret(dim.key),
    severity: dim.severity,
    optional: dim.optional,
    missingSeverity: dim.missingSeverity ?? dim.severity,
    missingPlaybook: dim.playbook ?? spec.playbooks[dim.missingSeverity ?? dim.severity] ?? DEFAULT_PLAYBOOKS[dim.missingSeverity ?? dim.severity],
    check: toCheck(dim, canon),
    allowances: dim.allow.map((a) => ({
      scope: { ...a.where },
      reason: a.reason,
      values: [...(a.equals !== undefined ? [a.equals] : []), ...(a.oneOf ?? [])].map(canon),
      range: a.range,
    })),
    exceptions: spec.exceptions
      .filter((e) => e.dimension === dim.key && (e.workload === undefined || e.workload === workload))
      .map((e) => ({
        node: e.node,
        pool: e.pool,
        region: e.region,
        expiresAtSeconds: Math.floor(Date.parse(e.expiresAt) / 1000),
        ticket: e.ticket,
        approvedBy: e.approvedBy,
      })),
    playbook: dim.playbook ?? spec.playbooks[dim.severity] ?? DEFAULT_PLAYBOOKS[dim.severity],
  };
}

function toCheck(dim: Dimension, canon: (v: string | number | boolean) => string): Check {
  const e = dim.expect;
  if (!e) return { kind: 'none' };
  if (e.equals !== undefined) return { kind: 'values', values: [canon(e.equals)] };
  if (e.oneOf !== undefined) return { kind: 'values', values: [...new Set(e.oneOf.map(canon))] };
  if (e.range !== undefined) return { kind: 'range', min: e.range.min, max: e.range.max };
  if (e.version !== undefined) return { kind: 'version', pattern: e.version };
  if (e.consistency !== undefined) return { kind: 'consistency', by: e.consistency.by };
  return { kind: 'none' };
}
