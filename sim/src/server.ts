/**
 * The simulator's HTTP server, on loopback. Each simulated node is an exporter at
 * `/nodes/<node>/metrics` (and `/nodes/<node>/state`); each region's symptoms are at
 * `/symptoms/<region>/metrics`; `/truth` tells what was injected when.
 */
import { createServer, type Server } from 'node:http';
import type { ObserveContext } from '@plumb/exporter/collect/observe';
import type { NodeState } from '@plumb/core/state/types';
import { buildNodeState, SimChangeBook } from './node-state';
import { SymptomSource } from './symptoms';
import type { SimWorld } from './world';

export interface Renderers {
  /** Prometheus text exposition of a node state (the exporter's renderer). */
  metrics(state: NodeState): Promise<string> | string;
  /** Redacted JSON of a node state (the exporter's `/state`). */
  state(state: NodeState): unknown;
}

export interface SimServer {
  server: Server;
  port: number;
  close(): Promise<void>;
}

export async function startSimServer(world: SimWorld, ctx: ObserveContext, render: Renderers, now: () => number = Date.now, port = 0): Promise<SimServer> {
  const book = new SimChangeBook();
  const symptoms = new SymptomSource(world.scenario);
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://sim');
      const nowMs = now();
      world.tick(nowMs);
      const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
      if (parts[0] === 'nodes' && parts.length === 3) {
        const sim = world.nodes.get(parts[1] ?? '') ?? world.retiring.get(parts[1] ?? '');
        if (!sim) return send(res, 404, 'text/plain', `no such node: ${parts[1]}\n`);
        if (sim.silent) return send(res, 503, 'text/plain', 'exporter unreachable (simulated)\n');
        const state = buildNodeState(world, sim, ctx, book, Math.floor(nowMs / 1000));
        if (parts[2] === 'metrics') return send(res, 200, 'text/plain; version=0.0.4; charset=utf-8', await render.metrics(state));
        if (parts[2] === 'state') return send(res, 200, 'application/json', JSON.stringify(render.state(state)));
      }
      if (parts[0] === 'symptoms' && parts.length === 3 && parts[2] === 'metrics') {
        return send(res, 200, 'text/plain; version=0.0.4; charset=utf-8', symptoms.render(world.nodesIn(parts[1] ?? ''), nowMs));
      }
      if (url.pathname === '/truth') return send(res, 200, 'application/json', JSON.stringify(world.truth));
      if (url.pathname === '/healthz') return send(res, 200, 'text/plain', 'ok\n');
      return send(res, 404, 'text/plain', `not found: ${url.pathname}\n`);
    })().catch((err: unknown) => send(res, 500, 'text/plain', `simulator error: ${(err as Error).message}\n`));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const addr = server.address();
  return {
    server,
    port: typeof addr === 'object' && addr ? addr.port : port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function send(res: import('node:http').ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type });
  res.end(body);
}
