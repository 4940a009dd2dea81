/**
 * Verification through the Prometheus HTTP API: after an action, did the node's drift
 * for (workload, dimension) really clear? Silence is not evidence: "no drift series" is
 * also what an exporter that went down, a dimension that stopped being reported or a
 * regional Prometheus outage look like. So a drift counts as cleared only on positive
 * evidence: the node is reporting (not unknown), its collectors succeeded after the
 * action, the dimension is present, and no drift series remains for it.
 */
import { redactUrl, withoutCredentials } from '@plumb/core/redact/url';
import { evidenceQueries, poolInServiceQuery } from './evidence';

export type DriftCheck =
  | { ok: true; cleared: true; evidence: string }
  /** `series`: drift series still there (0 when the evidence is missing instead; `why` says which). */
  | { ok: true; cleared: false; series: number; why: string }
  | { ok: false; error: string };

export { driftQuery } from './evidence';

type Sample = { metric: Record<string, string>; value: [number, string] };

export class PrometheusVerifier {
  constructor(
    private readonly urls: { default?: string | undefined; regions: Record<string, string> },
    private readonly timeoutMs: number,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  urlFor(region: string): string | undefined {
    return this.urls.regions[region] ?? this.urls.default;
  }

  /**
   * Whether the drift of (node, workload, dimension) cleared, judged from what the node
   * reports after `sinceMs` (the action's start; undefined asks only for current evidence).
   */
  async driftCleared(region: string, node: string, workload: string, dimension: string, sinceMs?: number): Promise<DriftCheck> {
    const base = this.urlFor(region);
    if (base === undefined) return { ok: false, error: `no Prometheus configured for region ${region}` };
    const q = evidenceQueries(node, workload, dimension);
    const results = await Promise.all([q.drift, q.present, q.unknown, q.collected].map((expr) => this.query(base, expr)));
    const failed = results.find((r): r is { ok: false; error: string } => !r.ok);
    if (failed) return failed;
    const [drift, present, unknown, collected] = results.map((r) => (r.ok ? r.samples : []));
    if (drift!.length > 0) return { ok: true, cleared: false, series: drift!.length, why: `drift still present (${drift!.length} series)` };
    if (unknown!.length > 0)
      return {
        ok: true,
        cleared: false,
        series: 0,
        why: `node ${node} is unknown (${unknown!.map((s) => s.metric.reason ?? '?').join(', ')}): no evidence the drift cleared`,
      };
    if (present!.length === 0)
      return { ok: true, cleared: false, series: 0, why: `${workload}/${dimension} is not reported by ${node}: no evidence the drift cleared` };
    const lastCollected = Number(collected![0]?.value[1] ?? Number.NaN);
    if (!Number.isFinite(lastCollected))
      return { ok: true, cleared: false, series: 0, why: `no collector success recorded for ${node}: no evidence the drift cleared` };
    if (sinceMs !== undefined && lastCollected * 1000 < sinceMs)
      return {
        ok: true,
        cleared: false,
        series: 0,
        why: `${node} has not collected since the action (last success ${new Date(lastCollected * 1000).toISOString()})`,
      };
    return {
      ok: true,
      cleared: true,
      evidence: `${node} reports ${workload}/${dimension} with an accepted hash; all collectors succeeded at ${new Date(lastCollected * 1000).toISOString()}`,
    };
  }

  /** How many nodes of a pool report and are not unknown; undefined when Prometheus cannot say. */
  async poolInService(region: string, pool: string): Promise<number | undefined> {
    const r = await this.instant(region, poolInServiceQuery(pool));
    if (!r.ok) return undefined;
    return r.samples.length === 0 ? 0 : Number(r.samples[0]!.value[1]);
  }

  /** One instant query in a region's Prometheus (impact ranking reads the compiled records with it). */
  async instant(region: string, expr: string): Promise<{ ok: true; samples: Sample[] } | { ok: false; error: string }> {
    const base = this.urlFor(region);
    if (base === undefined) return { ok: false, error: `no Prometheus configured for region ${region}` };
    return this.query(base, expr);
  }

  private async query(base: string, expr: string): Promise<{ ok: true; samples: Sample[] } | { ok: false; error: string }> {
    const shown = redactUrl(base);
    try {
      const { url, authorization } = withoutCredentials(new URL('/api/v1/query', base));
      url.searchParams.set('query', expr);
      const res = await this.fetchImpl(url, { signal: AbortSignal.timeout(this.timeoutMs), ...(authorization ? { headers: { authorization } } : {}) });
      if (!res.ok) return { ok: false, error: `Prometheus ${shown} answered ${res.status}` };
      const body = (await res.json()) as { status?: string; data?: { result?: Sample[] } };
      if (body.status !== 'success' || !Array.isArray(body.data?.result)) return { ok: false, error: `Prometheus ${shown} gave an unexpected answer` };
      return { ok: true, samples: body.data.result };
    } catch (err) {
      return { ok: false, error: `Prometheus ${shown} unreachable: ${(err as Error).message}` };
    }
  }
}
