/**
 * The `env` collector: environment variables of the agent (on EMR and plain hosts
 * the systemd unit passes the workload's environment file). A variable whose name
 * looks like a credential is hashed only, whatever the spec says.
 */
import { looksSecret } from '@plumb/core/spec/secret-names';
import { rulesOfKind, type Collector, type CollectorOutput, type Reading } from '../readings';

export const envCollector: Collector = {
  name: 'env',
  async collect(ctx): Promise<CollectorOutput> {
    const readings: Reading[] = [];
    for (const rule of rulesOfKind(ctx.model, 'env')) {
      const value = ctx.env[rule.source.name];
      if (value === undefined) continue;
      readings.push({ rule, value, source: `env:${rule.source.name}`, secret: looksSecret(rule.source.name) });
    }
    return { readings, errors: [] };
  },
};
