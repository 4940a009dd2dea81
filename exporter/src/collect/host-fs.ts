/**
 * Reading host files under a root prefix, so tests point collectors at fixture
 * trees and a container reads the host through `/host`. Results are values: an
 * absent file is not an error, an unreadable or oversized one is.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Files larger than this are refused: config files are small, and memory must stay bounded. */
export const MAX_FILE_BYTES = 4 * 1024 * 1024;

export type FileRead = { kind: 'text'; text: string } | { kind: 'absent' } | { kind: 'error'; reason: string };

/** Joins a root prefix and an absolute host path. */
export function rooted(root: string, path: string): string {
  return root === '/' || root === '' ? path : join(root, path);
}

/** Reads a text file under `root`; never throws. */
export async function readHostFile(root: string, path: string, maxBytes = MAX_FILE_BYTES): Promise<FileRead> {
  const full = rooted(root, path);
  try {
    const info = await stat(full);
    if (!info.isFile()) return { kind: 'error', reason: `${path}: not a regular file` };
    if (info.size > maxBytes) return { kind: 'error', reason: `${path}: larger than ${maxBytes} bytes` };
    return { kind: 'text', text: await readFile(full, 'utf8') };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'absent' };
    return { kind: 'error', reason: `${path}: cannot read (${code ?? 'error'})` };
  }
}

/** Lists a directory under `root`; absent or unreadable directories give an empty list. */
export async function listHostDir(root: string, path: string): Promise<string[]> {
  try {
    return await readdir(rooted(root, path));
  } catch {
    return [];
  }
}

/** A file source's path and its `alsoAt` alternatives, in the order they are tried. */
export function candidatePaths(source: { path: string; alsoAt?: readonly string[] | undefined }): string[] {
  return [source.path, ...(source.alsoAt ?? [])];
}

/** Reads the first of `paths` that exists (an error stops the search); the last path when all are absent. */
export async function readFirstPresent(paths: readonly string[], read: (path: string) => Promise<FileRead>): Promise<{ path: string; read: FileRead }> {
  for (const path of paths) {
    const got = await read(path);
    if (got.kind !== 'absent') return { path, read: got };
  }
  return { path: paths[paths.length - 1] ?? '', read: { kind: 'absent' } };
}
