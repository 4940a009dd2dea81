import { describe, expect, it } from 'vitest';
import { loadSpecFile } from './spec-file';

describe('loadSpecFile', () => {
  it('A missing file is an error result naming the file, not a throw.', () => {
    const r = loadSpecFile('no/such/file.yaml');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatchObject({ file: 'no/such/file.yaml', message: 'cannot read spec: ENOENT' });
  });

  it('A readable file goes through the loading stages.', () => {
    expect(loadSpecFile('examples/paywave/desired-state.yaml').ok).toBe(true);
  });
});
