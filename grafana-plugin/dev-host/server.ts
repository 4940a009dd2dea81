/**
 * The dev host server: serves the host page and the built plugin, and proxies the two
 * kinds of backend calls the plugin makes, as Grafana would — the data-source proxy to
 * a real Prometheus, and the app's plugin routes to the real remediation handler with
 * the route token (tokens stay on the server, like secureJsonData) and the signed-in
 * user's login in `X-Grafana-User`, as Grafana does with `[dataproxy] send_user_header`
 * (any such header from the browser is dropped first). A route is
 * refused (403) unless the signed-in role is granted the route's RBAC action by
 * plugin.json, which is what Grafana enforces with `reqAction`.
 */
import { readFileSync, existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize } from 'node:path';

export interface DevHostOptions {
  /** Directory of the built plugin (`grafana-plugin/dist`). */
  pluginDist: string;
  /** Directory of the built host page (`grafana-plugin/dev-host/dist`). */
  hostDist: string;
  prometheusUrl: string;
  prometheusUid?: string;
  handlerUrl: string;
  /** Handler tokens by secureJsonData field name. */
  tokens: Partial<Record<'routeToken', string>>;
}

interface PluginJson {
  id: string;
  roles: { role: { permissions: { action: string }[] }; grants: string[] }[];
  routes: { path: string; method: string; url: string; reqAction: string; headers: { name: string; content: string }[] }[];
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.html': 'text/html',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
};
const ROLES = ['Viewer', 'Editor', 'Admin'] as const;

/** The RBAC actions plugin.json grants a basic role (grants are cumulative: Admin ⊇ Editor ⊇ Viewer). */
export function permissionsFor(plugin: PluginJson, role: string): Record<string, boolean> {
  const upTo = ROLES.slice(0, ROLES.indexOf(role as (typeof ROLES)[number]) + 1) as readonly string[];
  const out: Record<string, boolean> = {};
  for (const r of plugin.roles) if (r.grants.some((g) => upTo.includes(g))) for (const p of r.role.permissions) out[p.action] = true;
  return out;
}

export function createDevHost(o: DevHostOptions): Server {
  const plugin = JSON.parse(readFileSync(join(o.pluginDist, 'plugin.json'), 'utf8')) as PluginJson;
  const uid = o.prometheusUid ?? 'prometheus';
  const roleOf = (req: IncomingMessage) => /(?:^|;\s*)plumb_dev_role=(\w+)/.exec(req.headers.cookie ?? '')?.[1] ?? 'Viewer';
  return createServer((req, res) => {
    handle(req, res).catch((err: Error) => send(res, 502, { message: `dev host: ${err.message}` }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://dev-host');
    const path = url.pathname;
    if (path === '/dev-host/boot.json') {
      const role = roleOf(req);
      return send(res, 200, {
        user: { login: `dev-${role.toLowerCase()}`, orgRole: role, permissions: permissionsFor(plugin, role) },
        meta: {
          id: plugin.id,
          type: 'app',
          name: 'Plumb',
          enabled: true,
          pinned: true,
          jsonData: { handlerUrl: o.handlerUrl, prometheusUid: uid },
          secureJsonFields: Object.fromEntries(Object.keys(o.tokens).map((k) => [k, true])),
          info: {},
          module: '',
          baseUrl: `/public/plugins/${plugin.id}`,
        },
      });
    }
    const ds = new RegExp(`^/api/datasources/proxy/uid/${uid}(/.*)$`).exec(path);
    if (ds) return proxy(req, res, `${o.prometheusUrl}${ds[1]}${url.search}`, {});
    const pp = new RegExp(`^/api/plugin-proxy/${plugin.id}/([^/]+)(/.*)?$`).exec(path);
    if (pp) {
      const route = plugin.routes.find((r) => r.path === pp[1] && r.method.split(',').includes(req.method ?? 'GET'));
      if (!route) return send(res, 404, { message: `no plugin route ${req.method} ${pp[1]}` });
      if (!permissionsFor(plugin, roleOf(req))[route.reqAction]) return send(res, 403, { message: `permission denied: ${route.reqAction}` });
      const headers = Object.fromEntries(
        route.headers.map((h) => [
          h.name,
          h.content.replace(/\{\{ \.SecureJsonData\.(\w+) \}\}/g, (_m, k: string) => o.tokens[k as keyof DevHostOptions['tokens']] ?? ''),
        ]),
      );
      const target = route.url.replace('{{ .JsonData.handlerUrl }}', o.handlerUrl);
      return proxy(req, res, `${target}${pp[2] ?? ''}${url.search}`, { ...headers, 'X-Grafana-User': `dev-${roleOf(req).toLowerCase()}` });
    }
    if (path.startsWith(`/public/plugins/${plugin.id}/`)) return file(res, o.pluginDist, path.slice(`/public/plugins/${plugin.id}/`.length));
    if (path.startsWith('/assets/')) return file(res, o.hostDist, path.slice(1));
    if (path.startsWith('/api/')) return send(res, 404, { message: `dev host has no ${path}` });
    // Any other path is a page of the single-page app (/a/plumb-app/...).
    const role = url.searchParams.get('role');
    const chosen = role && (ROLES as readonly string[]).includes(role) ? role : roleOf(req);
    if (chosen !== roleOf(req)) res.setHeader('set-cookie', `plumb_dev_role=${chosen}; Path=/; SameSite=Strict`);
    // Grafana renders its boot data into the page before any module runs; so does the host.
    const boot = {
      assets: { dark: '', light: '' },
      settings: {},
      navTree: [],
      user: { login: `dev-${chosen.toLowerCase()}`, orgRole: chosen, isSignedIn: true, permissions: permissionsFor(plugin, chosen) },
    };
    const html = readFileSync(join(o.hostDist, 'index.html'), 'utf8').replace(
      '<div id="root"></div>',
      `<script>window.grafanaBootData = ${JSON.stringify(boot)};</script><div id="root"></div>`,
    );
    res.writeHead(200, { 'content-type': 'text/html' });
    return res.end(html);
  }
}

async function proxy(req: IncomingMessage, res: ServerResponse, target: string, headers: Record<string, string>) {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
  const upstream = await fetch(target, {
    method: req.method,
    headers: { ...(body ? { 'content-type': req.headers['content-type'] ?? 'application/json' } : {}), ...headers },
    body,
  });
  res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
  res.end(Buffer.from(await upstream.arrayBuffer()));
}

function file(res: ServerResponse, root: string, rel: string) {
  const full = normalize(join(root, rel));
  if (!full.startsWith(normalize(root)) || !existsSync(full)) return send(res, 404, { message: `not found: ${rel}` });
  res.writeHead(200, { 'content-type': TYPES[extname(full)] ?? 'application/octet-stream' });
  res.end(readFileSync(full));
}

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
