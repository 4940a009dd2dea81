import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ledger } from './ledger';
import type { WebhookAlert } from '../webhook/schema';

const alert = (fp: string, startsAt: string, status: 'firing' | 'resolved' = 'firing'): WebhookAlert => ({
  status,
  labels: { alertname: 'PlumbConfigDrift', node: 'n1' },
  annotations: {},
  startsAt,
  fingerprint: fp,
});

describe('Ledger.ingest', () => {
  it.each([
    ['stores a new alert', [[alert('a', '2026-01-01T00:00:00.000Z')]], ['new']],
    [
      'deduplicates the same fingerprint and startsAt',
      [[alert('a', '2026-01-01T00:00:00.000Z')], [alert('a', '2026-01-01T00:00:00.000Z')]],
      ['new', 'duplicate'],
    ],
    ['treats a new startsAt as a new episode', [[alert('a', '2026-01-01T00:00:00.000Z')], [alert('a', '2026-01-02T00:00:00.000Z')]], ['new', 'new']],
    [
      'records a resolution once, then sees duplicates',
      [[alert('a', '2026-01-01T00:00:00.000Z')], [alert('a', '2026-01-01T00:00:00.000Z', 'resolved')], [alert('a', '2026-01-01T00:00:00.000Z', 'resolved')]],
      ['new', 'resolved', 'duplicate'],
    ],
    [
      'deduplicates within one batch (an HA pair merged)',
      [[alert('a', '2026-01-01T00:00:00.000Z'), alert('a', '2026-01-01T00:00:00.000Z')]],
      ['new', 'duplicate'],
    ],
  ] as const)('%s', (_n, batches, expected) => {
    const ledger = new Ledger(join(mkdtempSync(join(tmpdir(), 'plumb-ledger-')), 'l.db'));
    const outcomes = batches.flatMap((b) => ledger.ingest(b as unknown as WebhookAlert[], 1));
    expect(outcomes).toEqual(expected);
    ledger.close();
  });

  it('survives a reopen: what was acked is still there', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'plumb-ledger-')), 'l.db');
    const first = new Ledger(path);
    first.ingest([alert('a', '2026-01-01T00:00:00.000Z')], 1);
    first.close();
    const second = new Ledger(path);
    expect(second.ingest([alert('a', '2026-01-01T00:00:00.000Z')], 2)).toEqual(['duplicate']);
    expect(second.pendingAlerts()).toHaveLength(1);
    second.close();
  });
});
