/**
 * `--inventory`: what this node has that a spec could name — every key of every
 * config file the spec points at, env var names, detected workloads — with hashes
 * instead of values, so the output is safe to paste into a ticket.
 */
import { lookupKey, parseConfig } from './collect/formats/index';
import { readHostFile } from './collect/host-fs';
import { canonicalise } from '@plumb/core/hash/canonical';
import { sharedSecretHasher } from '@plumb/core/hash/secret-hash';
import type { Model } from '@plumb/core/spec/model';
import { looksSecret } from '@plumb/core/spec/secret-names';

export interface Inventory {
  files: { path: string; format: string; status: 'ok' | 'absent' | 'error'; reason?: string; keys: { key: string; hash: string; secretLooking: boolean }[] }[];
  env: { name: string; secretLooking: boolean }[];
}

export async function takeInventory(model: Model, root: string, env: Readonly<Record<string, string | undefined>>, salt: Uint8Array): Promise<Inventory> {
  const files = new Map<string, string>();
  for (const r of model.rules) if (r.source.kind === 'file') files.set(r.source.path, r.source.format);
  const out: Inventory = {
    files: [],
    env: Object.keys(env)
      .sort()
      .map((name) => ({ name, secretLooking: looksSecret(name) })),
  };
  for (const [path, format] of [...files].sort()) {
    const read = await readHostFile(root, path);
    if (read.kind !== 'text') {
      out.files.push({ path, format, status: read.kind, ...(read.kind === 'error' ? { reason: read.reason } : {}), keys: [] });
      continue;
    }
    const parsed = parseConfig(format as Parameters<typeof parseConfig>[0], read.text, env);
    if (!parsed.ok) {
      out.files.push({ path, format, status: 'error', reason: parsed.reason, keys: [] });
      continue;
    }
    const keys = [...parsed.entries.keys()].sort().map((key) => {
      const raw = lookupKey(format as Parameters<typeof lookupKey>[0], parsed.entries, key) ?? '';
      const c = canonicalise(raw, 'string');
      const secretLooking = looksSecret(key);
      return { key, hash: sharedSecretHasher(salt, model.settings.hashLength)(key, c.ok ? c.value : '', secretLooking), secretLooking };
    });
    out.files.push({ path, format, status: 'ok', keys });
  }
  return out;
}
