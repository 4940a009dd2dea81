/** Rule evaluation times read from a running Prometheus. */
import { INPUTS_GROUP } from './inputs';

export interface RuleTimings {
  /** Median evaluation time of the floor group, seconds. */
  floor: number;
  /** Median evaluation time of the inputs group (each scraped input read once), seconds. */
  inputs: number;
  /** Median seconds of each input's read in the inputs group, costliest first. */
  inputsByMetric: [string, number][];
  /** Median of the summed evaluation time of every compiled (`plumb*`) group, seconds. */
  compiled: number;
  compiledMax: number;
  /** Median evaluation time of the `baseline` group (another build's rules), NaN without one. */
  baseline: number;
  /** The five most expensive compiled rules (median seconds), costliest first. */
  topRules: [string, number][];
  /** Median seconds summed per rule family (recorded name or alert, plus its `reason` label), costliest first. */
  families: [string, number][];
  /** The same for the `baseline` group, under the compiled rules' names. */
  baselineFamilies: Map<string, number>;
}

interface RulesResponse {
  data: {
    groups: {
      name: string;
      evaluationTime: number;
      lastEvaluation: string;
      rules: { name: string; evaluationTime: number; labels?: Record<string, string> }[];
    }[];
  };
}

/** Samples `/api/v1/rules` every 5 s for `settleMs`; medians over the second half. */
export async function ruleTimings(url: string, settleMs: number): Promise<RuleTimings> {
  const start = Date.now();
  const floor: number[] = [];
  const inputs: number[] = [];
  const perInput = new Map<string, number[]>();
  const compiled: number[] = [];
  const baseline: number[] = [];
  const perRule = new Map<string, number[]>();
  const familyOf = new Map<string, string>();
  const perBaselineRule = new Map<string, number[]>();
  const baselineFamilyOf = new Map<string, string>();
  const seen = new Set<string>();
  while (Date.now() - start < settleMs) {
    await new Promise((r) => setTimeout(r, 5000));
    if (Date.now() - start < settleMs / 2) continue;
    const body = (await (await fetch(`${url}/api/v1/rules`)).json()) as RulesResponse;
    const stamp = body.data.groups.map((g) => g.lastEvaluation).join();
    if (seen.has(stamp)) continue;
    seen.add(stamp);
    let sum = 0;
    for (const g of body.data.groups) {
      if (g.name === 'floor') floor.push(g.evaluationTime);
      else if (g.name === INPUTS_GROUP) {
        inputs.push(g.evaluationTime);
        for (const r of g.rules) {
          const input = r.labels?.input ?? r.name;
          perInput.set(input, [...(perInput.get(input) ?? []), r.evaluationTime]);
        }
      } else if (g.name === 'baseline') {
        baseline.push(g.evaluationTime);
        addRules(g, perBaselineRule, baselineFamilyOf);
      } else {
        sum += g.evaluationTime;
        addRules(g, perRule, familyOf);
      }
    }
    compiled.push(sum);
  }
  const top = [...perRule].map(([k, v]) => [k, median(v)] as [string, number]).sort((a, b) => b[1] - a[1]);
  const families = familySums(perRule, familyOf);
  return {
    floor: median(floor),
    inputs: median(inputs),
    inputsByMetric: [...perInput].map(([k, v]) => [k, median(v)] as [string, number]).sort((a, b) => b[1] - a[1]),
    compiled: median(compiled),
    compiledMax: Math.max(0, ...compiled),
    baseline: median(baseline),
    topRules: top.slice(0, 5),
    families: [...families].sort((a, b) => b[1] - a[1]),
    baselineFamilies: familySums(perBaselineRule, baselineFamilyOf),
  };
}

type Group = RulesResponse['data']['groups'][number];

/** Adds one evaluation of a group's rules; families carry the compiled rules' names (a baseline's prefix dropped). */
function addRules(g: Group, perRule: Map<string, number[]>, familyOf: Map<string, string>): void {
  g.rules.forEach((r, i) => {
    const key = `${g.name}#${i} ${r.name} ${r.labels?.rule ?? r.labels?.workload ?? ''} ${r.labels?.reason ?? ''}`.trim();
    perRule.set(key, [...(perRule.get(key) ?? []), r.evaluationTime]);
    familyOf.set(key, `${r.name.replace(/^baseline_/, '').replace(/^BaselinePlumb/, 'Plumb')} ${r.labels?.reason ?? ''}`.trim());
  });
}

/** Median seconds per rule, summed per family. */
function familySums(perRule: Map<string, number[]>, familyOf: Map<string, string>): Map<string, number> {
  const families = new Map<string, number>();
  for (const [key, seconds] of perRule) {
    const family = familyOf.get(key) ?? key;
    families.set(family, (families.get(family) ?? 0) + median(seconds));
  }
  return families;
}

/** Values of one metric from Prometheus' own /metrics page (its self-metrics are not in its TSDB). */
export async function selfMetric(url: string, name: string): Promise<number[]> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return text
    .split('\n')
    .filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `))
    .map((l) => Number(l.slice(l.lastIndexOf(' ') + 1)));
}

function median(xs: number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}
