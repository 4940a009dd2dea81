/**
 * The exporter version, from its package.json: one level up from the sources,
 * two from a bundled chunk (see scripts/build.mjs).
 */
import { readFileSync } from 'node:fs';

function readVersion(): string {
  for (const rel of ['../package.json', '../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === '@plumb/exporter' && pkg.version) return pkg.version;
    } catch {
      // Try the next level up.
    }
  }
  return 'unknown';
}

export const EXPORTER_VERSION: string = readVersion();
