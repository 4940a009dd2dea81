/**
 * Reads what compiled rules compute, through the real `promtool test rules`: a
 * `promql_expr_test` that expects nothing fails and prints every sample it got, which is
 * parsed back. Lets a test chain tiers (shards → regional tier → shards) with promtool.
 */
import { parse } from 'yaml';
import { promtoolTest, type InputSeries } from './harness';

export interface Sample {
  labels: Record<string, string>;
  value: number;
}

/** Every series matching `selector` at `evalTime` after evaluating `ruleFiles` on `input` (interval 1m). */
export async function promtoolQuery(ruleFiles: string[], input: InputSeries[], selector: string, evalTime: string): Promise<Sample[]> {
  const [first, ...rest] = ruleFiles;
  if (first === undefined) throw new Error('promtoolQuery needs a rule file');
  const r = await promtoolTest(first, { input_series: input, promql_expr_test: [{ expr: selector, eval_time: evalTime, exp_samples: [] }] }, rest);
  if (r.ok) return [];
  const got = /got: (.*)$/m.exec(r.output);
  if (got === null) throw new Error(`promtool failed without samples:\n${r.output}`);
  return [...(got[1] ?? '').matchAll(/\{([^}]*)\} (\S+?)(?:,|$)/g)].map((m) => ({
    labels: Object.fromEntries([...(m[1] ?? '').matchAll(/([\w]+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1] ?? '', parse(`"${l[2] ?? ''}"`) as string])),
    value: Number(m[2]),
  }));
}

/** A stable text form of samples, for comparing two result sets. */
export function canonical(samples: Sample[], dropLabels: readonly string[] = []): string[] {
  return samples
    .map((s) => {
      const l = Object.entries(s.labels)
        .filter(([k]) => !dropLabels.includes(k))
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(',');
      return `{${l}} ${Number(s.value.toPrecision(12))}`;
    })
    .sort();
}
