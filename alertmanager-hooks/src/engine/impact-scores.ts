/**
 * Measured impact per drifted (node, workload, dimension), for ordering the queue: the same
 * ranking the plugin shows (`rankImpact` in core), fed from each region's Prometheus and
 * refreshed at most every `everyMs`. A region whose Prometheus cannot be read scores 0:
 * unknown impact reorders nothing, and severity and age still decide.
 */
import { driftFromVector, membersFromVector, rankImpact, symptomFromVector, type SymptomInfo, type SymptomSample } from '@plumb/core/impact';
import { RECORD } from '@plumb/core/contract';
import type { PrometheusVerifier } from '../verify/prometheus';

const key = (node: string, workload: string, dimension: string) => `${node}\n${workload}\n${dimension}`;

export class ImpactScores {
  private readonly scores = new Map<string, Map<string, number>>();
  private readonly readAt = new Map<string, number>();
  private readonly lastError = new Map<string, string>();

  constructor(
    private readonly prometheus: Pick<PrometheusVerifier, 'instant'>,
    private readonly symptoms: readonly SymptomInfo[],
    private readonly everyMs: number,
    private readonly now: () => number,
    private readonly log: (msg: string) => void,
  ) {}

  /** Reads the regions whose scores are older than `everyMs`. */
  async refresh(regions: Iterable<string>): Promise<void> {
    for (const region of new Set(regions)) {
      if (this.now() - (this.readAt.get(region) ?? Number.NEGATIVE_INFINITY) < this.everyMs) continue;
      this.readAt.set(region, this.now());
      this.scores.set(region, await this.read(region));
    }
  }

  scoreOf(a: { region: string; node: string; workload: string; dimension: string }): number {
    return this.scores.get(a.region)?.get(key(a.node, a.workload, a.dimension)) ?? 0;
  }

  private async read(region: string): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    if (this.symptoms.length === 0) return out;
    const [drift, members, unknown, ...symptoms] = await Promise.all([
      this.prometheus.instant(region, RECORD.drift),
      this.prometheus.instant(region, `count by (node, region, workload) (${RECORD.nodeWorkload})`),
      this.prometheus.instant(region, RECORD.unknown),
      ...this.symptoms.map((s) => this.prometheus.instant(region, `${RECORD.symptomPrefix}${s.name}`)),
    ]);
    const failed = [drift, members, unknown, ...symptoms].find((r) => !r!.ok);
    if (failed && !failed.ok) {
      // Said once per cause, not every refresh.
      if (this.lastError.get(region) !== failed.error)
        this.log(`impact ranking for ${region} unavailable: ${failed.error}; the queue is ordered by severity and age`);
      this.lastError.set(region, failed.error);
      return out;
    }
    this.lastError.delete(region);
    const samples: SymptomSample[] = symptoms.flatMap((r, i) => (r!.ok ? symptomFromVector(this.symptoms[i]!.name, r!.samples).items : []));
    const ranked = rankImpact({
      drift: drift!.ok ? driftFromVector(drift!.samples).items : [],
      members: members!.ok ? membersFromVector(members!.samples).items : [],
      symptoms: this.symptoms,
      samples,
      unknownNodes: unknown!.ok ? unknown!.samples.map((s) => s.metric.node ?? '') : [],
    });
    for (const r of ranked)
      for (const node of r.cohort.nodes)
        out.set(key(node, r.cohort.workload, r.cohort.dimension), Math.max(out.get(key(node, r.cohort.workload, r.cohort.dimension)) ?? 0, r.score));
    return out;
  }
}
