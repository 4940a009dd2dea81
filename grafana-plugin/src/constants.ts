/** Identity of the app and where its pages and proxy routes live inside Grafana. */
import pluginJson from './plugin.json';

export const PLUGIN_ID = pluginJson.id;
export const PLUGIN_BASE_URL = `/a/${PLUGIN_ID}`;

export enum ROUTES {
  Overview = 'overview',
  Drift = 'drift',
  Impact = 'impact',
  Remediation = 'remediation',
}

/**
 * Plugin-proxy routes to the remediation handler (see `routes` in plugin.json). Grafana
 * adds the route token from secureJsonData and, with `[dataproxy] send_user_header`, the
 * signed-in user's login (`X-Grafana-User`); the handler decides that person's role. The
 * browser never sees a token.
 */
export const HANDLER_PROXY = {
  read: `/api/plugin-proxy/${PLUGIN_ID}/hooks`,
  approve: `/api/plugin-proxy/${PLUGIN_ID}/hooks-approve`,
  rollback: `/api/plugin-proxy/${PLUGIN_ID}/hooks-rollback`,
  pause: `/api/plugin-proxy/${PLUGIN_ID}/hooks-pause`,
} as const;

/** RBAC actions the plugin declares; a route or button needs the matching one. */
export const ACTIONS = {
  read: 'plumb-app.remediation:read',
  approve: 'plumb-app.approvals:write',
  rollback: 'plumb-app.rollback:write',
} as const;

export function prefixRoute(route: string): string {
  return `${PLUGIN_BASE_URL}/${route}`;
}
