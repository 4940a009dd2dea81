import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { registerApprovalGauges } from './approval-gauges';

describe('registerApprovalGauges', () => {
  it.each([
    { name: 'No waiting approval exposes no series, not a zero age.', waiting: [], want: [] as string[] },
    {
      name: 'The oldest approval per region sets the age; the count covers all.',
      waiting: [
        { region: 'eu-west-1', createdMs: 1_000_000 },
        { region: 'eu-west-1', createdMs: 1_600_000 },
        { region: 'us-east-1', createdMs: 1_900_000 },
      ],
      want: [
        'plumb_hooks_approvals_waiting{region="eu-west-1"} 2',
        'plumb_hooks_approvals_waiting{region="us-east-1"} 1',
        'plumb_hooks_approval_oldest_wait_seconds{region="eu-west-1"} 1000',
        'plumb_hooks_approval_oldest_wait_seconds{region="us-east-1"} 100',
      ],
    },
  ])('$name', async ({ waiting, want }) => {
    const registry = new Registry();
    registerApprovalGauges(
      registry,
      () => waiting,
      () => 2_000_000,
    );
    const lines = (await registry.metrics()).split('\n').filter((l) => l !== '' && !l.startsWith('#'));
    expect(lines).toEqual(want);
  });
});
