import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from './load';
import { checkWindows } from '../guardrails/windows';

describe('the example configuration', () => {
  it('validates, with its windows, as shipped', () => {
    const r = loadConfigFile(resolve(import.meta.dirname, '../../examples/plumb-hooks.yaml'));
    expect(r.ok ? [] : r.errors).toEqual([]);
    if (r.ok) {
      expect(checkWindows(r.config.windows)).toEqual([]);
      expect(r.config.budget.maxDisruptedShare).toBe(0.01);
    }
  });
});
