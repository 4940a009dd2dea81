/**
 * A real Prometheus (Debian's 2.42) for verification tests. It scrapes a tiny
 * target the test controls, which exposes `plumb:config_drift:info` series as
 * the compiled recording rule would, and the evidence verification asks for on
 * reporting nodes (the reported dimension, node labels, collector success times);
 * removing a series makes it stale at the next scrape, exactly as a cleared drift
 * or a node that stopped reporting does. `useDriftPrometheus` starts one per file and stops it
 * after the file.
 */
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { useStarted } from './fixture';
import { startPrometheusServer } from './prometheus-server';

export interface DriftSeries {
  node: string;
  workload: string;
  dimension: string;
}

/** A node that reports a dimension; `collectedAtSeconds` defaults to the time of each scrape, to the millisecond as prom-client sets it. */
export interface ReportingNode {
  node: string;
  workload: string;
  dimension: string;
  collectedAtSeconds?: number;
  /** The node's pool label (pools outside Kubernetes are counted from it). */
  pool?: string;
}

export interface RunningPrometheus {
  url: string;
  /** Nodes reporting, with the evidence verification needs. */
  setReporting(nodes: ReportingNode[]): void;
  /** Series the target currently exposes; edit and wait for a scrape. */
  drift: Map<string, DriftSeries>;
  setDrift(series: DriftSeries[]): void;
  /** Waits until Prometheus has scraped the target at least twice more. */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

const key = (s: DriftSeries) => `${s.node}|${s.workload}|${s.dimension}`;

export async function startPrometheus(): Promise<RunningPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'plumb-prom-'));
  const drift = new Map<string, DriftSeries>();
  let reporting: ReportingNode[] = [];
  let scrapes = 0;
  const target: Server = createServer((_req, res) => {
    scrapes++;
    const lines = ['# TYPE plumb:config_drift:info gauge'];
    for (const s of drift.values())
      lines.push(`plumb:config_drift:info{node="${s.node}",workload="${s.workload}",dimension="${s.dimension}",severity="sla-risk"} 1`);
    const instance = (r: ReportingNode) => `${r.node}:9842`;
    for (const r of reporting) lines.push(`plumb_config_info{instance="${instance(r)}",workload="${r.workload}",dimension="${r.dimension}",hash="h"} 1`);
    for (const r of reporting) lines.push(`plumb:node_info:last{instance="${instance(r)}",node="${r.node}"${r.pool ? `,pool="${r.pool}"` : ''}} 1`);
    for (const r of reporting)
      lines.push(
        `plumb_collector_last_success_timestamp_seconds{instance="${instance(r)}",collector="files"} ${r.collectedAtSeconds ?? (Date.now() / 1000).toFixed(3)}`,
      );
    res.setHeader('content-type', 'text/plain; version=0.0.4');
    res.end(`${lines.join('\n')}\n`);
  });
  await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
  const targetPort = (target.address() as AddressInfo).port;
  const prometheus = await startPrometheusServer({
    dir,
    config: [
      'global: {scrape_interval: 1s, evaluation_interval: 1s}',
      'scrape_configs:',
      '  - job_name: drift',
      '    honor_labels: true',
      `    static_configs: [{targets: ["127.0.0.1:${targetPort}"]}]`,
      '',
    ].join('\n'),
  });
  const url = prometheus.url;
  return {
    url,
    drift,
    setReporting(nodes) {
      reporting = nodes;
    },
    setDrift(series) {
      drift.clear();
      for (const s of series) drift.set(key(s), s);
    },
    async settle() {
      const target = scrapes + 2;
      while (scrapes < target) await new Promise((r) => setTimeout(r, 100));
      await new Promise((r) => setTimeout(r, 200));
    },
    async stop() {
      await prometheus.stop();
      await new Promise<void>((r) => target.close(() => r()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One drift Prometheus for the file: started in `beforeAll`, stopped in `afterAll`. */
export function useDriftPrometheus(): RunningPrometheus {
  return useStarted('the drift Prometheus', startPrometheus, (prom) => prom.stop());
}
