/**
 * One config file serves every replica of a Deployment, but each replica needs its own name
 * (the Lease holder and the actor in audit records). `PLUMB_HOOKS_REPLICA` (the pod name from
 * the downward API) wins over the file's `replica`.
 */
import type { HandlerConfig } from './schema';

export const REPLICA_ENV = 'PLUMB_HOOKS_REPLICA';

export function withReplicaFromEnv(config: HandlerConfig, env: Readonly<Record<string, string | undefined>>): HandlerConfig {
  const name = env[REPLICA_ENV]?.trim();
  return name ? { ...config, replica: name } : config;
}
