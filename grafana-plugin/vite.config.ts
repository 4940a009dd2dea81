/**
 * Builds the plugin as Grafana loads it: one `dist/module.js` in AMD-compatible (UMD)
 * form whose shared libraries — React, Grafana's packages, rxjs, emotion — are
 * dependencies Grafana's module loader provides, plus `plugin.json` (with version and
 * date filled in) and the images.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
const pkg = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8')) as { version: string };

/** Modules Grafana shares with plugins at run time; never bundled. */
export const EXTERNALS = ['react', 'react-dom', '@grafana/data', '@grafana/ui', '@grafana/runtime', '@grafana/i18n', 'rxjs', '@emotion/css', '@emotion/react'];

function pluginAssets(): Plugin {
  return {
    name: 'plumb-plugin-assets',
    writeBundle() {
      const dist = join(here, 'dist');
      const today = process.env.SOURCE_DATE ?? new Date().toISOString().slice(0, 10);
      const text = readFileSync(join(here, 'src/plugin.json'), 'utf8').replace('%VERSION%', pkg.version).replace('%TODAY%', today);
      writeFileSync(join(dist, 'plugin.json'), text);
      mkdirSync(join(dist, 'img'), { recursive: true });
      copyFileSync(join(here, 'src/img/logo.svg'), join(dist, 'img/logo.svg'));
      copyFileSync(join(here, 'README.md'), join(dist, 'README.md'));
    },
  };
}

export default defineConfig({
  root: here,
  mode: 'production',
  // JSX for React's production runtime whatever NODE_ENV the caller has.
  oxc: { jsx: { runtime: 'automatic', development: false } },
  plugins: [pluginAssets()],
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    minify: true,
    lib: { entry: join(here, 'src/module.tsx'), formats: ['umd'], name: 'plumbApp', fileName: () => 'module.js' },
    rollupOptions: {
      external: (id) => EXTERNALS.includes(id) || id.startsWith('@grafana/'),
      output: { globals: Object.fromEntries(EXTERNALS.map((e) => [e, e])) },
    },
  },
});
