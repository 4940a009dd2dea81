import type { LogAdmin } from '../log/port';
import { planTopics, type TopicSettings } from './topics';

/** What {@link ensureTopics} did; topics that already existed are checked, never altered. */
export type EnsureTopicsResult = { ok: true; created: string[]; existing: string[]; mismatches: string[] } | { ok: false; errors: string[] };

const CHECKED_KEYS = ['retention.ms', 'cleanup.policy', 'min.insync.replicas'];

/**
 * Creates `plumb.config-changes`, `plumb.audit` and `plumb.audit-checkpoints` when missing. For topics that exist,
 * reports settings that differ from the plan (e.g. a shorter retention) as mismatches
 * instead of changing them: retention is a compliance decision, not a deploy side effect.
 */
export async function ensureTopics(admin: LogAdmin, settings: TopicSettings = {}): Promise<EnsureTopicsResult> {
  const plan = planTopics(settings);
  if (!plan.ok) return plan;
  const created = await admin.createTopics(plan.topics);
  const existing = plan.topics.map((t) => t.name).filter((n) => !created.includes(n));
  const mismatches: string[] = [];
  for (const t of plan.topics.filter((x) => existing.includes(x.name))) {
    const actual = await admin.topicConfig(t.name, CHECKED_KEYS);
    for (const key of CHECKED_KEYS.filter((k) => t.config[k] !== undefined)) {
      if (actual[key] !== undefined && actual[key] !== t.config[key]) {
        mismatches.push(`${t.name}: ${key} is ${actual[key]}, expected ${t.config[key] ?? '?'}`);
      }
    }
  }
  return { ok: true, created, existing, mismatches };
}
