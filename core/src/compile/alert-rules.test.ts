import { describe, expect, it } from 'vitest';
import { loadSpecFile } from '../spec/testing-spec-file';
import { compileAlertRules } from './alert-rules';

const spec = loadSpecFile(new URL('../../../examples/paywave/desired-state.yaml', import.meta.url).pathname);
if (!spec.ok) throw new Error('the example spec must load');
const seconds = (d: string) => Number(d.slice(0, -1)) * (d.endsWith('m') ? 60 : d.endsWith('h') ? 3600 : 1);

describe('compileAlertRules', () => {
  it('holds the widespread alert no longer than any drift alert, so the breaker opens before per-node remediation starts', () => {
    const rules = (spec.ok ? compileAlertRules(spec.model).rules : []).flatMap((r) => ('alert' in r ? [r] : []));
    const widespread = rules.find((r) => r.alert === 'PlumbWidespreadDrift');
    const drift = rules.filter((r) => r.alert === 'PlumbConfigDrift');
    expect(widespread).toBeDefined();
    expect(drift.length).toBeGreaterThan(0);
    for (const d of drift) expect(seconds(widespread?.for ?? '1h')).toBeLessThan(seconds(d.for ?? '0s') + 1e-9);
  });
});
