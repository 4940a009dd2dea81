/**
 * What the exporter artefact loads at start-up, which its resident memory follows: a module's
 * source stays in the V8 heap, so the static part of the bundle is kept small.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO = resolve(import.meta.dirname, '../..');
let out: string;

/** The entry file plus every chunk it imports statically, transitively. */
function startupFiles(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:^|[;}\n])\s*import\s*(?:[^'"()]*?from\s*)?["'](\.{1,2}\/[^"']+)["']/g)) {
      visit(resolve(file, '..', m[1] as string));
    }
  };
  visit(entry);
  return [...seen];
}

beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), 'plumb-bundle-'));
  const script = `import { bundleComponent } from ${JSON.stringify(join(REPO, 'scripts/bundle.mjs'))};
    await bundleComponent({ name: 'plumb-exporter', entry: ${JSON.stringify(join(REPO, 'exporter/src/cli/run.ts'))}, outdir: ${JSON.stringify(out)}, banner: 'test' });`;
  execFileSync(process.execPath, ['--input-type=module', '-e', script], { stdio: 'inherit' });
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('exporter bundle', () => {
  it('The exporter artefact carries none of the zod locales besides English.', () => {
    const all = readdirSync(join(out, 'chunks')).map((f) => join(out, 'chunks', f));
    const withCatalan = [join(out, 'plumb-exporter.mjs'), ...all].filter((f) => readFileSync(f, 'utf8').includes('Tipus d'));
    expect(withCatalan).toEqual([]);
  });

  it('The code the exporter loads at start-up, before any optional feature, stays under 1 MB.', () => {
    const files = startupFiles(join(out, 'plumb-exporter.mjs'));
    const bytes = files.reduce((n, f) => n + statSync(f).size, 0);
    expect(files.length).toBeGreaterThan(1);
    expect(bytes).toBeLessThan(1024 * 1024);
  });

  it('The code the exporter loads at start-up never calls ICU (collation, Intl, toLocale*), whose data would add 2 to 6 MB of RSS.', () => {
    const icu = /\.localeCompare\(|\bIntl\.|\.toLocale(?:String|DateString|TimeString|UpperCase|LowerCase)\(/;
    const calling = startupFiles(join(out, 'plumb-exporter.mjs')).filter((f) => icu.test(readFileSync(f, 'utf8')));
    expect(calling.map((f) => f.slice(out.length + 1))).toEqual([]);
  });

  it('Spec errors still read in English from the trimmed bundle.', () => {
    const spec = join(out, 'bad-spec.yaml');
    writeFileSync(spec, 'apiVersion: plumb/v1\nkind: DesiredState\nmetadata: 5\n');
    const r = (() => {
      try {
        execFileSync(process.execPath, [join(out, 'plumb-exporter.mjs'), '--spec', spec, '--once'], { encoding: 'utf8', stdio: 'pipe' });
        return '';
      } catch (e) {
        return String((e as { stderr: string }).stderr);
      }
    })();
    expect(r).toContain('bad-spec.yaml:3:11: metadata: Invalid input: expected object, received number');
  });
});
