/**
 * What the snapshot writer keeps while it follows the change topic: each node's folded
 * state and how far each partition has been read. Every `everyMs` it hands out one
 * snapshot per node that changed since its last one (a node that did not change needs
 * none: its last snapshot still holds, and the reader finds it further back). Pure: the
 * service that reads the topic and writes `plumb.config-snapshots` feeds it.
 */
import type { ChangeEvent } from '@plumb/core/state/events';
import { emptyState, foldEvent, snapshotOf, type NodeState } from './fold';
import type { ConfigSnapshot } from './snapshot';

export class SnapshotBook {
  private readonly nodes = new Map<string, NodeState>();
  private readonly nextOffset = new Map<number, number>();
  private readonly changed = new Set<string>();

  /** Folds the record at `offset` of `partition` (records of a partition in offset order). */
  fold(partition: number, offset: number, event: ChangeEvent | undefined): void {
    this.nextOffset.set(partition, offset + 1);
    if (!event) return;
    let state = this.nodes.get(event.node);
    if (!state) this.nodes.set(event.node, (state = emptyState(event.node, partition)));
    if (foldEvent(state, event)) this.changed.add(event.node);
  }

  /** Snapshots, at `atMs`, of every node that changed since the last call. */
  takeSnapshots(atMs: number): ConfigSnapshot[] {
    const out: ConfigSnapshot[] = [];
    for (const node of [...this.changed].sort()) {
      const state = this.nodes.get(node);
      if (!state) continue;
      out.push(snapshotOf(state, atMs, this.nextOffset.get(state.partition) ?? 0));
    }
    this.changed.clear();
    return out;
  }
}
