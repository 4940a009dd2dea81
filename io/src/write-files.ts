import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Writes generated files (name → contents) into `dir`, creating it; returns the paths written. */
export function writeFiles(dir: string, files: Readonly<Record<string, string>>): string[] {
  mkdirSync(dir, { recursive: true });
  return Object.entries(files).map(([name, text]) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  });
}
