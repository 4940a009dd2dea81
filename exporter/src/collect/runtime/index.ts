/**
 * The `runtime` collector: built-in probes for the JVM, Python and its packages,
 * OS packages and the kernel. Each distinct (probe, name) runs once per collection.
 */
import { rulesOfKind, type Collector, type CollectorOutput, type Reading } from '../readings';
import { probeJvm } from './jvm';
import { probeKernel } from './kernel';
import { probeOsPackage } from './os-package';
import type { Probe, ProbeResult } from './probe';
import { probePython, probePythonPackage } from './python';

const PROBES: Record<string, Probe> = {
  jvm: probeJvm,
  python: probePython,
  'python-package': probePythonPackage,
  'os-package': probeOsPackage,
  kernel: probeKernel,
};

export const runtimeCollector: Collector = {
  name: 'runtime',
  async collect(ctx): Promise<CollectorOutput> {
    const rules = rulesOfKind(ctx.model, 'runtime');
    const results = new Map<string, Promise<ProbeResult>>();
    for (const rule of rules) {
      const id = `${rule.source.probe}\0${rule.source.name ?? ''}`;
      const probe = PROBES[rule.source.probe];
      if (probe && !results.has(id))
        results.set(
          id,
          probe(ctx, rule.source.name).catch(() => ({ kind: 'error', reason: `${rule.source.probe}: probe failed` })),
        );
    }
    const readings: Reading[] = [];
    const errors = new Set<string>();
    for (const rule of rules) {
      const result = await results.get(`${rule.source.probe}\0${rule.source.name ?? ''}`);
      if (result?.kind === 'value') readings.push({ rule, value: result.value, source: result.source, ...(result.cause ? { cause: result.cause } : {}) });
      else if (result?.kind === 'error') errors.add(result.reason);
    }
    return { readings, errors: [...errors].sort() };
  },
};
