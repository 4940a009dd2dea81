/**
 * Verification through the Prometheus HTTP API: after an action, is the node's
 * drift series for (workload, dimension) gone? Queries the region's Prometheus.
 */
import { RECORD } from '@plumb/core/contract';

export type DriftCheck = { ok: true; cleared: boolean; series: number } | { ok: false; error: string };

const escape = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"');

/** The instant query whose empty result means "drift cleared". */
export function driftQuery(node: string, workload: string, dimension: string): string {
  return `${RECORD.drift}{node="${escape(node)}",workload="${escape(workload)}",dimension="${escape(dimension)}"}`;
}

export class PrometheusVerifier {
  constructor(
    private readonly urls: { default?: string | undefined; regions: Record<string, string> },
    private readonly timeoutMs: number,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  urlFor(region: string): string | undefined {
    return this.urls.regions[region] ?? this.urls.default;
  }

  async driftCleared(region: string, node: string, workload: string, dimension: string): Promise<DriftCheck> {
    const base = this.urlFor(region);
    if (base === undefined) return { ok: false, error: `no Prometheus configured for region ${region}` };
    const url = new URL('/api/v1/query', base);
    url.searchParams.set('query', driftQuery(node, workload, dimension));
    try {
      const res = await this.fetchImpl(url, { signal: AbortSignal.timeout(this.timeoutMs) });
      if (!res.ok) return { ok: false, error: `Prometheus ${base} answered ${res.status}` };
      const body = (await res.json()) as { status?: string; data?: { result?: unknown[] } };
      if (body.status !== 'success' || !Array.isArray(body.data?.result)) return { ok: false, error: `Prometheus ${base} gave an unexpected answer` };
      return { ok: true, cleared: body.data.result.length === 0, series: body.data.result.length };
    } catch (err) {
      return { ok: false, error: `Prometheus ${base} unreachable: ${(err as Error).message}` };
    }
  }
}
