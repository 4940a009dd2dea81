// @vitest-environment jsdom
/** The Impact table renders the shared ranking in order, with its statistics. */
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { rankImpact } from '@plumb/core/impact/rank';
import { testIds } from '../testIds';
import { ImpactTable } from './Impact';

afterEach(cleanup);

const members = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((n) => ({ node: n, region: 'eu-west-1', workload: 'kafka-consumer' }));
const ranked = rankImpact({
  members,
  drift: [
    { node: 'a', region: 'eu-west-1', workload: 'kafka-consumer', dimension: 'enable.auto.commit', hash: 'h1', value: 'true', severity: 'correctness-risk' },
    { node: 'b', region: 'eu-west-1', workload: 'kafka-consumer', dimension: 'enable.auto.commit', hash: 'h1', value: 'true', severity: 'correctness-risk' },
    { node: 'c', region: 'eu-west-1', workload: 'kafka-consumer', dimension: 'SNOWFLAKE_ENDPOINT', hash: 'abcdef0123456789', severity: 'info' },
  ],
  symptoms: [{ name: 'duplicate_loads', unit: 'rows/s', worse: 'higher' }],
  samples: members.map((m, i) => ({ symptom: 'duplicate_loads', node: m.node, value: m.node === 'a' || m.node === 'b' ? 50 + i : 0.1 * i })),
});

describe('the impact table', () => {
  it('lists cohorts in rank order with nodes affected, effect, p-value and score.', () => {
    render(<ImpactTable ranked={ranked} />);
    const first = screen.getByTestId(testIds.impact.row(1)).textContent ?? '';
    expect(first).toContain('enable.auto.commit = true');
    expect(first).toContain('2 / 7');
    expect(first).toContain('1.00 (large)');
    expect(first).toContain('duplicate_loads');
  });
  it('shows a secret cohort by a hash prefix, never a value.', () => {
    render(<ImpactTable ranked={ranked} />);
    expect(screen.getByTestId(testIds.impact.row(2)).textContent).toContain('SNOWFLAKE_ENDPOINT = #abcdef01');
  });
});
