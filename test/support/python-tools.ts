/**
 * The pinned Python tools (dbt-core, dbt-duckdb, duckdb, sqlglot) from
 * scripts/python/install.sh, installed into the Plumb cache on first use.
 */
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const REPO = resolve(import.meta.dirname, '../..');

/** Installs (idempotently) and returns the venv's directory; a cold install takes about 1–2 minutes. */
export function pythonVenv(): string {
  return execFileSync('bash', [join(REPO, 'scripts/python/install.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
}

/** Environment for running the venv's tools offline: no dbt telemetry, no version checks. */
export function pythonEnv(venv: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PATH: `${join(venv, 'bin')}:${process.env.PATH ?? ''}`,
    VIRTUAL_ENV: venv,
    DO_NOT_TRACK: '1',
    DBT_SEND_ANONYMOUS_USAGE_STATS: 'false',
    DBT_VERSION_CHECK: 'false',
    PYTHONDONTWRITEBYTECODE: '1',
  };
}
