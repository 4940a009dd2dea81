/**
 * Runs collectors side by side, each isolated: a throw or a timeout fails only
 * that collector, with a value-free reason, and never the collection.
 */
import { describeFault, type CollectContext, type Collector, type CollectorOutput, type CollectorRun } from './readings';

export interface CollectorResult {
  run: CollectorRun;
  output: CollectorOutput;
}

/** Runs every collector; `timeoutMs` bounds each one. */
export async function runCollectors(collectors: readonly Collector[], ctx: CollectContext, timeoutMs: number): Promise<CollectorResult[]> {
  return Promise.all(collectors.map((c) => runOne(c, ctx, timeoutMs)));
}

async function runOne(collector: Collector, ctx: CollectContext, timeoutMs: number): Promise<CollectorResult> {
  const started = process.hrtime.bigint();
  let output: CollectorOutput;
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(Object.assign(new Error('timeout'), { code: `timed out after ${timeoutMs} ms` })), timeoutMs);
      timer.unref();
    });
    output = await Promise.race([collector.collect(ctx), timeout]);
  } catch (err) {
    output = { readings: [], errors: [`${collector.name}: ${describeFault(err)}`] };
  } finally {
    if (timer) clearTimeout(timer);
  }
  const durationSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { run: { collector: collector.name, success: output.errors.length === 0, durationSeconds, errors: output.errors }, output };
}
