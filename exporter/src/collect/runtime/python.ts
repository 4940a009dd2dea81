/**
 * Python: the interpreter version (a virtualenv's `pyvenv.cfg`, else
 * `python3 --version`) and installed package versions from `*.dist-info/METADATA`
 * in the site directories of the usual prefixes. Package names compare in
 * PEP 503 normal form (`Apache_Airflow` is `apache-airflow`).
 */
import { listHostDir, readHostFile } from '../host-fs';
import { runCommandCached } from '../sources/run-command';
import type { CollectContext } from '../readings';
import type { Probe } from './probe';

/** Prefixes searched for site-packages, after `$VIRTUAL_ENV` and `$PLUMB_PYTHON_PREFIX`. */
const PREFIXES = ['/usr/local', '/usr', '/opt/airflow/.local', '/home/airflow/.local', '/opt/conda'];

/** PEP 503 normalised name. */
export function normalisePackageName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

export const probePython: Probe = async (ctx) => {
  for (const prefix of envPrefixes(ctx)) {
    const read = await readHostFile(ctx.root, `${prefix}/pyvenv.cfg`, 64 * 1024);
    if (read.kind !== 'text') continue;
    const version = /^version(?:_info)?\s*=\s*(\S+)\s*$/m.exec(read.text)?.[1];
    if (version) return { kind: 'value', value: version, source: `runtime:python:${prefix}/pyvenv.cfg` };
  }
  if (!ctx.runCommands) return { kind: 'absent' };
  const result = await runCommandCached(['python3', '--version'], ctx.commandTimeoutMs, ctx.commandCacheMs);
  if (result.kind === 'absent') return { kind: 'absent' };
  if (result.kind === 'error') return { kind: 'error', reason: `python: ${result.reason}` };
  const version = /Python\s+(\S+)/.exec(result.text)?.[1];
  return version
    ? { kind: 'value', value: version, source: 'runtime:python:python3 --version' }
    : { kind: 'error', reason: 'python: unrecognised python3 --version output' };
};

const siteCache = new WeakMap<CollectContext, Promise<Map<string, string>>>();

export const probePythonPackage: Probe = async (ctx, name) => {
  if (name === undefined) return { kind: 'error', reason: 'python-package: no package name in the spec' };
  let dirs = siteCache.get(ctx);
  if (!dirs) siteCache.set(ctx, (dirs = indexDistInfo(ctx)));
  const distInfo = (await dirs).get(normalisePackageName(name));
  if (distInfo === undefined) return { kind: 'absent' };
  const read = await readHostFile(ctx.root, `${distInfo}/METADATA`, 4 * 1024 * 1024);
  if (read.kind === 'absent') return { kind: 'error', reason: `python-package: ${distInfo} has no METADATA` };
  if (read.kind === 'error') return { kind: 'error', reason: `python-package: ${read.reason}` };
  const version = /^Version:\s*(\S+)\s*$/m.exec(read.text)?.[1];
  return version
    ? { kind: 'value', value: version, source: `runtime:python-package:${distInfo}` }
    : { kind: 'error', reason: `python-package: ${distInfo}/METADATA has no Version` };
};

function envPrefixes(ctx: CollectContext): string[] {
  return [ctx.env.VIRTUAL_ENV, ctx.env.PLUMB_PYTHON_PREFIX].filter((p): p is string => p !== undefined && p !== '').map((p) => p.replace(/\/$/, ''));
}

/** Maps normalised package name → dist-info directory; the first prefix that has it wins. */
async function indexDistInfo(ctx: CollectContext): Promise<Map<string, string>> {
  const index = new Map<string, string>();
  for (const prefix of [...envPrefixes(ctx), ...PREFIXES]) {
    const libs = (await listHostDir(ctx.root, `${prefix}/lib`))
      .filter((d) => /^python3(\.\d+)?$/.test(d))
      .sort()
      .reverse();
    for (const lib of libs) {
      for (const site of ['site-packages', 'dist-packages']) {
        const dir = `${prefix}/lib/${lib}/${site}`;
        for (const entry of await listHostDir(ctx.root, dir)) {
          const m = /^(.+?)-[^-]+\.dist-info$/.exec(entry);
          if (!m) continue;
          const key = normalisePackageName(m[1] as string);
          if (!index.has(key)) index.set(key, `${dir}/${entry}`);
        }
      }
    }
  }
  return index;
}
