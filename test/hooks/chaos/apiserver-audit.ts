/**
 * Reads the kube-apiserver's own audit log: what the cluster saw, whatever the
 * handler believes it did. Failover tests judge evictions and node writes here.
 */
import { existsSync, readFileSync } from 'node:fs';

export interface ApiEvent {
  verb: string;
  user: string;
  resource: string | undefined;
  subresource: string | undefined;
  namespace: string | undefined;
  name: string | undefined;
  code: number | undefined;
  atMs: number;
}

export function readApiAudit(path: string): ApiEvent[] {
  if (!existsSync(path)) return [];
  const out: ApiEvent[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    let e: any;
    try {
      e = JSON.parse(line);
    } catch {
      continue; // the line being written
    }
    if (e.stage !== 'ResponseComplete') continue;
    out.push({
      verb: e.verb,
      user: e.user?.username,
      resource: e.objectRef?.resource,
      subresource: e.objectRef?.subresource,
      namespace: e.objectRef?.namespace,
      name: e.objectRef?.name,
      code: e.responseStatus?.code,
      atMs: Date.parse(e.stageTimestamp),
    });
  }
  return out;
}

/** Evictions the API server granted (201), as `namespace/pod`, in order. */
export function grantedEvictions(path: string): string[] {
  return readApiAudit(path)
    .filter((e) => e.resource === 'pods' && e.subresource === 'eviction' && e.verb === 'create' && e.code !== undefined && e.code < 300)
    .map((e) => `${e.namespace}/${e.name}`);
}
