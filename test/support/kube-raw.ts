/**
 * Raw JSON requests to the real kube-apiserver, for objects the typed client would reshape:
 * CRDs (its serializer drops parts of OpenAPI schemas) and custom resources, and for
 * server-side apply with `dryRun=All`.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { request, type RequestOptions } from 'node:https';

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
}

const CLUSTER_SCOPED = new Set(['ClusterRole', 'ClusterRoleBinding', 'Namespace', 'CustomResourceDefinition', 'Node']);

/** The REST path of an object, from its apiVersion and kind (regular English plurals). */
export function objectPath(o: KubeObject, defaultNamespace: string): string {
  const base = o.apiVersion.includes('/') ? `/apis/${o.apiVersion}` : `/api/${o.apiVersion}`;
  const lower = o.kind.toLowerCase();
  const plural = lower.endsWith('y') ? `${lower.slice(0, -1)}ies` : lower.endsWith('s') ? `${lower}es` : `${lower}s`;
  const ns = CLUSTER_SCOPED.has(o.kind) ? '' : `/namespaces/${o.metadata.namespace ?? defaultNamespace}`;
  return `${base}${ns}/${plural}/${o.metadata.name}`;
}

export async function kubeRequest(
  kc: KubeConfig,
  method: string,
  path: string,
  body?: unknown,
  contentType = 'application/json',
): Promise<{ status: number; body: unknown }> {
  const server = new URL(kc.getCurrentCluster()?.server ?? '');
  const opts: RequestOptions = {
    method,
    hostname: server.hostname,
    port: server.port,
    path,
    headers: { 'content-type': contentType, accept: 'application/json' },
  };
  await kc.applyToHTTPSOptions(opts);
  return new Promise((resolve, reject) => {
    const req = request(opts, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text === '' ? undefined : (JSON.parse(text) as unknown) }));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(JSON.stringify(body));
    req.end();
  });
}

/** Server-side apply (JSON is valid apply YAML); `dryRun` persists nothing. */
export function serverSideApply(kc: KubeConfig, o: KubeObject, namespace: string, dryRun: boolean): Promise<{ status: number; body: unknown }> {
  const q = `?fieldManager=plumb-chart-test&force=true${dryRun ? '&dryRun=All' : ''}`;
  return kubeRequest(kc, 'PATCH', `${objectPath(o, namespace)}${q}`, o, 'application/apply-patch+yaml');
}
