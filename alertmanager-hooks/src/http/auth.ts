/**
 * Authentication. The webhook accepts the bearer token or basic credentials
 * Alertmanager is configured with; the API accepts role tokens. Comparisons are
 * constant-time and no credential is ever logged or echoed.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Role } from '../config/schema';
import { HttpError } from './errors';

const digest = (s: string) => createHash('sha256').update(s).digest();
/** Hashing first makes the comparison constant-time whatever the lengths. */
export const sameSecret = (a: string, b: string) => timingSafeEqual(digest(a), digest(b));

export interface WebhookCredentials {
  bearer?: string | undefined;
  basic?: { username: string; password: string } | undefined;
}

export function webhookCredentialsMatch(header: string | undefined, creds: WebhookCredentials): boolean {
  if (header === undefined) return false;
  const [scheme, value = ''] = header.split(/\s+/, 2);
  if (scheme?.toLowerCase() === 'bearer' && creds.bearer !== undefined) return sameSecret(value, creds.bearer);
  if (scheme?.toLowerCase() === 'basic' && creds.basic !== undefined) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const i = decoded.indexOf(':');
    if (i < 0) return false;
    return sameSecret(decoded.slice(0, i), creds.basic.username) && sameSecret(decoded.slice(i + 1), creds.basic.password);
  }
  return false;
}

export function requireWebhookAuth(creds: WebhookCredentials, onReject: () => void): RequestHandler {
  return (req, res, next) => {
    if (webhookCredentialsMatch(req.headers.authorization, creds)) return next();
    onReject();
    res.setHeader('www-authenticate', creds.bearer !== undefined ? 'Bearer' : 'Basic realm="plumb-hooks"');
    next(new HttpError(401, 'webhook requires valid credentials (bearer token or basic auth)'));
  };
}

export interface ApiToken {
  /** The one person (or automation) holding it. */
  name: string;
  role: Role;
  token: string;
}

/** Requests through the Grafana plugin's routes: the route's own token, and who may do what. */
export interface GrafanaAuth {
  token: string;
  approvers: readonly string[];
  operators: readonly string[];
}

export interface ApiAuth {
  tokens: readonly ApiToken[];
  grafana?: GrafanaAuth | undefined;
}

const RANK: Record<Role, number> = { viewer: 0, operator: 1, approver: 2 };

/** Roles are ordered: an approver may do what an operator may, an operator what a viewer may. */
export function roleAllows(have: Role, need: Role): boolean {
  return RANK[have] >= RANK[need];
}

export interface Principal {
  /** The person: the token's holder, or the signed-in Grafana user. */
  name: string;
  role: Role;
  via: 'token' | 'grafana';
}

export const GRAFANA_USER_HEADER = 'x-grafana-user';

/**
 * The person behind an API request, or why there is none. `X-Grafana-User` counts only on
 * a request carrying the plugin route's token (Grafana sets the header itself and drops any
 * the browser sent); on any other request it is ignored. A Grafana user's role comes from
 * the configured lists alone: no Grafana role, Admin included, makes anyone an approver.
 */
export function principalOf(authorization: string | undefined, grafanaUser: string | undefined, auth: ApiAuth): Principal | { error: string } {
  const [scheme, value = ''] = (authorization ?? '').split(/\s+/, 2);
  if (scheme?.toLowerCase() !== 'bearer') return { error: 'API requires a bearer token' };
  if (auth.grafana && sameSecret(value, auth.grafana.token)) {
    const login = grafanaUser?.trim() ?? '';
    if (login === '') return { error: 'request through the Grafana plugin names no signed-in user (X-Grafana-User); set [dataproxy] send_user_header = true' };
    const role: Role = auth.grafana.approvers.includes(login) ? 'approver' : auth.grafana.operators.includes(login) ? 'operator' : 'viewer';
    return { name: login, role, via: 'grafana' };
  }
  const found = auth.tokens.find((t) => sameSecret(value, t.token));
  return found === undefined ? { error: 'API requires a valid bearer token' } : { name: found.name, role: found.role, via: 'token' };
}

export function requireRole(auth: ApiAuth, need: Role): RequestHandler {
  return (req, res, next) => {
    const p = principalOf(req.headers.authorization, req.header(GRAFANA_USER_HEADER), auth);
    if ('error' in p) return next(new HttpError(401, p.error));
    if (!roleAllows(p.role, need)) return next(new HttpError(403, `${p.name} has role ${p.role}; ${req.method} ${req.path} needs ${need}`));
    res.locals.principal = p satisfies Principal;
    next();
  };
}
