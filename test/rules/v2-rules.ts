/**
 * The flapping and onset rules exactly as metric contract v2 compiled them for the
 * rules-test spec (job `plumb-exporter`, window 1h, 2 changes), kept frozen so tests can
 * show what they get wrong on v3 exporters: that is why v3 rules roll out before v3
 * exporters.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';

const C = 'plumb_config_changes_total{job="plumb-exporter"}';
const W = `${C}[1h]`;
const SERIES = 'on (instance, workload, dimension)';

/** v2 `plumb:config_flapping:info`: "was zero" read from the always-rendered last-change timestamp. */
export const V2_FLAPPING_EXPR = `max by (instance, node, region, instance_type, pool, platform, workload, dimension) (
  (
    (
      (
        (max_over_time(${W}) - min_over_time(${W}))
        unless ${SERIES} (resets(${W}) > 0)
        unless ${SERIES} (count_over_time(plumb_config_last_change_timestamp_seconds{job="plumb-exporter"}[1h]) > count_over_time(${W}))
      )
      or ${SERIES}
      (
        ${C}
        unless ${SERIES} (resets(${W}) > 0)
      )
      or ${SERIES}
      (
        ((changes(${W}) - resets(${W})) + (clamp_max(min_over_time(${W}), 1) and ${SERIES} ${C}))
        or ${SERIES}
        (changes(${W}) - resets(${W}))
      )
    ) >= 2
  )
  * on (instance) group_left (node, region, instance_type, pool, platform)
  plumb:node_info:last
)`;

/** v2 `plumb:config_drift:onset_timestamp_seconds`: the last-change timestamp only. */
export const V2_ONSET_EXPR = `max by (instance, workload, dimension) (plumb_config_last_change_timestamp_seconds{job="plumb-exporter"})
* on (instance, workload, dimension) group_right
plumb:config_drift:info`;

interface RuleFile {
  groups: { name: string; rules: { record?: string; alert?: string; expr: string }[] }[];
}

/** Writes a copy of `ruleFile` whose flapping and onset rules are the v2 ones; returns its path. */
export function withV2NodeStateRules(ruleFile: string): string {
  const doc = parse(readFileSync(ruleFile, 'utf8')) as RuleFile;
  const v2: Record<string, string> = { 'plumb:config_flapping:info': V2_FLAPPING_EXPR, 'plumb:config_drift:onset_timestamp_seconds': V2_ONSET_EXPR };
  let replaced = 0;
  for (const group of doc.groups) {
    for (const rule of group.rules) {
      const expr = rule.record === undefined ? undefined : v2[rule.record];
      if (expr !== undefined) ((rule.expr = expr), replaced++);
    }
  }
  if (replaced !== 2) throw new Error(`expected to replace 2 rules in ${ruleFile}, replaced ${replaced}`);
  const out = ruleFile.replace(/\.yaml$/, '.v2.yaml');
  writeFileSync(out, stringify(doc, { lineWidth: 0 }));
  return out;
}
