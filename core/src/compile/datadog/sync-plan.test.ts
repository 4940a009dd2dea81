import { describe, expect, it } from 'vitest';
import type { DatadogMonitor } from './monitor-types';
import { planSync, type ExistingMonitor } from './sync-plan';

const want = (key: string, query = 'max(last_5m):max:plumb.report.partial{*} by {node} >= 1'): DatadogMonitor => ({
  name: `m ${key}`,
  type: 'query alert',
  query,
  message: 'x @webhook-plumb-hooks',
  tags: ['managed-by:plumb', 'plumb-fleet:f', `plumb-monitor:${key}`],
  priority: 2,
  options: {
    thresholds: { critical: 1 },
    notify_no_data: false,
    renotify_interval: 60,
    renotify_statuses: ['alert'],
    include_tags: true,
    require_full_window: false,
    new_group_delay: 60,
    notify_audit: false,
  },
});
const have = (id: number, m: DatadogMonitor, extraOptions: Record<string, unknown> = { silenced: {} }): ExistingMonitor => ({
  id,
  ...m,
  options: { ...m.options, ...extraOptions },
});

describe('planSync', () => {
  it.each<[string, DatadogMonitor[], ExistingMonitor[], { create: number; update: number; delete: number; unchanged: number }]>([
    ['creates every monitor when Datadog holds none', [want('a'), want('b')], [], { create: 2, update: 0, delete: 0, unchanged: 0 }],
    [
      'writes nothing when every field Plumb sets is equal, whatever defaults Datadog added',
      [want('a')],
      [have(1, want('a'))],
      { create: 0, update: 0, delete: 0, unchanged: 1 },
    ],
    ['updates a monitor whose query changed', [want('a', 'q2')], [have(1, want('a'))], { create: 0, update: 1, delete: 0, unchanged: 0 }],
    [
      'deletes a managed monitor that is no longer in the spec',
      [want('a')],
      [have(1, want('a')), have(2, want('gone'))],
      { create: 0, update: 0, delete: 1, unchanged: 1 },
    ],
    [
      'deletes duplicates of one key and keeps the oldest',
      [want('a')],
      [have(5, want('a')), have(3, want('a'))],
      { create: 0, update: 0, delete: 1, unchanged: 1 },
    ],
    [
      'never touches a monitor without managed-by:plumb',
      [],
      [{ ...have(9, want('a')), tags: ['plumb-monitor:a'] }],
      { create: 0, update: 0, delete: 0, unchanged: 0 },
    ],
  ])('It %s.', (_name, wanted, existing, counts) => {
    const plan = planSync(wanted, existing);
    expect({ create: plan.create.length, update: plan.update.length, delete: plan.delete.length, unchanged: plan.unchanged.length }).toEqual(counts);
  });
});
