/**
 * Loads the handler configuration: parse YAML, validate with zod, then resolve
 * the referenced secrets. Every error names the file and the field.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { HandlerConfigSchema, type HandlerConfig, type SecretRef } from './schema';

export type LoadedConfig = { ok: true; config: HandlerConfig } | { ok: false; errors: string[] };

/** Validates an already-parsed document; `source` is used in messages. */
export function validateConfig(doc: unknown, source: string): LoadedConfig {
  const result = HandlerConfigSchema.safeParse(doc ?? {});
  if (result.success) return { ok: true, config: result.data };
  return {
    ok: false,
    errors: result.error.issues.map((i) => `${source}: ${i.path.length > 0 ? i.path.join('.') : '(root)'}: ${i.message}`),
  };
}

/** Reads and validates a YAML config file. Never throws for bad input. */
export function loadConfigFile(path: string): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    return { ok: false, errors: [`${path}: cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`] };
  }
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    return { ok: false, errors: [`${path}: not valid YAML: ${(err as Error).message.split('\n')[0]}`] };
  }
  return validateConfig(doc, path);
}

export type ResolvedSecret = { ok: true; value: string } | { ok: false; error: string };

/**
 * Reads a secret from its env var, else its file. The error names where it looked,
 * never the value.
 */
export function resolveSecret(ref: SecretRef, field: string, env: NodeJS.ProcessEnv = process.env): ResolvedSecret {
  if (ref.env !== undefined) {
    const v = env[ref.env];
    if (v !== undefined && v !== '') return { ok: true, value: v };
    if (ref.file === undefined) return { ok: false, error: `${field}: env var ${ref.env} is not set` };
  }
  if (ref.file !== undefined) {
    try {
      const v = readFileSync(ref.file, 'utf8').replace(/\r?\n$/, '');
      if (v !== '') return { ok: true, value: v };
      return { ok: false, error: `${field}: file ${ref.file} is empty` };
    } catch (err) {
      return { ok: false, error: `${field}: cannot read ${ref.file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}` };
    }
  }
  return { ok: false, error: `${field}: no source given` };
}
