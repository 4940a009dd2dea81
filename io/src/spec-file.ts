/**
 * Reading a spec from disk; the loading stages themselves are pure and live in core.
 */
import { readFileSync } from 'node:fs';
import { loadSpecText, type LoadResult } from '@plumb/core/spec/load';

/** Reads and loads a spec file. A missing or unreadable file is an error result, not a throw. */
export function loadSpecFile(file: string): LoadResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return { ok: false, errors: [{ file, path: '', message: `cannot read spec: ${(err as NodeJS.ErrnoException).code ?? String(err)}` }], warnings: [] };
  }
  return loadSpecText(text, file);
}
