/**
 * Shared state records as ConfigMaps, written with optimistic concurrency: every
 * update carries the resourceVersion this replica last saw, so a write based on
 * stale state is refused (409) instead of overwriting another writer. A refused
 * write means someone else holds the pen: the caller stops acting.
 */
import type { V1ConfigMap } from '@kubernetes/client-node';
import type { KubeClients } from '../kube/clients';
import { statusOf } from '../kube/retry';
import { MANAGED_BY, MANAGED_BY_LABEL, STATE_KIND_LABEL, objectName, type StateKindName } from './kinds';

export interface StoredRecord {
  key: string;
  value: unknown;
}

/** A write lost a compare-and-set race: another writer changed or created the object. */
export class StateConflict extends Error {}

const PAGE = 500;

export class ConfigMapStore {
  /** Object name → resourceVersion this replica last read or wrote. */
  private readonly versions = new Map<string, string>();

  constructor(
    private readonly kube: KubeClients,
    readonly namespace: string,
  ) {}

  /** Every record of a kind, page by page; remembers each object's resourceVersion. */
  async list(kind: StateKindName): Promise<StoredRecord[]> {
    const out: StoredRecord[] = [];
    let token: string | undefined;
    do {
      const page = await this.kube.core.listNamespacedConfigMap({
        namespace: this.namespace,
        labelSelector: `${STATE_KIND_LABEL}=${kind}`,
        limit: PAGE,
        _continue: token,
      });
      for (const cm of page.items) {
        const name = cm.metadata?.name ?? '';
        const key = cm.data?.key;
        const text = cm.data?.record;
        if (key === undefined || text === undefined) throw new Error(`ConfigMap ${this.namespace}/${name}: no key or record; shared state is not trustworthy`);
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch {
          throw new Error(`ConfigMap ${this.namespace}/${name}: record is not JSON; shared state is not trustworthy`);
        }
        this.versions.set(name, cm.metadata!.resourceVersion!);
        out.push({ key, value });
      }
      token = page.metadata?._continue || undefined;
    } while (token !== undefined);
    return out;
  }

  /** Forgets what was seen; the next `list` starts afresh (a new term as leader). */
  reset(): void {
    this.versions.clear();
  }

  /**
   * Creates or replaces one record. Throws `StateConflict` when the object changed
   * since this replica last saw it, or appeared although it had not seen it.
   */
  async put(kind: StateKindName, key: string, value: unknown): Promise<void> {
    const name = objectName(kind, key);
    const body: V1ConfigMap = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name,
        namespace: this.namespace,
        labels: { [STATE_KIND_LABEL]: kind, [MANAGED_BY_LABEL]: MANAGED_BY },
        resourceVersion: this.versions.get(name),
      },
      data: { key, record: JSON.stringify(value) },
    };
    try {
      const written = this.versions.has(name)
        ? await this.kube.core.replaceNamespacedConfigMap({ name, namespace: this.namespace, body })
        : await this.kube.core.createNamespacedConfigMap({ namespace: this.namespace, body });
      this.versions.set(name, written.metadata!.resourceVersion!);
    } catch (err) {
      if (statusOf(err) === 409) throw new StateConflict(`${kind} ${key}: ConfigMap ${this.namespace}/${name} was written by someone else (409)`);
      throw err;
    }
  }
}
