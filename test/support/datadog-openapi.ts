/**
 * A JSON-schema validator for one schema of Datadog's v1 OpenAPI spec (from the
 * pinned datadog-api-client source package, see scripts/datadog/install.sh), with
 * unknown fields forbidden at every level: the spec itself allows them everywhere,
 * and Datadog's clients drop misplaced fields silently.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject } from 'ajv';
import { parse } from 'yaml';
import { openApiPath } from './datadog';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function refName(ref: string): string {
  return ref.replace('#/components/schemas/', '');
}

/** Copies a schema, closing every object that lists its properties, and collects the names it refers to. */
function closeObjects(node: Json, refs: Set<string>): Json {
  if (Array.isArray(node)) return node.map((n) => closeObjects(n, refs));
  if (node === null || typeof node !== 'object') return node;
  const out: { [k: string]: Json } = {};
  for (const [k, v] of Object.entries(node)) {
    if (k.startsWith('x-') || k === 'example') continue;
    if (k === '$ref' && typeof v === 'string') {
      refs.add(refName(v));
      out[k] = `#/definitions/${refName(v)}`;
      continue;
    }
    // Keys under `properties` are field names, not keywords.
    out[k] =
      k === 'properties' && v !== null && typeof v === 'object' && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v).map(([p, s]) => [p, closeObjects(s, refs)]))
        : closeObjects(v, refs);
  }
  if (out.type === 'object' && out.properties !== undefined && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

export interface SchemaCheck {
  version: string;
  validate(body: unknown): string[];
}

/** A strict validator for `components.schemas[name]`. */
export function strictSchema(name: string): SchemaCheck {
  const doc = parse(readFileSync(openApiPath(), 'utf8')) as { info: { version: string }; components: { schemas: Record<string, Json> } };
  const all = doc.components.schemas;
  const definitions: Record<string, Json> = {};
  const todo = [name];
  while (todo.length > 0) {
    const next = todo.pop()!;
    if (definitions[next] !== undefined) continue;
    const refs = new Set<string>();
    definitions[next] = closeObjects(all[next] ?? null, refs);
    todo.push(...[...refs].filter((r) => definitions[r] === undefined));
  }
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  const check = ajv.compile({ $ref: `#/definitions/${name}`, definitions });
  const show = (e: ErrorObject) =>
    `${e.instancePath || '(root)'} ${e.message ?? ''}${e.params && 'additionalProperty' in e.params ? `: ${String(e.params.additionalProperty)}` : ''}`;
  return {
    version: doc.info.version,
    validate: (body) => (check(body) ? [] : (check.errors ?? []).map(show)),
  };
}
