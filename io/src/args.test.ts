import { describe, expect, it } from 'vitest';
import { commaList, parseCommandArgs, stringOptions } from './args';

describe('commaList', () => {
  it.each([
    { name: 'Items are split on commas and trimmed.', text: 'a, b ,c', want: ['a', 'b', 'c'] },
    { name: 'Empty items are dropped.', text: 'a,,b,', want: ['a', 'b'] },
    { name: 'An empty text is an empty list.', text: '', want: [] },
  ])('$name', ({ text, want }) => expect(commaList(text)).toEqual(want));
});

describe('stringOptions', () => {
  it('Each named option takes a string value.', () => {
    const parsed = parseCommandArgs(['--region', 'eu-west-1', '--pool', 'gpu'], stringOptions('region', 'pool'));
    expect(parsed).toEqual({ ok: true, positionals: [], values: { region: 'eu-west-1', pool: 'gpu' } });
  });

  it('An option not named is refused, naming it.', () => {
    const parsed = parseCommandArgs(['--zone', 'a'], stringOptions('region'));
    expect(parsed).toMatchObject({ ok: false, error: expect.stringContaining('--zone') });
  });
});
