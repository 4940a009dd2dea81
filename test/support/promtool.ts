/**
 * promtool binaries: Debian's (Prometheus 2.42, built without Kubernetes service discovery)
 * and upstream's, built from the Prometheus Go module by scripts/prometheus/build-promtool.sh.
 */
import { execFileSync } from 'node:child_process';
import { resolve, join } from 'node:path';

const REPO = resolve(import.meta.dirname, '../..');

/** Upstream promtool, building it first when missing (idempotent, slow the first time). */
export function upstreamPromtool(): string {
  const out = execFileSync('bash', [join(REPO, 'scripts/prometheus/build-promtool.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return out.trim().split('\n').at(-1) ?? '';
}

/** Runs a promtool; never throws for a non-zero exit. */
export function promtool(binary: string, args: string[]): { ok: boolean; output: string } {
  try {
    return { ok: true, output: execFileSync(binary, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }) };
  } catch (e) {
    const x = e as { stdout?: string; stderr?: string };
    return { ok: false, output: `${x.stdout ?? ''}${x.stderr ?? ''}` };
  }
}
