/**
 * rebuild: ask CI to rebuild the workload's image through a webhook. The action
 * id travels as an idempotency key, so a retried call starts one build, not two.
 */
import { withRetry } from '../kube/retry';
import type { Playbook } from './types';

export interface RebuildTarget {
  url: string;
  /** Bearer token, resolved from env or file; never logged. */
  token?: string | undefined;
}

export class CiWebhookError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
  get code() {
    return this.status;
  }
}

export function rebuildPlaybook(target: RebuildTarget | undefined, fetchImpl: typeof fetch = fetch): Playbook {
  return async (ctx) => {
    if (target === undefined) return { ok: false, detail: 'rebuild is not configured (rebuild.url)' };
    const { action } = ctx;
    const res = await withRetry(async () => {
      const r = await fetchImpl(target.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': action.id,
          ...(target.token !== undefined ? { authorization: `Bearer ${target.token}` } : {}),
        },
        body: JSON.stringify({
          actionId: action.id,
          workload: action.workload,
          dimension: action.dimension,
          rule: action.rule,
          node: action.node,
          region: action.region,
        }),
        signal: AbortSignal.timeout(10_000),
      });
      if (r.status >= 500) throw new CiWebhookError(r.status, `CI webhook answered ${r.status}`);
      return r;
    }, ctx.retry);
    if (!res.ok) return { ok: false, detail: `CI webhook answered ${res.status}` };
    return { ok: true, changed: true, detail: `rebuild of ${action.workload} requested (HTTP ${res.status})` };
  };
}
