// @vitest-environment jsdom
/** Excepted drift is shown with its ticket, approver and expiry, soonest first. */
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { exceptedFrom } from '../../api/drift';
import { testIds } from '../../testIds';
import { ExceptedDriftTable } from './ExceptedDriftTable';

afterEach(cleanup);

const NOW = Date.parse('2026-06-01T00:00:00Z') / 1000;
const series = (node: string, dimension: string, expires: number) => ({
  metric: { node, region: 'eu-west-1', workload: 'spark-batch', dimension, severity: 'sla-risk', ticket: 'CHG-1042', approver: 'dana.lee@paywave.example' },
  value: [NOW, String(expires)] as [number, string],
});

describe('the excepted drift table', () => {
  const rows = exceptedFrom([
    series('ip-10-0-1-17', 'spark.sql.shuffle.partitions', NOW + 30 * 86400),
    series('ip-10-0-1-18', 'spark.sql.shuffle.partitions', NOW + 3 * 86400),
  ]);

  it('lists excepted drift soonest expiry first, with ticket, approver and the expiry date.', () => {
    render(<ExceptedDriftTable rows={rows} nowSeconds={NOW} />);
    const table = screen.getByTestId(testIds.drift.excepted);
    const order = [...table.querySelectorAll('tbody tr')].map((tr) => tr.getAttribute('data-testid'));
    expect(order).toEqual([
      testIds.drift.exceptedRow('ip-10-0-1-18', 'spark.sql.shuffle.partitions'),
      testIds.drift.exceptedRow('ip-10-0-1-17', 'spark.sql.shuffle.partitions'),
    ]);
    const later = screen.getByTestId(testIds.drift.exceptedRow('ip-10-0-1-17', 'spark.sql.shuffle.partitions')).textContent ?? '';
    expect(later).toContain('CHG-1042');
    expect(later).toContain('dana.lee@paywave.example');
    expect(later).toContain('2026-07-01 00:00:00Z (in 30d)');
    expect(later).not.toContain('expires within a week');
  });

  it('marks an exception that expires within a week, as the expiry alert does.', () => {
    render(<ExceptedDriftTable rows={rows} nowSeconds={NOW} />);
    expect(screen.getByTestId(testIds.drift.exceptedRow('ip-10-0-1-18', 'spark.sql.shuffle.partitions')).textContent).toContain('expires within a week');
  });

  it('says so when nothing is excepted.', () => {
    render(<ExceptedDriftTable rows={[]} nowSeconds={NOW} />);
    expect(screen.getByTestId(testIds.drift.excepted).textContent).toBe('No drift is excepted.');
  });
});
