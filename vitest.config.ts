import { defineConfig } from 'vitest/config';

// One runner for the whole repo. Unit tests sit next to the code (`*.test.ts`);
// integration and end-to-end tests that start real servers live in `test/`.
export default defineConfig({
  test: {
    include: ['{core,exporter,alertmanager-hooks,history,sim}/src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // Real servers (Prometheus, Alertmanager, Kafka, kube-apiserver) are started per file;
    // two cores cannot host many of them at once.
    maxWorkers: 2,
    fileParallelism: true,
  },
});
