import { defineConfig } from 'vitest/config';

// One runner for the whole repo. Unit tests sit next to the code (`*.test.ts`);
// integration and end-to-end tests that start real servers live in `test/`.
// The Grafana plugin's component tests need jsdom and Vite's CSS handling, so they
// are a project of their own with its config in grafana-plugin/.
export default defineConfig({
  test: {
    // Real servers (Prometheus, Alertmanager, Kafka, kube-apiserver) are started per file;
    // two cores cannot host many of them at once.
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'plumb',
          include: ['{core,io,exporter,alertmanager-hooks,history,sim,dashboards,cli}/src/**/*.test.ts', 'test/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 240_000,
        },
      },
      './grafana-plugin/vitest.config.ts',
    ],
  },
});
