import { describe, expect, it } from 'vitest';
import { medianAbsoluteDeviation, robustZ } from './robust';

describe('robust statistics', () => {
  it.each([
    { name: 'The MAD of 1..5 is 1.', values: [1, 2, 3, 4, 5], mad: 1 },
    { name: 'One extreme value does not move the MAD.', values: [1, 2, 3, 4, 1000], mad: 1 },
    { name: 'The MAD of an empty sample is NaN.', values: [], mad: Number.NaN },
  ])('$name', ({ values, mad }) => expect(medianAbsoluteDeviation(values)).toBe(mad));

  it.each([
    { name: 'A value at the median scores 0.', x: 10, history: [9, 10, 11], z: 0 },
    { name: 'A value one scaled MAD above scores 1.', x: 10 + 1.4826 * 10, history: [0, 10, 20], z: 1 },
    { name: 'Identical history falls back to 5 % of the median as scale.', x: 1100, history: [1000, 1000, 1000], z: 2 },
  ])('$name', ({ x, history, z }) => expect(robustZ(x, history)).toBeCloseTo(z, 6));
});
