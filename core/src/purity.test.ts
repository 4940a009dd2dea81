/**
 * core/ is the pure core: spec, model, hashing, compiler, evaluator, statistics and
 * impact. It reads no files, runs no commands, opens no sockets and depends on no
 * package above it; adapters live in io/, exporter/, alertmanager-hooks/ and history/.
 * Tests and `testing-*.ts` fixtures may read testdata.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = new URL('.', import.meta.url).pathname;
const FORBIDDEN = [
  /^(node:)?fs(\/promises)?$/,
  /^(node:)?child_process$/,
  /^(node:)?net$/,
  /^(node:)?https?$/,
  /^(node:)?http2$/,
  /^(node:)?dgram$/,
  /^@plumb\//,
];

/** Import and re-export specifiers of a TypeScript source, static and dynamic. */
function importedModules(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(
    /(?:^|\n)\s*(?:import|export)\b[^'"]*?\bfrom\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)|\brequire\(\s*['"]([^'"]+)['"]\s*\)/g,
  )) {
    found.push((m[1] ?? m[2] ?? m[3] ?? m[4]) as string);
  }
  return found;
}

function productionFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return productionFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.name.startsWith('testing-') ? [path] : [];
  });
}

describe('core/src purity', () => {
  it.each([
    { name: 'A static fs import is found.', source: "import { readFileSync } from 'node:fs';", expected: ['node:fs'] },
    { name: 'A type-only import of a sibling package is found.', source: "import type { X } from '@plumb/exporter';", expected: ['@plumb/exporter'] },
    { name: 'A dynamic import is found.', source: "const m = await import('node:child_process');", expected: ['node:child_process'] },
    { name: 'A re-export is found.', source: "export * from 'node:http';", expected: ['node:http'] },
    { name: 'A multi-line import is found.', source: "import {\n  a,\n  b,\n} from 'node:net';", expected: ['node:net'] },
  ])('$name', ({ source, expected }) => {
    expect(importedModules(source)).toEqual(expected);
  });

  it('No production file under core/src does I/O or imports a workspace above core.', () => {
    const files = productionFiles(SRC);
    expect(files.length).toBeGreaterThan(50);
    const offences = files.flatMap((file) =>
      importedModules(readFileSync(file, 'utf8'))
        .filter((spec) => FORBIDDEN.some((re) => re.test(spec)))
        .map((spec) => `${relative(SRC, file)} imports ${spec}`),
    );
    expect(offences).toEqual([]);
  });
});
