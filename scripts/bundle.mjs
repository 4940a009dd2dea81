// Bundles one Plumb component into a single-directory artefact (entry .mjs plus lazily loaded
// chunks) that runs under plain `node`, without tsx and without the repo's sources.
// Every @plumb/* import is bundled (they are TypeScript workspace packages); third-party
// packages are bundled too unless listed in `external` (native addons such as
// better-sqlite3, which must come from node_modules next to the artefact).
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

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
    logLevel: 'warning',
    legalComments: 'none',
  });
  return join(o.outdir, `${o.name}.mjs`);
}
