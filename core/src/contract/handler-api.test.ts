import { describe, expect, it } from 'vitest';
import { ActionViewSchema, PauseRequestSchema } from './handler-api';

const issues = (v: unknown) => {
  const r = PauseRequestSchema.safeParse(v);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};
const ok = { reason: 'incident 4711', expiresInMinutes: 60 };

describe('PauseRequestSchema', () => {
  it.each([
    ['accepts a global pause', { scope: 'global', ...ok }, []],
    ['accepts a region pause naming its region', { scope: 'region', region: 'eu-west-1', ...ok }, []],
    ['accepts a workload pause naming its workload', { scope: 'workload', workload: 'spark-streaming', ...ok }, []],
    ['refuses a region pause without a region', { scope: 'region', ...ok }, ['region: scope region needs region']],
    ['refuses a global pause that names a workload', { scope: 'global', workload: 'x', ...ok }, ['workload: only scope workload takes workload']],
    ['refuses a pause without a reason', { scope: 'global', reason: '  ', expiresInMinutes: 5 }, ['reason: Too small: expected string to have >=3 characters']],
    [
      'refuses a pause longer than seven days',
      { scope: 'global', reason: 'long one', expiresInMinutes: 7 * 24 * 60 + 1 },
      ['expiresInMinutes: Too big: expected number to be <=10080'],
    ],
    ['refuses an unknown field', { scope: 'global', ...ok, by: 'someone-else' }, [': Unrecognized key: "by"']],
  ])('%s', (_n, body, want) => expect(issues(body)).toEqual(want));
});

describe('ActionViewSchema', () => {
  it('refuses an action state outside the contract, naming the field', () => {
    const r = ActionViewSchema.safeParse({ state: 'exploded' });
    expect(r.success ? [] : r.error.issues.map((i) => i.path.join('.'))).toContain('state');
  });
});
