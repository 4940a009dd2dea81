/**
 * Pods and nodes from a watch-backed cache (an informer): one list, then a
 * watch from its resourceVersion, instead of listing every pod in the cluster
 * every round and on every budget query. Objects arrive as plain JSON (no model
 * classes), reduced to the facts the guardrails read.
 *
 * Fail closed: until both kinds are synced, and whenever a watch has been down
 * longer than `staleAfterMs`, `snapshot()` returns undefined, so costs are
 * unknown and disruptive actions are refused, never guessed.
 */
import { Watch, type V1Node, type V1Pod } from '@kubernetes/client-node';
import type { KubeClients } from './clients';
import { listJson } from './raw-list';
import { nodeFacts, podFacts, type ClusterSnapshot } from './snapshot';
import { countTasks, type NodeFacts, type PodFacts, type TaskWeight, type WorkloadSelectors } from './tasks';

interface Kind<F> {
  path: string;
  facts: (o: any) => F;
  items: Map<string, F>;
  synced: boolean;
  /** When the watch last broke; undefined while it runs. */
  downSinceMs: number | undefined;
  abort: AbortController | undefined;
}

export class ClusterCache {
  private readonly pods: Kind<PodFacts> = {
    path: '/api/v1/pods',
    facts: (p: V1Pod) => podFacts(p),
    items: new Map(),
    synced: false,
    downSinceMs: undefined,
    abort: undefined,
  };
  private readonly nodes: Kind<NodeFacts> = {
    path: '/api/v1/nodes',
    facts: (n: V1Node) => nodeFacts(n),
    items: new Map(),
    synced: false,
    downSinceMs: undefined,
    abort: undefined,
  };
  private stopped = false;

  constructor(
    private readonly kube: KubeClients,
    private readonly log: (msg: string) => void,
    private readonly opts: { staleAfterMs: number; retryMs: number } = { staleAfterMs: 30_000, retryMs: 1_000 },
  ) {}

  start(): void {
    void this.run(this.pods);
    void this.run(this.nodes);
  }

  /** Resolves once both kinds have been listed, or after `timeoutMs` (then `snapshot()` stays undefined until they are). */
  async synced(timeoutMs: number): Promise<boolean> {
    const end = Date.now() + timeoutMs;
    while (!(this.pods.synced && this.nodes.synced) && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    return this.pods.synced && this.nodes.synced;
  }

  stop(): void {
    this.stopped = true;
    this.pods.abort?.abort();
    this.nodes.abort?.abort();
  }

  /** Why there is no snapshot, or undefined when there is one. */
  get problem(): string | undefined {
    for (const k of [this.pods, this.nodes]) {
      if (!k.synced) return `${k.path} not synced yet`;
      if (k.downSinceMs !== undefined && Date.now() - k.downSinceMs > this.opts.staleAfterMs)
        return `${k.path} watch down for ${Math.round((Date.now() - k.downSinceMs) / 1000)} s`;
    }
    return undefined;
  }

  /** What the cache holds of one node now (undefined when it holds none), whether or not a snapshot can be taken. */
  node(name: string): NodeFacts | undefined {
    for (const n of this.nodes.items.values()) if (n.name === name) return n;
    return undefined;
  }

  snapshot(selectors: WorkloadSelectors, weights: readonly TaskWeight[], defaultTasks: number): ClusterSnapshot | undefined {
    if (this.problem !== undefined) return undefined;
    const nodes = new Map([...this.nodes.items.values()].map((n) => [n.name, n] as const));
    const pods = [...this.pods.items.values()];
    return { nodes, pods, tasks: countTasks(pods, nodes, selectors, weights, defaultTasks) };
  }

  /**
   * List, then watch from the list's resourceVersion. A watch that ends (the
   * client's 30 s inactivity timeout, a server timeout) resumes from the last
   * resourceVersion seen (bookmarks included); only a 410 Gone or a failure lists again.
   */
  private async run<F>(kind: Kind<F>): Promise<void> {
    while (!this.stopped) {
      try {
        const list = (await listJson<any>(this.kube.config, kind.path)) as { items: any[]; metadata?: { resourceVersion?: string } };
        kind.items = new Map(list.items.map((o) => [o.metadata?.uid ?? o.metadata?.name, kind.facts(o)]));
        kind.synced = true;
        kind.downSinceMs = undefined;
        let rv = list.metadata?.resourceVersion;
        while (!this.stopped && rv !== undefined) rv = await this.watchFrom(kind, rv);
      } catch (err) {
        this.log(`list ${kind.path} failed: ${(err as Error).message?.split('\n')[0]}`);
      }
      kind.downSinceMs ??= Date.now();
      if (!this.stopped) await new Promise((r) => setTimeout(r, this.opts.retryMs));
    }
  }

  /** One watch; resolves with the resourceVersion to resume from, or undefined to list again. */
  private watchFrom<F>(kind: Kind<F>, from: string): Promise<string | undefined> {
    let rv: string | undefined = from;
    return new Promise((resolve) => {
      void new Watch(this.kube.config)
        .watch(
          kind.path,
          { resourceVersion: from, allowWatchBookmarks: true },
          (phase, obj) => {
            if (phase === 'ERROR') {
              rv = undefined; // 410 Gone: the resourceVersion is too old; list again
              return;
            }
            rv = obj?.metadata?.resourceVersion ?? rv;
            const key = obj?.metadata?.uid ?? obj?.metadata?.name;
            if (phase === 'ADDED' || phase === 'MODIFIED') kind.items.set(key, kind.facts(obj));
            else if (phase === 'DELETED') kind.items.delete(key);
          },
          (err) => {
            const timeout = (err as Error | null)?.name === 'TimeoutError';
            if (err && !timeout && !this.stopped) {
              this.log(`watch ${kind.path} ended: ${(err as Error).message?.split('\n')[0] ?? err}; listing again`);
              rv = undefined;
            }
            resolve(rv);
          },
        )
        .then(
          (abort) => (kind.abort = abort),
          (err) => {
            this.log(`watch ${kind.path} failed: ${(err as Error).message?.split('\n')[0]}`);
            resolve(undefined);
          },
        );
    });
  }
}
