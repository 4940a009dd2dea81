/**
 * The exporter's HTTP surface on node:http (no framework: fewer allocations per
 * scrape and full control over body limits and peers):
 * - `GET /metrics`: Prometheus text from the dedicated registry, cached per collection, gzip when asked;
 * - `GET /state`: redacted JSON state;
 * - `GET /healthz`: liveness plus whether a collection has happened;
 * - `POST /v1/report`: in-process reports, accepted from loopback peers only.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import type { Registry } from 'prom-client';
import type { NodeIdentity } from '@plumb/core/state/types';
import type { Logger } from '../log';
import type { Exporter } from '../runtime/exporter';
import { checkReport } from '../reports/schema';
import type { ReportStore } from '../reports/store';
import { readBody } from './body';
import { createReportAuthorizer, type ReportAuthorizer } from '../reports/auth';
import { stateView } from './state-view';

export interface ServerDeps {
  exporter: Exporter;
  registry: Registry;
  reports: ReportStore;
  logger: Logger;
  spec: string;
  identity: () => NodeIdentity;
  /** Largest accepted report body; default 64 KiB. */
  reportLimitBytes?: number;
  now?: () => number;
  /** Who may post reports; default: loopback peers only. */
  authorizeReport?: ReportAuthorizer;
  /** More POST routes by path (e.g. symptoms), each served as is. */
  postRoutes?: Readonly<Record<string, (req: IncomingMessage, res: ServerResponse) => Promise<void>>>;
}

export function createExporterServer(deps: ServerDeps): Server {
  const limit = deps.reportLimitBytes ?? 64 * 1024;
  const now = deps.now ?? Date.now;
  const authorize = deps.authorizeReport ?? createReportAuthorizer('loopback');
  let cache: { version: number; plain: Buffer; gzip?: Buffer } | undefined;

  const metrics = async (req: IncomingMessage, res: ServerResponse) => {
    const version = deps.exporter.version();
    if (!cache || cache.version !== version) cache = { version, plain: Buffer.from(await deps.registry.metrics(), 'utf8') };
    const wantsGzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    if (wantsGzip) cache.gzip ??= gzipSync(cache.plain);
    const body = wantsGzip ? (cache.gzip as Buffer) : cache.plain;
    res.writeHead(200, { 'content-type': deps.registry.contentType, ...(wantsGzip ? { 'content-encoding': 'gzip' } : {}), 'content-length': body.length });
    res.end(body);
  };

  const report = async (req: IncomingMessage, res: ServerResponse) => {
    // The bind address may be 0.0.0.0 for Prometheus; the peer check (or a pod's token) is what keeps reports local.
    const auth = await authorize(req.socket.remoteAddress, req.headers.authorization);
    if (!auth.ok) return send(res, auth.status, { error: auth.reason }, true);
    if (!/^application\/json\b/i.test(String(req.headers['content-type'] ?? ''))) return send(res, 415, { error: 'content-type must be application/json' });
    const body = await readBody(req, limit);
    if (!body.ok) return send(res, body.status, { error: body.reason }, body.status === 413);
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.text);
    } catch {
      return send(res, 400, { error: 'body is not valid JSON' });
    }
    const checked = checkReport(parsed);
    if (!checked.ok) return send(res, 422, { error: 'invalid report', problems: checked.problems });
    const accepted = deps.reports.accept(checked.report, now());
    if (!accepted.ok && accepted.reason === 'unknown-workload')
      return send(res, 422, { error: 'invalid report', problems: ['workload: not a workload type of the spec'] });
    if (!accepted.ok) return send(res, 429, { error: 'report store is full; retry after older reports expire' });
    deps.logger.log('debug', 'report accepted', { workload: checked.report.workload, keys: accepted.kept });
    send(res, 202, { accepted: true, keptKeys: accepted.kept });
  };

  return createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const route = `${req.method ?? 'GET'} ${path}`;
    const handle = async () => {
      switch (route) {
        case 'GET /metrics':
          return metrics(req, res);
        case 'GET /state':
          return send(res, 200, stateView(deps.exporter.current(), deps.spec, deps.identity()));
        case 'GET /healthz':
          return send(res, 200, { status: 'ok', collected: deps.exporter.current() !== undefined });
        case 'POST /v1/report':
          return report(req, res);
        default:
          if (req.method === 'POST' && path !== undefined && deps.postRoutes?.[path]) return deps.postRoutes[path](req, res);
          if (path !== undefined && deps.postRoutes?.[path]) return send(res, 405, { error: `method ${req.method ?? ''} not allowed on ${path}` });
          return ['/metrics', '/state', '/healthz', '/v1/report'].includes(path ?? '')
            ? send(res, 405, { error: `method ${req.method ?? ''} not allowed on ${path ?? ''}` })
            : send(res, 404, { error: 'not found' });
      }
    };
    handle().catch((err: unknown) => {
      deps.logger.log('error', 'request failed', { route, fault: (err as Error).name });
      if (!res.headersSent) send(res, 500, { error: 'internal error' });
      else res.destroy();
    });
  });
}

function send(res: ServerResponse, status: number, body: unknown, close = false): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...(close ? { connection: 'close' } : {}) });
  res.end(text);
}
