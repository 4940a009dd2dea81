/**
 * A loopback HTTP proxy in front of the real kube-apiserver that answers chosen
 * requests with an injected status (409, 500…) before passing the rest through.
 * Lets tests prove that clients retry with backoff.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { request } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { KubeConfig } from '@kubernetes/client-node';
import { tokenKubeConfig } from './kube-apiserver';

export interface FaultRule {
  method: string;
  /** Matched against the request path (without query). */
  path: RegExp;
  status: number;
  /** How many matching requests fail before they pass through. */
  times: number;
}

export interface FaultProxy {
  url: string;
  kubeConfig: KubeConfig;
  /** Every request seen: method, path, and the status returned. */
  log: { method: string; path: string; status: number; injected: boolean }[];
  stop(): Promise<void>;
}

export async function startFaultProxy(upstream: string, token: string, rules: FaultRule[]): Promise<FaultProxy> {
  const log: FaultProxy['log'] = [];
  const remaining = rules.map((r) => ({ ...r }));
  const server: Server = createServer((req: IncomingMessage, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const rule = remaining.find((r) => r.times > 0 && r.method === req.method && r.path.test(path));
    if (rule) {
      rule.times--;
      log.push({ method: req.method!, path, status: rule.status, injected: true });
      req.resume();
      const reason = rule.status === 409 ? 'Conflict' : 'InternalError';
      res.writeHead(rule.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message: `injected ${rule.status}`, reason, code: rule.status }));
      return;
    }
    const up = request(
      new URL(req.url ?? '/', upstream),
      { method: req.method, headers: { ...req.headers, host: new URL(upstream).host, authorization: `Bearer ${token}` }, rejectUnauthorized: false },
      (upRes) => {
        log.push({ method: req.method!, path, status: upRes.statusCode ?? 0, injected: false });
        res.writeHead(upRes.statusCode ?? 502, upRes.headers);
        upRes.pipe(res);
      },
    );
    up.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(up);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const kubeConfig = tokenKubeConfig(url, token, 'proxy');
  return {
    url,
    kubeConfig,
    log,
    stop: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
