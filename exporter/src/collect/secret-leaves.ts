/**
 * Secrets hide inside structure: a JSON or YAML block, or `key=value` lines, exposed as
 * one value would publish the password inside it. The value is flattened and every leaf
 * classified, by its key (`looksSecret`: `admin_password`, `*_TOKEN`, …) and by its
 * value (`looksLikeSecretValue`); one secret leaf makes the whole value hash-only.
 */
import { parse } from 'yaml';
import { looksSecret } from '@plumb/core/spec/secret-names';
import { looksLikeSecretValue } from './secret-values';

interface Leaf {
  key: string;
  value: string;
}

function leavesOf(data: unknown, key: string, out: Leaf[]): void {
  if (Array.isArray(data)) data.forEach((item) => leavesOf(item, key, out));
  else if (data !== null && typeof data === 'object') for (const [k, v] of Object.entries(data)) leavesOf(v, k, out);
  else out.push({ key, value: String(data) });
}

/** Structured data in `text` (JSON, YAML), or undefined when it is a plain scalar. */
function structured(text: string): unknown {
  try {
    const data: unknown = parse(text, { maxAliasCount: 100 });
    return data !== null && typeof data === 'object' ? data : undefined;
  } catch {
    return undefined;
  }
}

/** `key=value` / `key: value` lines (properties, env files, DSN options). */
function keyValueLines(text: string): Leaf[] {
  return text
    .split(/[\n;&]/)
    .map((line) => /^\s*([\w.-]+)\s*[=:]\s*(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ key: m[1] ?? '', value: m[2] ?? '' }));
}

/** Every leaf of `text`, flattened: structured data first, else key/value lines. */
export function flattenLeaves(text: string): Leaf[] {
  const data = structured(text);
  if (data === undefined) return keyValueLines(text);
  const out: Leaf[] = [];
  leavesOf(data, '', out);
  return out;
}

/** True when any leaf of `text` is named like a credential or looks like one. */
export function hasSecretLeaf(text: string): boolean {
  return flattenLeaves(text).some((l) => (l.key !== '' && looksSecret(l.key)) || looksLikeSecretValue(l.value));
}
