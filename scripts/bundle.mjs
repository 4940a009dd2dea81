// Bundles one Plumb component into a single-directory artefact (entry .mjs plus lazily loaded
// chunks) that runs under plain `node`, without tsx and without the repo's sources.
// Every @plumb/* import is bundled (they are TypeScript workspace packages); third-party
// packages are bundled too unless listed in `external` (native addons such as
// better-sqlite3, which must come from node_modules next to the artefact).
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * zod's `z` namespace re-exports every locale (about 560 KB of messages in 40 languages), so
 * bundling cannot drop them; Plumb only ever uses the default English messages. Resolving the
 * locales index to English alone keeps them out of every artefact (and out of its memory: a
 * module's source stays in the V8 heap).
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, (args) => ({
      contents: "export { default as en } from './en.js';",
      resolveDir: dirname(args.path),
    }));
  },
};

/**
 * @param {{ name: string, entry: string, outdir: string, external?: string[], banner: string }} o
 * @returns {Promise<string>} the path of the entry file
 */
export async function bundleComponent(o) {
  rmSync(o.outdir, { recursive: true, force: true });
  await build({
    entryPoints: { [o.name]: o.entry },
    outdir: o.outdir,
    outExtension: { '.js': '.mjs' },
    // Splitting keeps code behind dynamic imports (e.g. @kubernetes/client-node, kafkajs) in
    // chunks that load only when the option needing them is given.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    external: o.external ?? [],
    // CommonJS packages inside an ESM bundle still call require() for Node built-ins.
    banner: {
      js: `// DO NOT EDIT: ${o.banner}\nimport { createRequire as __plumbCreateRequire } from 'node:module';\nconst require = __plumbCreateRequire(import.meta.url);`,
    },
    plugins: [zodEnglishOnly],
    // Whitespace and syntax only: smaller sources held in memory, while identifiers (and so
    // stack traces in logs) stay readable. No source maps are written or loaded.
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: 'warning',
    legalComments: 'none',
  });
  return join(o.outdir, `${o.name}.mjs`);
}
