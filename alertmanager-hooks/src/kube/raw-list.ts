/**
 * Lists a large collection as plain JSON. The typed client deserialises every
 * object into model classes, which for thousands of pods blocks the event loop
 * for hundreds of milliseconds — long enough to delay webhook acks. The
 * snapshot needs a handful of fields, so it reads JSON with the same auth.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';

export class KubeListError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export async function listJson<T>(kc: KubeConfig, path: string): Promise<{ items: T[] }> {
  const cluster = kc.getCurrentCluster();
  if (cluster === null) throw new Error('kubeconfig has no current cluster');
  const url = new URL(path, cluster.server);
  const opts: RequestOptions = { method: 'GET', headers: { accept: 'application/json' } };
  await kc.applyToHTTPSOptions(opts);
  const request = url.protocol === 'http:' ? httpRequest : httpsRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, { ...opts, timeout: 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if ((res.statusCode ?? 0) >= 300) return reject(new KubeListError(res.statusCode ?? 0, `GET ${url.pathname} answered ${res.statusCode}`));
        try {
          resolve(JSON.parse(text) as { items: T[] });
        } catch {
          reject(new Error(`GET ${url.pathname}: not JSON`));
        }
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url.pathname} timed out`)));
    req.on('error', reject);
    req.end();
  });
}
