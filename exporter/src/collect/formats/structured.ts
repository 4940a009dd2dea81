/**
 * YAML and JSON documents (dbt `profiles.yml`, `packages.yml`, `package-lock.yml`,
 * JSON configs), flattened to dotted paths: `paywave.outputs.prod.password`,
 * `packages[0].version` is `packages.0.version`. Maps and lists are also kept
 * whole (as canonical JSON) under their own path, so a dimension can hash a subtree.
 */
import { parseDocument } from 'yaml';
import type { ConfigScalar, ParsedConfig } from './types';

const MAX_DEPTH = 32;

/** Parses YAML text (JSON is YAML too, but use `parseJson` for strict JSON). */
export function parseYaml(text: string): ParsedConfig {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    return { ok: false, reason: `invalid YAML${e?.linePos?.[0] ? ` at line ${e.linePos[0].line}` : ''} (${e?.code ?? 'error'})` };
  }
  try {
    return flatten(doc.toJS({ maxAliasCount: 100 }));
  } catch {
    return { ok: false, reason: 'invalid YAML: too many aliases' };
  }
}

/** Parses strict JSON text. */
export function parseJson(text: string): ParsedConfig {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const pos = /position (\d+)/.exec(String((err as Error).message))?.[1];
    return { ok: false, reason: `invalid JSON${pos !== undefined ? ` at offset ${pos}` : ''}` };
  }
  return flatten(value);
}

function flatten(root: unknown): ParsedConfig {
  const entries = new Map<string, ConfigScalar>();
  const walk = (node: unknown, path: string, depth: number): boolean => {
    if (depth > MAX_DEPTH) return false;
    if (node === null || node === undefined) {
      if (path !== '') entries.set(path, '');
      return true;
    }
    if (typeof node === 'string' || typeof node === 'number' || typeof node === 'boolean') {
      if (path !== '') entries.set(path, node);
      return true;
    }
    if (node instanceof Date) {
      entries.set(path, node.toISOString());
      return true;
    }
    const children: [string, unknown][] = Array.isArray(node) ? node.map((v, i) => [String(i), v]) : Object.entries(node as object);
    if (path !== '') entries.set(path, stableJson(node));
    return children.every(([k, v]) => walk(v, path === '' ? k : `${path}.${k}`, depth + 1));
  };
  if (!walk(root, '', 0)) return { ok: false, reason: `document nested deeper than ${MAX_DEPTH} levels` };
  return { ok: true, entries };
}

/** JSON with sorted object keys, so equal subtrees hash alike. */
function stableJson(node: unknown): string {
  return JSON.stringify(node, (_k, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as object).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
