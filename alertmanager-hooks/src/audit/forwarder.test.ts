import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditRecord, EventSink } from '@plumb/core/state/events';
import { AuditForwarder, type ForwardPosition } from './forwarder';
import { AuditLog } from './log';

const tmp = () => join(mkdtempSync(join(tmpdir(), 'plumb-forward-')), 'audit.jsonl');
const entry = (i: number) => ({ atMs: i, actor: 'plumb-hooks/t', kind: 'decision', data: { i } });
const waitFor = async (what: string, ok: () => boolean) => {
  for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!ok()) throw new Error(`timed out: ${what}`);
};

/** A Kafka stand-in that can be down; it records what it received and from where each connection resumed. */
function broker() {
  const state = { up: false, received: [] as number[], resumedFrom: [] as (number | undefined)[] };
  const connect = async (from: ForwardPosition | undefined): Promise<EventSink<AuditRecord>> => {
    if (!state.up) throw new Error('broker down');
    state.resumedFrom.push(from?.seq);
    return {
      write: async (rs) => {
        if (!state.up) throw new Error('broker down');
        state.received.push(...rs.map((r) => r.seq));
      },
      close: async () => {},
    };
  };
  return { state, connect };
}

describe('AuditForwarder', () => {
  it('never holds a decision back while Kafka is down, keeps an ordered backlog with its lag, and sends it all when Kafka returns', async () => {
    const path = tmp();
    const b = broker();
    const backlog: number[] = [];
    let forwarder: AuditForwarder | undefined;
    const log = new AuditLog(path, { onDurable: (rs) => forwarder?.push(rs) });
    forwarder = new AuditForwarder({ auditPath: path, connect: b.connect, log: () => {}, onBacklog: (n) => backlog.push(n), retryMinMs: 5, retryMaxMs: 20 });
    forwarder.start();
    // Every record resolves although the broker is down.
    for (let i = 1; i <= 30; i++) await log.record(entry(i));
    expect(forwarder.pending).toBe(30);
    expect(Math.max(...backlog)).toBe(30);
    b.state.up = true;
    await waitFor('the backlog to drain', () => forwarder!.pending === 0);
    expect(b.state.received).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(backlog.at(-1)).toBe(0);
    await log.close();
    await forwarder.close();
  });

  it('after a restart sends what Kafka never acknowledged, continuing from the acknowledged position', async () => {
    const path = tmp();
    const b = broker();
    b.state.up = true;
    let first: AuditForwarder | undefined;
    const log1 = new AuditLog(path, { onDurable: (rs) => first?.push(rs) });
    first = new AuditForwarder({ auditPath: path, connect: b.connect, log: () => {}, retryMinMs: 5 });
    for (let i = 1; i <= 5; i++) await log1.record(entry(i));
    await waitFor('5 records forwarded', () => first!.pending === 0);
    b.state.up = false;
    for (let i = 6; i <= 8; i++) await log1.record(entry(i));
    await log1.close();
    await first.close(50);

    b.state.up = true;
    const second = new AuditForwarder({ auditPath: path, connect: b.connect, log: () => {}, retryMinMs: 5 });
    expect(second.pending).toBe(3);
    second.start();
    await waitFor('the rest forwarded', () => second.pending === 0);
    expect(b.state.received).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(b.state.resumedFrom.at(-1)).toBe(5);
    await second.close();
  });
});
