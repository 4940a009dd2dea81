import { describe, expect, it } from 'vitest';
import type { ChangeEvent } from '@plumb/core/state/events';
import { decodeChange, encodeChange } from './encode';

const event: ChangeEvent = {
  eventId: 'n1:spark-streaming:tz:7',
  node: 'n1',
  region: 'eu-west-1',
  workload: 'spark-streaming',
  dimension: 'tz',
  oldHash: 'aaaaaaaaaaaaaaaa',
  newHash: 'bbbbbbbbbbbbbbbb',
  value: 'UTC',
  observedAtMs: 1_700_000_000_000,
  seq: 7,
};

describe('change encoding', () => {
  it('keys the record by node and stamps it with the observed time', () => {
    const r = encodeChange(event);
    expect(r.key).toBe('n1');
    expect(r.timestampMs).toBe(event.observedAtMs);
    expect(r.headers?.['plumb-event-id']).toBe(event.eventId);
  });

  it('round-trips an event unchanged', () => {
    const d = decodeChange(encodeChange(event).value, 't');
    expect(d).toEqual({ ok: true, event });
  });

  it('drops fields outside the contract so a stray raw value never reaches the wire', () => {
    const leaky = { ...event, rawValue: 'hunter2-secret', error: 'parse failed near hunter2-secret' } as ChangeEvent;
    expect(encodeChange(leaky).value).not.toContain('hunter2');
  });

  const bad: [string, string | null, RegExp][] = [
    ['an empty record is rejected', null, /empty record/],
    ['text that is not JSON is rejected', 'nope', /not JSON/],
    ['another schema is rejected', JSON.stringify({ ...event, schema: 'other' }), /schema/],
    ['a missing node is rejected', JSON.stringify({ ...event, schema: 'plumb.change/v1', node: '' }), /field node/],
    ['a non-numeric seq is rejected', JSON.stringify({ ...event, schema: 'plumb.change/v1', seq: '7' }), /field seq/],
  ];
  it.each(bad)('%s', (_n, value, error) => {
    const d = decodeChange(value, 'topic[0]@5');
    expect(d.ok).toBe(false);
    if (!d.ok) expect(d.error).toMatch(error);
    if (!d.ok) expect(d.error).toContain('topic[0]@5');
  });
});
