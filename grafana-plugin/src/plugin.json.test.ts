/**
 * plugin.json against Grafana's plugin.json rules (schema/plugin-json.schema.json), and
 * the app-specific promises: every route needs an RBAC action some role grants, every
 * token comes from secureJsonData, and the built dist/plugin.json has real version and
 * date in place of the placeholders.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { handlerRoutes, MAX_REGIONS } from './api/regions';
import { ACTIONS } from './constants';

const ROOT = join(import.meta.dirname, '..');
const schema = JSON.parse(readFileSync(join(ROOT, 'schema/plugin-json.schema.json'), 'utf8')) as object;
const source = JSON.parse(readFileSync(join(ROOT, 'src/plugin.json'), 'utf8')) as Record<string, any>;
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

describe('plugin.json', () => {
  it('is valid against the plugin.json schema.', () => {
    expect(validate(source) ? [] : validate.errors).toEqual([]);
  });
  it.each([
    ['an unknown top-level key', { ...source, pages: [] }],
    ['an id without the type suffix', { ...source, id: 'plumb' }],
    ['an include of an unknown type', { ...source, includes: [{ type: 'screen', name: 'x' }] }],
    ['a route with an unknown field', { ...source, routes: [{ path: 'x', url: 'http://h', token: 'secret' }] }],
  ])('is rejected with %s, so the schema check can fail.', (_n, broken) => {
    expect(validate(broken)).toBe(false);
  });
  it('protects every route with an RBAC action that one of its roles grants.', () => {
    const granted = new Set((source.roles as { role: { permissions: { action: string }[] } }[]).flatMap((r) => r.role.permissions.map((p) => p.action)));
    for (const route of source.routes as { reqAction?: string }[]) expect(granted.has(route.reqAction ?? '')).toBe(true);
  });
  it('takes every token from secureJsonData, never from jsonData or a literal.', () => {
    for (const route of source.routes as { headers: { content: string }[] }[]) {
      for (const h of route.headers) expect(h.content).toMatch(/^Bearer \{\{ \.SecureJsonData\.\w+Token \}\}$/);
    }
  });
  it("routes each region slot to that region's handler with that region's route token, for every slot the app can address.", () => {
    const routes = source.routes as { path: string; url: string; reqAction: string; headers: { content: string }[] }[];
    for (let slot = 0; slot < MAX_REGIONS; slot++) {
      const routesOfSlot = handlerRoutes(slot);
      for (const [role, action] of [
        ['read', ACTIONS.read],
        ['approve', ACTIONS.approve],
        ['rollback', ACTIONS.rollback],
        ['pause', ACTIONS.approve],
      ] as const) {
        const path = routesOfSlot[role].split('/').pop();
        const route = routes.find((r) => r.path === path);
        expect(route, `${role} route of slot ${slot}`).toMatchObject({ url: `{{ (index .JsonData.regions ${slot}).handlerUrl }}`, reqAction: action });
        expect(route?.headers[0]?.content).toBe(`Bearer {{ .SecureJsonData.r${slot}RouteToken }}`);
      }
    }
  });
  it('is built into dist/ with version and date filled in.', () => {
    // Build when no earlier test has (the browser tests build too; the build is idempotent).
    if (!existsSync(join(ROOT, 'dist/plugin.json')))
      execFileSync(process.execPath, [join(ROOT, '../node_modules/vite/bin/vite.js'), 'build', '--config', join(ROOT, 'vite.config.ts')], { stdio: 'ignore' });
    const built = JSON.parse(readFileSync(join(ROOT, 'dist/plugin.json'), 'utf8')) as { info: { version: string; updated: string } };
    expect(validate(built)).toBe(true);
    expect(built.info.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(built.info.updated).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(existsSync(join(ROOT, 'dist/module.js'))).toBe(true);
  }, 120_000);
});
