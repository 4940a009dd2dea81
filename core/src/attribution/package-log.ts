/**
 * The package-manager log entry behind an OS package's installed version: dpkg's
 * `/var/log/dpkg.log` on Debian/Ubuntu, dnf's `/var/log/dnf.rpm.log` on Amazon Linux 2023
 * and other dnf systems. The cause is the latest entry that installed, upgraded or
 * downgraded the package to the version now observed; an entry for another version, a
 * removal, or no entry at all leaves the cause `unknown`. Pure.
 */
import type { ChangeCause } from './cause';

export interface PackageLogEntry {
  /** The log line as written, trimmed. */
  line: string;
  /** RFC 3339 time of the entry. */
  at: string;
  /** `install`, `upgrade`, `downgrade`, `remove`, `purge` (dpkg) or dnf's `Installed`, `Upgrade`, `Downgrade`, `Erase`, `Reinstall`. */
  action: string;
  /** Package name without architecture or epoch. */
  name: string;
  /** Version the entry left installed; undefined for a removal. */
  version: string | undefined;
}

const DPKG_LINE = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) (install|upgrade|remove|purge) (\S+) (\S+) (\S+)$/;

/**
 * dpkg.log action lines: `2026-03-01 12:00:01 upgrade openjdk-17-jre-headless:amd64 17.0.9 17.0.10`.
 * dpkg writes local time without a zone; nodes run in UTC, so the time is read as UTC.
 */
export function parseDpkgLog(text: string): PackageLogEntry[] {
  const out: PackageLogEntry[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const m = DPKG_LINE.exec(line);
    if (!m) continue;
    const [, date, time, action, pkg, , to] = m as unknown as [string, string, string, string, string, string, string];
    const at = new Date(`${date}T${time}Z`);
    if (Number.isNaN(at.getTime())) continue;
    out.push({ line, at: at.toISOString(), action, name: pkg.split(':')[0] as string, version: to === '<none>' ? undefined : to });
  }
  return out;
}

const DNF_LINE = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:Z|[+-]\d{2}(?::?\d{2})?)) SUBDEBUG (Installed|Upgrade|Downgrade|Reinstall|Erase|Obsoleted): (\S+)$/;
const LEAVES_INSTALLED = new Set(['Installed', 'Upgrade', 'Downgrade', 'Reinstall']);

/** Splits an rpm NEVRA (`java-17-amazon-corretto-1:17.0.10+7-1.amzn2023.1.x86_64`) into name and `version-release`. */
export function splitNevra(nevra: string): { name: string; versionRelease: string } | undefined {
  const withoutArch = nevra.replace(/\.(x86_64|aarch64|noarch|i686|src|armv7hl|ppc64le|s390x)$/, '');
  const releaseDash = withoutArch.lastIndexOf('-');
  const versionDash = withoutArch.lastIndexOf('-', releaseDash - 1);
  if (releaseDash <= 0 || versionDash <= 0) return undefined;
  const evr = withoutArch.slice(versionDash + 1);
  return { name: withoutArch.slice(0, versionDash), versionRelease: evr.replace(/^\d+:/, '') };
}

/** dnf.rpm.log transaction lines: `2026-03-01T12:00:01+0000 SUBDEBUG Upgrade: java-17-amazon-corretto-1:17.0.10+7-1.amzn2023.1.x86_64`. */
export function parseDnfRpmLog(text: string): PackageLogEntry[] {
  const out: PackageLogEntry[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const m = DNF_LINE.exec(line);
    if (!m) continue;
    const [, stamp, action, nevra] = m as unknown as [string, string, string, string];
    const parts = splitNevra(nevra);
    const at = new Date(stamp.replace(/([+-]\d{2})(\d{2})$/, '$1:$2').replace(/([+-]\d{2})$/, '$1:00'));
    if (!parts || Number.isNaN(at.getTime())) continue;
    out.push({ line, at: at.toISOString(), action, name: parts.name, version: LEAVES_INSTALLED.has(action) ? parts.versionRelease : undefined });
  }
  return out;
}

/** The latest entry that left `name` at `version` installed, as a cause; `unknown` when none does. */
export function causeFromPackageLog(entries: readonly PackageLogEntry[], name: string, version: string): ChangeCause {
  let best: PackageLogEntry | undefined;
  for (const e of entries) if (e.name === name && e.version === version && (!best || e.at >= best.at)) best = e;
  return best ? { kind: 'package-manager', entry: best.line.slice(0, 512), at: best.at } : { kind: 'unknown' };
}
