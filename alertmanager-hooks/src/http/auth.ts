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
  name: string;
  role: Role;
  token: string;
}

const RANK: Record<Role, number> = { viewer: 0, operator: 1, approver: 2 };

/** Roles are ordered: an approver may do what an operator may, an operator what a viewer may. */
export function roleAllows(have: Role, need: Role): boolean {
  return RANK[have] >= RANK[need];
}

export interface Principal {
  name: string;
  role: Role;
}

export function requireRole(tokens: readonly ApiToken[], need: Role): RequestHandler {
  return (req, res, next) => {
    const [scheme, value = ''] = (req.headers.authorization ?? '').split(/\s+/, 2);
    const found = scheme?.toLowerCase() === 'bearer' ? tokens.find((t) => sameSecret(value, t.token)) : undefined;
    if (found === undefined) return next(new HttpError(401, 'API requires a bearer token'));
    if (!roleAllows(found.role, need)) return next(new HttpError(403, `${found.name} has role ${found.role}; ${req.method} ${req.path} needs ${need}`));
    res.locals.principal = { name: found.name, role: found.role } satisfies Principal;
    next();
  };
}
