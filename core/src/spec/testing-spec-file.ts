/** Test support: loads a spec fixture from disk (core/src proper never reads files). */
import { readFileSync } from 'node:fs';
import { loadSpecText, type LoadResult } from './load';

export function loadSpecFile(file: string): LoadResult {
  return loadSpecText(readFileSync(file, 'utf8'), file);
}
