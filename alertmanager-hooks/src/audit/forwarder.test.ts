import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyCheckpoints } from '@plumb/history/audit/checkpoint';
import { AuditForwarder, type AuditSink, type ForwardPosition } from './forwarder';
import { AuditLog } from './log';

const tmp = () => join(mkdtempSync(join(tmpdir(), 'plumb-forward-')), 'audit.jsonl');
const entry = (i: number) => ({ atMs: i, actor: 'plumb-hooks/t', kind: 'decision', data: { i } });
const waitFor = async (what: string, ok: () => boolean) => {
  for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!ok()) throw new Error(`timed out: ${what}`);
};

/** A Kafka stand-in that can be down; it records what it received and from where each connection resumed. */
function broker() {
  const state = {
    up: false,
    anchorUp: true,
    received: [] as number[],
    resumedFrom: [] as (number | undefined)[],
    log: [] as string[],
    anchors: [] as string[],
  };
  const connect = async (from: ForwardPosition | undefined): Promise<AuditSink> => {
    if (!state.up) throw new Error('broker down');
    state.resumedFrom.push(from?.seq);
    return {
      write: async (rs) => {
        if (!state.up) throw new Error('broker down');
        state.received.push(...rs.map((r) => r.seq));
        state.log.push(...rs.map((r) => `record ${r.seq}`));
      },
      anchor: async (c) => {
        if (!state.up || !state.anchorUp) throw new Error('broker down');
        state.log.push(`checkpoint ${c.seq}`);
        state.anchors.push(JSON.stringify(c));
      },
      close: async () => {},
    };
  };
  return { state, connect };
}

describe('AuditForwarder', () => {
  it('sends a large backlog in requests under the byte limit, in order', async () => {
    const path = tmp();
    const b = broker();
    const sizes: number[] = [];
    const connect = async (from: ForwardPosition | undefined): Promise<AuditSink> => {
      const sink = await b.connect(from);
      return { ...sink, write: (rs) => (sizes.push(rs.reduce((n, r) => n + JSON.stringify(r).length, 0)), sink.write(rs)) };
    };
    let forwarder: AuditForwarder | undefined;
    const log = new AuditLog(path, { onDurable: (rs) => forwarder?.push(rs) });
    forwarder = new AuditForwarder({ auditPath: path, connect, log: () => {}, retryMinMs: 5, retryMaxMs: 20, batchBytes: 4_000 });
    forwarder.start();
    for (let i = 1; i <= 40; i++) await log.record({ ...entry(i), data: { i, detail: 'x'.repeat(400) } });
    b.state.up = true;
    await waitFor('the backlog to drain', () => forwarder!.pending === 0);
    expect(b.state.received).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(sizes.length).toBeGreaterThan(1);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(4_000);
    await forwarder.close();
  });

  it('gives up on a write that never settles, reconnects and delivers everything', async () => {
    const path = tmp();
    const b = broker();
    b.state.up = true;
    let hangs = 1;
    const connect = async (from: ForwardPosition | undefined): Promise<AuditSink> => {
      const sink = await b.connect(from);
      return { ...sink, write: (rs) => (hangs-- > 0 ? new Promise<void>(() => {}) : sink.write(rs)) };
    };
    const logged: string[] = [];
    let forwarder: AuditForwarder | undefined;
    const log = new AuditLog(path, { onDurable: (rs) => forwarder?.push(rs) });
    forwarder = new AuditForwarder({ auditPath: path, connect, log: (m) => logged.push(m), retryMinMs: 5, retryMaxMs: 20, stepTimeoutMs: 50 });
    forwarder.start();
    for (let i = 1; i <= 5; i++) await log.record(entry(i));
    await waitFor('the backlog to drain after the hung write', () => forwarder!.pending === 0);
    expect(b.state.received).toEqual([1, 2, 3, 4, 5]);
    expect(logged[0]).toMatch(/writing to Kafka took longer than 50 ms/);
    await forwarder.close();
  });

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

  it('publishes a signed checkpoint after each acknowledged batch, waiting with the records while Kafka is down, never ahead of them', async () => {
    const path = tmp();
    const b = broker();
    let forwarder: AuditForwarder | undefined;
    const log = new AuditLog(path, { onDurable: (rs) => forwarder?.push(rs) });
    forwarder = new AuditForwarder({ auditPath: path, connect: b.connect, checkpointKey: 'k', log: () => {}, retryMinMs: 5, retryMaxMs: 20, batch: 4 });
    forwarder.start();
    for (let i = 1; i <= 10; i++) await log.record(entry(i));
    expect(b.state.anchors).toEqual([]);
    // Kafka takes the records but not the checkpoint: the batch stays in the backlog and goes again.
    b.state.up = true;
    b.state.anchorUp = false;
    await waitFor('a first attempt', () => b.state.received.length > 0);
    expect(forwarder.pending).toBe(10);
    b.state.anchorUp = true;
    await waitFor('the backlog to drain', () => forwarder!.pending === 0);
    const hashes = new Map(log.readAll().map((r) => [r.seq, r.hash]));
    expect(verifyCheckpoints(b.state.anchors, hashes, 'k')).toEqual({ ok: true, checked: 3, highestSeq: 10 });
    for (const [i, line] of b.state.log.entries()) {
      const m = /^checkpoint (\d+)$/.exec(line);
      if (m) expect(b.state.log.slice(0, i)).toContain(`record ${m[1]}`);
    }
    await log.close();
    await forwarder.close();
  });
});
