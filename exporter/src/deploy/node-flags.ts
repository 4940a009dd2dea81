/**
 * The Node/V8 flags plumb-exporter runs with wherever it is deployed: the container image's
 * entrypoint (exporter/Dockerfile, what the chart's DaemonSet runs), the EMR systemd unit
 * (deploy/emr/plumb-exporter.service) and bench/exporter-overhead. One definition; a test
 * keeps the deployed files in step with it.
 *
 * Why each (measured in bench/exporter-overhead, figures in docs/benchmarks.md):
 * - `--no-opt --no-sparkplug --no-maglev`: no optimising or baseline compilers. The exporter's
 *   hot path is a collection every 30 s and a scrape every 15 s, too rare to repay them;
 *   without them, and with `--optimize-for-size`, RSS drops by about 15 MB at the same CPU.
 *   Not `--lite-mode`/`--jitless`: they remove WebAssembly, which the Kubernetes client's
 *   HTTP stack (undici's llhttp) needs, so `--kubernetes` would crash.
 * - `--v8-pool-size=0`: GC and compile tasks run on the main thread instead of a worker pool.
 * - `--max-semi-space-size=1`, `--max-old-space-size=64`: a small young generation, and a hard
 *   heap ceiling well above the ~13 MB the exporter uses, so a leak fails loudly.
 */
export const EXPORTER_NODE_FLAGS = [
  '--no-opt',
  '--no-sparkplug',
  '--no-maglev',
  '--optimize-for-size',
  '--v8-pool-size=0',
  '--max-semi-space-size=1',
  '--max-old-space-size=64',
] as const;

/** The flags the exporter ran with before (the bench prints both, side by side). */
export const PREVIOUS_EXPORTER_NODE_FLAGS = ['--max-semi-space-size=1', '--max-old-space-size=64'] as const;
