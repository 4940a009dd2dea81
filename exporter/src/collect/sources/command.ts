/**
 * The `command` collector: spec sources of kind `command` run their argv (no
 * shell) and take the output, or the first capture group of `pattern`. Each
 * distinct argv runs once per collection.
 */
import { rulesOfKind, type Collector, type CollectorOutput, type Reading } from '../readings';
import { compileRe2, firstGroup } from '@plumb/core/spec/re2';
import { runCommandCached } from './run-command';

export const commandCollector: Collector = {
  name: 'command',
  async collect(ctx): Promise<CollectorOutput> {
    const rules = rulesOfKind(ctx.model, 'command');
    if (rules.length === 0 || !ctx.runCommands) return { readings: [], errors: [] };
    const outputs = new Map<string, ReturnType<typeof runCommandCached>>();
    const readings: Reading[] = [];
    const errors = new Set<string>();
    for (const rule of rules) {
      const id = JSON.stringify(rule.source.argv);
      if (!outputs.has(id)) outputs.set(id, runCommandCached(rule.source.argv, ctx.commandTimeoutMs, ctx.commandCacheMs));
    }
    for (const rule of rules) {
      const result = await outputs.get(JSON.stringify(rule.source.argv));
      if (!result || result.kind === 'absent') continue;
      if (result.kind === 'error') {
        errors.add(result.reason);
        continue;
      }
      const value = extract(result.text, rule.source.pattern);
      if (value.kind === 'bad-pattern') errors.add(`${rule.id}: invalid pattern`);
      else if (value.kind === 'value') readings.push({ rule, value: value.value, source: `command:${rule.source.argv[0] ?? ''}` });
    }
    return { readings, errors: [...errors].sort() };
  },
};

function extract(text: string, pattern: string | undefined): { kind: 'value'; value: string } | { kind: 'none' } | { kind: 'bad-pattern' } {
  if (pattern === undefined) return { kind: 'value', value: text.trim() };
  const c = compileRe2(pattern, { multiline: true });
  if (!c.ok) return { kind: 'bad-pattern' };
  const found = firstGroup(c.re, text);
  if (found === undefined) return { kind: 'none' };
  return { kind: 'value', value: found.trim() };
}
