/**
 * The package-manager logs under the host root, parsed once per collection: dpkg's
 * `/var/log/dpkg.log` (and its first rotation) on Debian/Ubuntu, dnf's
 * `/var/log/dnf.rpm.log` (likewise) on Amazon Linux 2023. A log that is absent,
 * unreadable or too large only leaves causes `unknown`; it never fails the probe.
 */
import { parseDnfRpmLog, parseDpkgLog, type PackageLogEntry } from '@plumb/core/attribution/package-log';
import { readHostFile } from '../host-fs';
import type { CollectContext } from '../readings';

const MAX_LOG_BYTES = 32 * 1024 * 1024;
const LOGS = {
  dpkg: { paths: ['/var/log/dpkg.log.1', '/var/log/dpkg.log'], parse: parseDpkgLog },
  rpm: { paths: ['/var/log/dnf.rpm.log.1', '/var/log/dnf.rpm.log'], parse: parseDnfRpmLog },
} as const;

const cache = new WeakMap<CollectContext, Map<keyof typeof LOGS, Promise<PackageLogEntry[]>>>();

async function read(ctx: CollectContext, kind: keyof typeof LOGS): Promise<PackageLogEntry[]> {
  const { paths, parse } = LOGS[kind];
  const texts = await Promise.all(paths.map((p) => readHostFile(ctx.root, p, MAX_LOG_BYTES)));
  return texts.flatMap((t) => (t.kind === 'text' ? parse(t.text) : []));
}

/** The entries of one package manager's logs, oldest first. */
export function packageLogEntries(ctx: CollectContext, kind: keyof typeof LOGS): Promise<PackageLogEntry[]> {
  let byKind = cache.get(ctx);
  if (!byKind) cache.set(ctx, (byKind = new Map()));
  let entries = byKind.get(kind);
  if (!entries) byKind.set(kind, (entries = read(ctx, kind)));
  return entries;
}
