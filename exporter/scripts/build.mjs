#!/usr/bin/env node
// Bundles plumb-exporter into dist/plumb-exporter.mjs (plus lazily loaded chunks) for hosts and
// containers; `npm run build` at the repo root builds every component's artefact the same way.
// Running the bundle with plain `node` avoids the TypeScript loader (tsx runs its hooks on an
// extra thread, ~40 MB of RSS). Everything is bundled, @plumb/* and third-party packages
// alike, so dist/ runs with nothing but a Node runtime (the EMR artefact and the container
// image ship exactly this directory). Idempotent.
import { buildArtefacts } from '../../scripts/build-artefacts.mjs';

for (const out of await buildArtefacts(['plumb-exporter'])) console.log(out);
