/**
 * The `files` collector: reads each config file the spec names once, parses it in
 * its format and looks up every key asked of it. A malformed file fails the
 * collector and its dimensions are absent; other files still count.
 */
import { isAirflowReference } from '../formats/airflow';
import { lookupKey, parseConfig } from '../formats/index';
import { candidatePaths, readFirstPresent, readHostFile } from '../host-fs';
import { rulesOfKind, type Collector, type CollectorOutput, type Reading } from '../readings';
import { looksSecret } from '@plumb/core/spec/secret-names';

export const filesCollector: Collector = {
  name: 'files',
  async collect(ctx): Promise<CollectorOutput> {
    const rules = rulesOfKind(ctx.model, 'file');
    const byFile = new Map<string, typeof rules>();
    for (const rule of rules) {
      const id = `${rule.source.format}\0${candidatePaths(rule.source).join('\0')}`;
      byFile.set(id, [...(byFile.get(id) ?? []), rule]);
    }
    const readings: Reading[] = [];
    const errors: string[] = [];
    await Promise.all(
      [...byFile.values()].map(async (group) => {
        const source = (group[0] as (typeof rules)[number]).source;
        const { format } = source;
        const { path, read } = await readFirstPresent(candidatePaths(source), (p) => readHostFile(ctx.root, p));
        if (read.kind === 'error') return void errors.push(read.reason);
        // The effective Airflow config exists even without a file: env overrides alone.
        if (read.kind === 'absent' && format !== 'airflow-cfg') return;
        const parsed = parseConfig(format, read.kind === 'text' ? read.text : '', ctx.env);
        if (!parsed.ok) return void errors.push(`${path}: malformed ${format} (${parsed.reason})`);
        for (const rule of group) {
          const value = lookupKey(format, parsed.entries, rule.source.key);
          if (value === undefined) continue;
          const secret = isAirflowReference(value) || (rule.source.key !== undefined && looksSecret(rule.source.key));
          readings.push({ rule, value, source: `file:${path}`, secret });
        }
      }),
    );
    return { readings, errors: errors.sort() };
  },
};
