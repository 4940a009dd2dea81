/** Bundles the dev host page (React, Grafana's packages and the runtime services) into dev-host/dist. */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  mode: 'production',
  // JSX for React's production runtime whatever NODE_ENV the caller has.
  oxc: { jsx: { runtime: 'automatic', development: false } },
  define: { 'process.env.NODE_ENV': JSON.stringify('production'), global: 'globalThis' },
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 20_000, sourcemap: false },
  logLevel: 'warn',
});
