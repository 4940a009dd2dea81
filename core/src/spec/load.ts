/**
 * Loading a spec in named stages: parse YAML (keeping positions) → check the version
 * → validate the schema → validate cross-references → build the model. Every problem
 * names the file, line and column, the YAML path and what was expected.
 */
import { LineCounter, parseDocument, isMap, isSeq, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { buildModel, type Model } from './model';
import { pathToString, type SpecProblem } from './problems';
import { SpecSchema, type Spec } from './schema';
import { validateSemantics } from './validate';

export type LoadResult = { ok: true; spec: Spec; model: Model; warnings: SpecProblem[] } | { ok: false; errors: SpecProblem[]; warnings: SpecProblem[] };

/** Loads spec text; `file` is used only to name positions in problems. */
export function loadSpecText(text: string, file: string): LoadResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number | undefined) => {
    if (offset === undefined) return {};
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((e) => ({ file, ...at(e.pos[0]), path: '', message: `invalid YAML: ${e.message.split('\n')[0]}` })),
      warnings: [],
    };
  }
  const raw: unknown = doc.toJS();
  const version = (raw as { apiVersion?: unknown } | null)?.apiVersion;
  if (version !== 'plumb/v1') {
    const where = locate(doc, ['apiVersion']);
    const got = version === undefined ? 'no apiVersion' : `apiVersion ${JSON.stringify(version)}`;
    return {
      ok: false,
      errors: [{ file, ...at(where), path: 'apiVersion', message: `unsupported spec version: expected "plumb/v1", got ${got}` }],
      warnings: [],
    };
  }
  const parsed = SpecSchema.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((i) => fromZodIssue(i, file, doc, at)), warnings: [] };
  }
  const { errors, warnings } = validateSemantics(parsed.data);
  const place = (p: { path: PropertyKey[]; message: string }): SpecProblem => ({
    file,
    ...at(locate(doc, p.path)),
    path: pathToString(p.path),
    message: p.message,
  });
  if (errors.length > 0) return { ok: false, errors: errors.map(place), warnings: warnings.map(place) };
  return { ok: true, spec: parsed.data, model: buildModel(parsed.data), warnings: warnings.map(place) };
}

function fromZodIssue(issue: z.core.$ZodIssue, file: string, doc: Document, at: (o: number | undefined) => { line?: number; column?: number }): SpecProblem {
  const path = issue.path as PropertyKey[];
  let message = issue.message;
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys;
    const first = keys[0];
    return {
      file,
      ...at(first !== undefined ? locateKey(doc, path, first) : locate(doc, path)),
      path: pathToString(first !== undefined ? [...path, first] : path),
      message: `unknown field${keys.length > 1 ? 's' : ''} ${keys.map((k) => JSON.stringify(k)).join(', ')}`,
    };
  }
  if (issue.code === 'invalid_union' && 'note' in issue && issue.note === 'No matching discriminator') {
    const kindPath = path[path.length - 1] === 'kind' ? path : [...path, 'kind'];
    message = 'expected one of file, env, command, pod, report, runtime';
    return { file, ...at(locate(doc, kindPath)), path: pathToString(kindPath), message };
  }
  if (issue.code === 'invalid_type' && /received undefined/.test(message)) message = `missing required field (expected ${issue.expected})`;
  // A missing enum or literal field reads better as "missing" than as an invalid value.
  else if ((issue.code === 'invalid_value' || issue.code === 'invalid_type') && path.length > 0 && !doc.hasIn(path as unknown[]))
    message = `missing required field (${message.replace(/^Invalid (input|option): /, '')})`;
  return { file, ...at(locate(doc, path)), path: pathToString(path), message };
}

/** Offset of the deepest existing node on `path` (the value, or the parent when the key is missing). */
function locate(doc: Document, path: readonly PropertyKey[]): number | undefined {
  let node: unknown = doc.contents;
  let offset = (doc.contents as Node | null)?.range?.[0];
  for (const seg of path) {
    let next: unknown;
    if (isMap(node)) next = node.get(String(seg), true);
    else if (isSeq(node) && typeof seg === 'number') next = node.get(seg, true);
    if (next === undefined || next === null) break;
    node = next;
    const range = (next as Node).range;
    if (range) offset = range[0];
  }
  return offset;
}

/** Offset of the key `key` inside the map at `path`. */
function locateKey(doc: Document, path: readonly PropertyKey[], key: string): number | undefined {
  const parent = path.length === 0 ? doc.contents : doc.getIn(path as unknown[], true);
  if (isMap(parent)) {
    const pair = parent.items.find((p) => (p.key as { value?: unknown } | null)?.value === key);
    const range = (pair?.key as Node | undefined)?.range;
    if (range) return range[0];
  }
  return locate(doc, path);
}
