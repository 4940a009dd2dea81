/**
 * What the signed-in user may do. With Grafana RBAC the user's permissions list the
 * plugin's actions; without it, basic roles map as plugin.json grants them. This only
 * hides buttons: the plugin routes enforce the same actions server-side.
 */
import { config } from '@grafana/runtime';
import { ACTIONS } from '../constants';

const ROLE_GRANTS: Record<string, string[]> = {
  Viewer: [ACTIONS.read],
  Editor: [ACTIONS.read, ACTIONS.rollback],
  Admin: [ACTIONS.read, ACTIONS.rollback, ACTIONS.approve],
};

export function canDo(action: string): boolean {
  const user = config.bootData?.user as { permissions?: Record<string, boolean>; orgRole?: string; isGrafanaAdmin?: boolean } | undefined;
  if (!user) return false;
  if (user.permissions && action in user.permissions) return Boolean(user.permissions[action]);
  if (user.isGrafanaAdmin) return true;
  return (ROLE_GRANTS[user.orgRole ?? ''] ?? []).includes(action);
}

export function userLogin(): string {
  return (config.bootData?.user as { login?: string } | undefined)?.login ?? 'unknown';
}
