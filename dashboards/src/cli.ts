/**
 * `plumb-dashboards --spec FILE --out DIR`: writes the generated dashboards and their
 * provisioning files. Exit 1 with the spec's problems when it does not load.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadSpecFile } from '@plumb/io';
import { generateDashboards } from './generate';

export function runDashboardsCli(argv: string[]): number {
  const { values } = parseArgs({ args: argv, options: { spec: { type: 'string' }, out: { type: 'string' } } });
  if (!values.spec || !values.out) {
    process.stderr.write('usage: plumb-dashboards --spec FILE --out DIR\n');
    return 2;
  }
  const loaded = loadSpecFile(values.spec);
  if (!loaded.ok) {
    for (const e of loaded.errors) process.stderr.write(`${e.file}${e.line ? `:${e.line}:${e.column}` : ''}: ${e.path}: ${e.message}\n`);
    return 1;
  }
  const files = generateDashboards(loaded.model, values.spec);
  for (const [rel, text] of Object.entries(files)) {
    const path = join(values.out, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  process.stdout.write(`wrote ${Object.keys(files).length} files to ${values.out}\n`);
  return 0;
}
