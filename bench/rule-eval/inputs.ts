/**
 * The inputs bound: what any rules that read what the compiled rules read must cost at
 * least. One rule per scraped metric the compiled rules name (the exporter's and the
 * symptom sources' families of the contract, and `up`), reading every series of it once
 * with the cheapest aggregation, over the longest range the compiled rules read it over.
 * No join, no record per node, nothing decided: a rule set that reads these inputs
 * cannot cost less than this group, on the same Prometheus in the same run.
 */
import { EXPORTER_METRICS, SYMPTOM_METRICS } from '@plumb/core/contract';

export const INPUTS_GROUP = 'inputs';

interface InputRule {
  record: string;
  expr: string;
  labels: { input: string };
}

/** The inputs group for the compiled rule files' text; `job` is the exporters' scrape job. */
export function inputRules(ruleText: string, job: string): InputRule[] {
  const names = ['up', ...Object.values(EXPORTER_METRICS).map((m) => m.name), ...Object.values(SYMPTOM_METRICS).map((m) => m.name)];
  return names.flatMap((name) => {
    const reads = [...ruleText.matchAll(new RegExp(`\\b${name}\\b(?:\\{[^}]*\\})?(?:\\[(\\d+)([smhd])\\])?`, 'g'))];
    if (reads.length === 0) return [];
    const seconds = Math.max(0, ...reads.map((m) => (m[1] ? Number(m[1]) * UNIT_SECONDS[m[2] as keyof typeof UNIT_SECONDS] : 0)));
    const series = name === 'up' ? `up{job="${job}"}` : name;
    const expr = seconds > 0 ? `count(count_over_time(${series}[${seconds}s]))` : `count(${series})`;
    return [{ record: 'bench:input', expr, labels: { input: name } }];
  });
}

const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400 };
