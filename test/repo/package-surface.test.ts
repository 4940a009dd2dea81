/**
 * Each workspace's `exports` is its whole public surface: no wildcards, every entry
 * exists, and no file reaches into another workspace except through those entries.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const REPO = join(import.meta.dirname, '../..');
const rootPackage = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { workspaces: string[] };
const WORKSPACES = rootPackage.workspaces;
const exportsOf = (ws: string): Record<string, string> =>
  (JSON.parse(readFileSync(join(REPO, ws, 'package.json'), 'utf8')) as { exports?: Record<string, string> }).exports ?? {};
const nameOf = (ws: string): string => (JSON.parse(readFileSync(join(REPO, ws, 'package.json'), 'utf8')) as { name: string }).name;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.name === 'node_modules' || e.name === 'dist' || e.name.startsWith('.')) return [];
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return /\.(ts|tsx|mjs)$/.test(e.name) ? [path] : [];
  });
}

/** Module specifiers in a source: static and dynamic imports, and `*_MODULE` constants loaded later. */
function specifiers(source: string): string[] {
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|_MODULE\s*=\s*)['"]((?:@plumb\/|\.\.?\/)[^'"\s]+)['"]/g;
  return [...source.matchAll(pattern)].map((m) => m[1] as string);
}

/** The workspace folder a path inside the repo belongs to, if any. */
const workspaceOf = (path: string): string | undefined => WORKSPACES.find((ws) => relative(join(REPO, ws), path).split('/')[0] !== '..');

const CODE_DIRS = [...WORKSPACES, 'test', 'bench', 'scripts'];

describe('package surface', () => {
  it.each(WORKSPACES)('The exports of %s are explicit and each entry exists.', (ws) => {
    const entries = Object.entries(exportsOf(ws));
    expect(entries.filter(([key]) => key.includes('*'))).toEqual([]);
    expect(entries.filter(([, target]) => !existsSync(join(REPO, ws, target)))).toEqual([]);
  });

  it('No file imports another workspace by a relative path or through an undeclared entry.', () => {
    const declared = new Set(WORKSPACES.flatMap((ws) => Object.keys(exportsOf(ws)).map((key) => nameOf(ws) + key.slice(1))));
    const offences: string[] = [];
    for (const file of CODE_DIRS.filter((d) => existsSync(join(REPO, d))).flatMap((d) => sources(join(REPO, d)))) {
      if (file.endsWith('package-surface.test.ts') || file.endsWith('purity.test.ts')) continue;
      const own = workspaceOf(file);
      for (const spec of specifiers(readFileSync(file, 'utf8'))) {
        if (spec.startsWith('@plumb/')) {
          const pkg = spec.split('/').slice(0, 2).join('/');
          const ownName = own === undefined ? undefined : nameOf(own);
          if (pkg !== ownName && !declared.has(spec)) offences.push(`${relative(REPO, file)}: ${spec} is not in ${pkg}'s exports`);
          continue;
        }
        const target = normalize(join(dirname(file), spec));
        const other = workspaceOf(target);
        if (other !== undefined && other !== own && relative(join(REPO, other), target).startsWith('src'))
          offences.push(`${relative(REPO, file)}: ${spec} reaches into ${other}/src`);
      }
    }
    expect(offences).toEqual([]);
  });

  it('The README layout table names every workspace folder.', () => {
    const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
    const layout = readme.slice(readme.indexOf('## Layout'), readme.indexOf('\n## ', readme.indexOf('## Layout') + 1));
    expect(WORKSPACES.filter((ws) => !layout.includes(`\`${ws}/\``))).toEqual([]);
  });
});
