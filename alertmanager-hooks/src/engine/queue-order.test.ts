import { describe, expect, it } from 'vitest';
import type { ActionRecord } from '../ledger/action';
import { orderQueue } from './queue-order';

const a = (id: string, severity: string, createdMs: number) => ({ id, severity, createdMs }) as ActionRecord;

describe('orderQueue', () => {
  it.each([
    {
      name: 'Worse severity goes first, whatever its age or impact.',
      actions: [a('old-info', 'info', 1), a('new-correctness', 'correctness-risk', 9), a('sla', 'sla-risk', 5)],
      impact: { 'old-info': 100 } as Record<string, number>,
      want: ['new-correctness', 'sla', 'old-info'],
    },
    {
      name: 'Within a severity, the higher measured impact goes first.',
      actions: [a('low', 'sla-risk', 1), a('high', 'sla-risk', 2)],
      impact: { low: 10, high: 80 },
      want: ['high', 'low'],
    },
    {
      name: 'With equal severity and impact, the oldest goes first.',
      actions: [a('newer', 'sla-risk', 2), a('older', 'sla-risk', 1)],
      impact: {},
      want: ['older', 'newer'],
    },
  ])('$name', ({ actions, impact, want }) => {
    expect(orderQueue(actions, (x) => impact[x.id] ?? 0).map((x) => x.id)).toEqual(want);
  });
});
