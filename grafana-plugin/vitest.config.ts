/**
 * Unit and component tests of the plugin (the root config covers only `*.test.ts` of
 * the original workspaces). Component tests opt into jsdom per file with
 * `// @vitest-environment jsdom`. Run: `npx vitest run --config grafana-plugin/vitest.config.ts`.
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: dirname(fileURLToPath(import.meta.url)),
  oxc: { jsx: { runtime: 'automatic' } },
  test: {
    name: 'grafana-plugin',
    include: ['src/**/*.test.{ts,tsx}'],
    testTimeout: 60_000,
    maxWorkers: 2,
    setupFiles: ['src/test/setup-jsdom.ts'],
    // @grafana/ui imports CSS files; let Vite transform it instead of Node loading it raw.
    server: { deps: { inline: [/@grafana\//] } },
  },
});
