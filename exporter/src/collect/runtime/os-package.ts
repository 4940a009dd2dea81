/**
 * OS package versions: the dpkg status file on Debian/Ubuntu nodes, the rpm
 * database (`rpm -q --qf`) on Amazon Linux and EMR. The dpkg file is parsed once
 * per collection and shared by every package the spec names. Each version carries the
 * package-manager log entry that installed it, when the log has one (its cause).
 */
import { stat } from 'node:fs/promises';
import { listHostDir, readHostFile, rooted } from '../host-fs';
import { causeFromPackageLog } from '@plumb/core/attribution/package-log';
import { runCommandCached } from '../sources/run-command';
import type { CollectContext } from '../readings';
import { packageLogEntries } from './package-log';
import type { Probe } from './probe';

const DPKG_STATUS = '/var/lib/dpkg/status';
const dpkgCache = new WeakMap<CollectContext, Promise<Map<string, string> | { error: string } | undefined>>();

/** Parses a dpkg status file into installed package → version. */
export function parseDpkgStatus(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const stanza of text.split(/\n\s*\n/)) {
    const field = (name: string) => new RegExp(`^${name}:\\s*(.+)$`, 'm').exec(stanza)?.[1]?.trim();
    const pkg = field('Package');
    const version = field('Version');
    const status = field('Status');
    if (pkg && version && (status === undefined || /\binstalled$/.test(status))) out.set(pkg, version);
  }
  return out;
}

/** Parsed status files by path, reused while size and mtime are unchanged: the file is megabytes. */
const parsedByPath = new Map<string, { mtimeMs: number; size: number; packages: Map<string, string> }>();

async function dpkgPackages(ctx: CollectContext): Promise<Map<string, string> | { error: string } | undefined> {
  const full = rooted(ctx.root, DPKG_STATUS);
  const info = await stat(full).catch(() => undefined);
  const cached = parsedByPath.get(full);
  if (info && cached && cached.mtimeMs === info.mtimeMs && cached.size === info.size) return cached.packages;
  const read = await readHostFile(ctx.root, DPKG_STATUS, 64 * 1024 * 1024);
  if (read.kind === 'absent') return undefined;
  if (read.kind === 'error') return { error: read.reason };
  const packages = parseDpkgStatus(read.text);
  if (info) parsedByPath.set(full, { mtimeMs: info.mtimeMs, size: info.size, packages });
  return packages;
}

export const probeOsPackage: Probe = async (ctx, name) => {
  if (name === undefined) return { kind: 'error', reason: 'os-package: no package name in the spec' };
  let dpkg = dpkgCache.get(ctx);
  if (!dpkg) dpkgCache.set(ctx, (dpkg = dpkgPackages(ctx)));
  const packages = await dpkg;
  if (packages instanceof Map) {
    const version = packages.get(name);
    if (version === undefined) return { kind: 'absent' };
    const cause = causeFromPackageLog(await packageLogEntries(ctx, 'dpkg'), name, version);
    return { kind: 'value', value: version, source: `runtime:dpkg:${name}`, cause };
  }
  if (packages && 'error' in packages) return { kind: 'error', reason: `os-package: ${packages.error}` };
  if ((await listHostDir(ctx.root, '/var/lib/rpm')).length === 0 || !ctx.runCommands) return { kind: 'absent' };
  const rootArgs = ctx.root === '/' || ctx.root === '' ? [] : ['--root', ctx.root];
  const result = await runCommandCached(['rpm', ...rootArgs, '-q', '--qf', '%{VERSION}-%{RELEASE}', name], ctx.commandTimeoutMs, ctx.commandCacheMs);
  if (result.kind === 'absent') return { kind: 'absent' };
  if (result.kind === 'error')
    return /is not installed/.test(result.output ?? '') ? { kind: 'absent' } : { kind: 'error', reason: `os-package: ${result.reason}` };
  const version = result.text.trim();
  const cause = causeFromPackageLog(await packageLogEntries(ctx, 'rpm'), name, version);
  return { kind: 'value', value: version, source: `runtime:rpm:${name}`, cause };
};
