/**
 * The query tag jobs set on their warehouse sessions (Snowflake `QUERY_TAG`), so the
 * query history can say which node, workload and run each query came from. It is JSON
 * under a `plumb` key, leaving room for other tools' keys in the same tag.
 */
import { z } from 'zod';

const label = z.string().min(1).max(253);

export const PlumbQueryTagSchema = z.object({
  node: label.describe('The node the job ran on, as `plumb_node_info{node}` names it, e.g. `ip-10-1-2-3.ec2.internal`.'),
  workload: label.describe('Workload type, e.g. `dbt-runner`.'),
  run: label.describe('Run id: the dbt invocation id, the Airflow run id, the Spark application id.'),
});

export type PlumbQueryTag = z.infer<typeof PlumbQueryTagSchema>;

/** The `QUERY_TAG` text for a job, e.g. `{"plumb":{"node":"n1","workload":"dbt-runner","run":"r1"}}`. */
export function formatQueryTag(tag: PlumbQueryTag): string {
  return JSON.stringify({ plumb: PlumbQueryTagSchema.parse(tag) });
}

/** What a `QUERY_TAG` says: Plumb's tag, no Plumb tag (someone else's query), or a Plumb tag that is malformed. */
export type ParsedQueryTag = { ok: true; tag: PlumbQueryTag } | { ok: false; reason: 'untagged' | 'malformed'; detail?: string };

export function parseQueryTag(text: string | null | undefined): ParsedQueryTag {
  if (!text) return { ok: false, reason: 'untagged' };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'untagged' };
  }
  if (typeof raw !== 'object' || raw === null || !('plumb' in raw)) return { ok: false, reason: 'untagged' };
  const parsed = PlumbQueryTagSchema.safeParse((raw as { plumb: unknown }).plumb);
  if (!parsed.success) return { ok: false, reason: 'malformed', detail: parsed.error.issues.map((i) => `plumb.${i.path.join('.')}: ${i.message}`).join('; ') };
  return { ok: true, tag: parsed.data };
}
