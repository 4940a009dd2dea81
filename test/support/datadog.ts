/**
 * Datadog's own parts, installed by scripts/datadog/install.sh into the Plumb cache:
 * the OpenMetrics V2 check base (run through scripts/datadog/scrape.py with Datadog's
 * stub aggregator) and the v1 OpenAPI spec from the datadog-api-client source package.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const REPO = resolve(import.meta.dirname, '../..');
export const DATADOG_CHECKS_BASE_VERSION = '38.7.0';
export const DATADOG_API_CLIENT_VERSION = '2.62.0';

/** Runs the idempotent installer (a no-op when cached) and returns the cache directory. */
export function datadogCache(): string {
  const dir = join(process.env.PLUMB_CACHE ?? join(homedir(), '.cache/plumb'), 'datadog');
  if (!existsSync(join(dir, `venv-checks-base-${DATADOG_CHECKS_BASE_VERSION}`, '.complete')) || !existsSync(openApiPath(dir))) {
    execFileSync('bash', [join(REPO, 'scripts/datadog/install.sh')], { stdio: ['ignore', 'ignore', 'inherit'], timeout: 600_000 });
  }
  return dir;
}

export function openApiPath(dir = datadogCache()): string {
  return join(dir, `openapi-v1-${DATADOG_API_CLIENT_VERSION}.yaml`);
}

export interface AgentMetricSample {
  name: string;
  type: string;
  value: number;
  tags: string[];
  hostname: string;
}

export interface AgentCheckResult {
  metrics: AgentMetricSample[];
  warnings: string[];
  error: string | null;
  service_checks: { name: string; status: number; tags: string[] }[];
}

/** One run (or `runs` runs) of Datadog's OpenMetrics V2 check with this instance config. */
export async function runOpenMetricsCheck(instance: unknown, runs = 1): Promise<AgentCheckResult> {
  const python = join(datadogCache(), `venv-checks-base-${DATADOG_CHECKS_BASE_VERSION}`, 'bin/python');
  const child = run(python, [join(REPO, 'scripts/datadog/scrape.py')], { timeout: 120_000, maxBuffer: 64 << 20 });
  child.child.stdin?.end(JSON.stringify({ instance, runs }));
  const { stdout } = await child;
  return JSON.parse(stdout) as AgentCheckResult;
}
