/**
 * A loopback server implementing Datadog's v1 monitor endpoints the way their OpenAPI
 * spec describes them: list (by monitor tags, paged), create, update, delete,
 * validate and validate-existing. Every body is checked against the spec's schema
 * with unknown fields forbidden, keys are checked, and failures answer in Datadog's
 * documented error shape `{"errors": [...]}`. It records what it received.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { strictSchema, type SchemaCheck } from './datadog-openapi';

export interface ReceivedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
}

export interface StoredMonitor extends Record<string, unknown> {
  id: number;
  tags: string[];
}

export interface FakeDatadog {
  url: string;
  requests: ReceivedRequest[];
  monitors: Map<number, StoredMonitor>;
  /** Responses sent with status ≥ 400, to check their shape. */
  errorBodies: unknown[];
  /** Datadog's own semantic checks, beyond the schema: a message refuses the monitor. */
  refuse: (body: Record<string, unknown>) => string | undefined;
  writes(): ReceivedRequest[];
  close(): Promise<void>;
}

const schemas: { monitor?: SchemaCheck; update?: SchemaCheck } = {};

export async function startFakeDatadog(keys: { apiKey: string; appKey: string }): Promise<FakeDatadog> {
  schemas.monitor ??= strictSchema('Monitor');
  schemas.update ??= strictSchema('MonitorUpdateRequest');
  const requests: ReceivedRequest[] = [];
  const errorBodies: unknown[] = [];
  const monitors = new Map<number, StoredMonitor>();
  let nextId = 1000;

  const send = (res: ServerResponse, status: number, body: unknown) => {
    if (status >= 400) errorBodies.push(body);
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
  const stored = (id: number, body: Record<string, unknown>): StoredMonitor => ({
    ...body,
    id,
    tags: (body.tags as string[]) ?? [],
    // Datadog answers with fields of its own and options filled with defaults.
    options: { silenced: {}, notify_audit: false, include_tags: true, new_host_delay: 300, ...(body.options as object) },
    created: '2026-11-30T00:00:00.000Z',
    modified: '2026-11-30T00:00:00.000Z',
    overall_state: 'No Data',
    multi: true,
  });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const u = new URL(req.url ?? '/', 'http://127.0.0.1');
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      return send(res, 400, { errors: ['Invalid JSON'] });
    }
    requests.push({ method: req.method ?? '', path: u.pathname, query: Object.fromEntries(u.searchParams), body });
    if (req.headers['dd-api-key'] !== keys.apiKey || req.headers['dd-application-key'] !== keys.appKey) return send(res, 403, { errors: ['Forbidden'] });
    const invalid = (check: SchemaCheck) => {
      const problems = check.validate(body);
      if (problems.length > 0) send(res, 400, { errors: problems.map((p) => `Invalid monitor: ${p}`) });
      return problems.length > 0;
    };
    const m = /^\/api\/v1\/monitor(?:\/(\d+))?(\/validate)?$/.exec(u.pathname);
    if (m === null) return send(res, 404, { errors: ['Not found'] });
    const id = m[1] === undefined ? undefined : Number(m[1]);
    if (m[2] !== undefined) {
      if (req.method !== 'POST') return send(res, 405, { errors: ['Method not allowed'] });
      if (id !== undefined && !monitors.has(id)) return send(res, 404, { errors: ['Monitor not found'] });
      if (invalid(schemas.monitor!)) return;
      const refused = fake.refuse(body as Record<string, unknown>);
      if (refused !== undefined) return send(res, 400, { errors: [refused] });
      return send(res, 200, {});
    }
    if (id === undefined && req.method === 'GET') {
      const wanted = (u.searchParams.get('monitor_tags') ?? '').split(',').filter(Boolean);
      const page = Number(u.searchParams.get('page') ?? '0');
      const size = Number(u.searchParams.get('page_size') ?? '100');
      const all = [...monitors.values()].filter((x) => wanted.every((t) => x.tags.includes(t))).sort((a, b) => a.id - b.id);
      return send(res, 200, all.slice(page * size, (page + 1) * size));
    }
    if (id === undefined && req.method === 'POST') {
      if (invalid(schemas.monitor!)) return;
      const created = stored(nextId++, body as Record<string, unknown>);
      monitors.set(created.id, created);
      return send(res, 200, created);
    }
    if (id === undefined || !monitors.has(id)) return send(res, 404, { errors: ['Monitor not found'] });
    if (req.method === 'PUT') {
      if (invalid(schemas.update!)) return;
      const updated = stored(id, { ...monitors.get(id), ...(body as Record<string, unknown>) });
      monitors.set(id, updated);
      return send(res, 200, updated);
    }
    if (req.method === 'DELETE') {
      monitors.delete(id);
      return send(res, 200, { deleted_monitor_id: id });
    }
    return send(res, 405, { errors: ['Method not allowed'] });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => send(res, 500, { errors: [String(err)] }));
  });
  // The client keeps connections alive between calls; Node's 5 s default closes idle ones,
  // and a reused socket closed under it reads ECONNRESET on a loaded machine.
  server.keepAliveTimeout = 120_000;
  server.headersTimeout = 121_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const fake: FakeDatadog = {
    url: `http://127.0.0.1:${port}`,
    requests,
    monitors,
    errorBodies,
    refuse: () => undefined,
    writes: () => requests.filter((r) => r.method !== 'GET' && !r.path.endsWith('/validate')),
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
  return fake;
}
