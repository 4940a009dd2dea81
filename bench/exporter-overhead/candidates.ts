/**
 * Memory candidates the bench measures beside the deploy flags, in the same run: each is the
 * deploy flags plus extra Node/V8 flags or environment. None is adopted unless its row beats
 * the deploy flags' in docs/benchmarks.md (RSS lower, CPU no worse).
 */
export interface Candidate {
  name: string;
  flags: string[];
  env: Record<string, string>;
}

/** A preload that forces three full GCs once start-up is over (the exporter has collected by then). */
const FORCED_GC = 'data:text/javascript,setTimeout(()=>{for(let i=0;i<3;i++)gc()},5000).unref()';

export const CANDIDATES: Candidate[] = [
  { name: 'forced GC after start-up', flags: ['--expose-gc', '--import', FORCED_GC], env: {} },
  { name: 'forced GC + --bytecode-old-age=1 (bytecode flushing)', flags: ['--bytecode-old-age=1', '--expose-gc', '--import', FORCED_GC], env: {} },
  { name: '--max-lazy', flags: ['--max-lazy'], env: {} },
  { name: '--no-lazy-feedback-allocation', flags: ['--no-lazy-feedback-allocation'], env: {} },
  { name: '--single-threaded', flags: ['--single-threaded'], env: {} },
  { name: '--stack-size=256', flags: ['--stack-size=256'], env: {} },
  { name: 'MALLOC_ARENA_MAX=2 MALLOC_TRIM_THRESHOLD_=131072', flags: [], env: { MALLOC_ARENA_MAX: '2', MALLOC_TRIM_THRESHOLD_: '131072' } },
];
