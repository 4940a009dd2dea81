/**
 * The effective Airflow configuration: airflow.cfg with `AIRFLOW__SECTION__KEY`
 * environment overrides applied, because the value the worker runs with is what
 * matters. `AIRFLOW__SECTION__KEY_CMD` and `_SECRET` name a command or a secrets
 * backend entry that yields the value; they are never executed or resolved here.
 * Their presence is recorded as a reference identity (the text of the variable is
 * the command or secret path), which is hashed like any secret.
 */
import { parseIni } from './ini';
import type { ConfigScalar, ParsedConfig } from './types';

const OVERRIDE = /^AIRFLOW__([A-Z0-9_]+?)__([A-Z0-9_]+)$/i;

/** Marker prefix of a value that is a `_CMD`/`_SECRET` reference, not the value itself. */
export const AIRFLOW_REFERENCE_PREFIX = 'airflow-ref:';

/** Parses airflow.cfg and applies env overrides. Precedence: env > env `_CMD`/`_SECRET` > file. */
export function parseAirflowConfig(text: string | undefined, env: Readonly<Record<string, string | undefined>>): ParsedConfig {
  const base = text === undefined ? { ok: true as const, entries: new Map<string, ConfigScalar>() } : parseIni(text);
  if (!base.ok) return base;
  const entries = new Map(base.entries);
  const direct = new Map<string, string>();
  const references = new Map<string, string>();
  for (const [name, value] of Object.entries(env)) {
    const m = OVERRIDE.exec(name);
    if (!m || value === undefined) continue;
    const section = (m[1] as string).toLowerCase();
    const option = (m[2] as string).toLowerCase();
    const ref = /^(.*)_(cmd|secret)$/.exec(option);
    if (ref) references.set(`${section}.${ref[1] as string}`, `${AIRFLOW_REFERENCE_PREFIX}${ref[2] as string}:${value}`);
    else direct.set(`${section}.${option}`, value);
  }
  for (const [key, value] of references) entries.set(key, value);
  for (const [key, value] of direct) entries.set(key, value);
  return { ok: true, entries };
}

/** True for a key set through a `_CMD`/`_SECRET` variant: always secret. */
export function isAirflowReference(value: ConfigScalar | undefined): boolean {
  return typeof value === 'string' && value.startsWith(AIRFLOW_REFERENCE_PREFIX);
}
