import { describe, expect, it } from 'vitest';
import { causeFromPackageLog, parseDnfRpmLog, parseDpkgLog, splitNevra } from './package-log';

// Lines as dpkg writes them (startup, status and trigproc lines are not actions).
const DPKG_LOG = `2026-02-01 09:15:40 startup archives unpack
2026-02-01 09:15:41 install openjdk-17-jre-headless:amd64 <none> 17.0.9+9-1~deb12u1
2026-02-01 09:15:41 status half-installed openjdk-17-jre-headless:amd64 17.0.9+9-1~deb12u1
2026-02-01 09:15:44 status installed openjdk-17-jre-headless:amd64 17.0.9+9-1~deb12u1
2026-03-01 12:00:01 startup archives unpack
2026-03-01 12:00:01 upgrade openjdk-17-jre-headless:amd64 17.0.9+9-1~deb12u1 17.0.10+7-1~deb12u1
2026-03-01 12:00:03 upgrade tzdata:all 2024a-0+deb12u1 2025b-0+deb12u1
2026-03-01 12:00:04 trigproc man-db:amd64 2.11.2-2 <none>
2026-03-02 08:00:00 remove tzdata:all 2025b-0+deb12u1 <none>
`;

// Lines as dnf writes /var/log/dnf.rpm.log on Amazon Linux 2023 (the old version's line is `Upgraded:`).
const DNF_RPM_LOG = `2026-02-01T09:15:40+0000 INFO --- logging initialized ---
2026-02-01T09:15:41+0000 SUBDEBUG Installed: java-17-amazon-corretto-headless-1:17.0.9+8-1.amzn2023.1.x86_64
2026-03-01T12:00:01+0000 SUBDEBUG Upgrade: java-17-amazon-corretto-headless-1:17.0.10+7-1.amzn2023.1.x86_64
2026-03-01T12:00:02+0000 SUBDEBUG Upgraded: java-17-amazon-corretto-headless-1:17.0.9+8-1.amzn2023.1.x86_64
2026-03-01T12:00:05+0000 SUBDEBUG Upgrade: tzdata-2025b-1.amzn2023.0.1.noarch
2026-03-01T12:00:06+0000 INFO warning: /etc/sysconfig/clock created as /etc/sysconfig/clock.rpmnew
2026-03-03T07:30:00+0100 SUBDEBUG Erase: tzdata-2025b-1.amzn2023.0.1.noarch
`;

describe('causeFromPackageLog', () => {
  const dpkg = parseDpkgLog(DPKG_LOG);
  const dnf = parseDnfRpmLog(DNF_RPM_LOG);
  it.each([
    {
      name: 'A dpkg upgrade to the observed version is the cause, with its line and time.',
      entries: dpkg,
      pkg: 'openjdk-17-jre-headless',
      version: '17.0.10+7-1~deb12u1',
      want: {
        kind: 'package-manager',
        entry: '2026-03-01 12:00:01 upgrade openjdk-17-jre-headless:amd64 17.0.9+9-1~deb12u1 17.0.10+7-1~deb12u1',
        at: '2026-03-01T12:00:01.000Z',
      },
    },
    {
      name: 'A dpkg install is the cause of the version it installed.',
      entries: dpkg,
      pkg: 'openjdk-17-jre-headless',
      version: '17.0.9+9-1~deb12u1',
      want: {
        kind: 'package-manager',
        entry: '2026-02-01 09:15:41 install openjdk-17-jre-headless:amd64 <none> 17.0.9+9-1~deb12u1',
        at: '2026-02-01T09:15:41.000Z',
      },
    },
    {
      name: 'A dnf upgrade to the observed version-release is the cause, whatever the epoch.',
      entries: dnf,
      pkg: 'java-17-amazon-corretto-headless',
      version: '17.0.10+7-1.amzn2023.1',
      want: {
        kind: 'package-manager',
        entry: '2026-03-01T12:00:01+0000 SUBDEBUG Upgrade: java-17-amazon-corretto-headless-1:17.0.10+7-1.amzn2023.1.x86_64',
        at: '2026-03-01T12:00:01.000Z',
      },
    },
    {
      name: 'No entry for the observed version leaves the cause unknown.',
      entries: dpkg,
      pkg: 'openjdk-17-jre-headless',
      version: '17.0.11',
      want: { kind: 'unknown' },
    },
    {
      name: 'A removal is never the cause of an installed version.',
      entries: dnf,
      pkg: 'tzdata',
      version: '2025b-1.amzn2023.0.1',
      want: expect.objectContaining({ at: '2026-03-01T12:00:05.000Z' }),
    },
    { name: 'A package the log never names has an unknown cause.', entries: dnf, pkg: 'kernel', version: '6.1.0', want: { kind: 'unknown' } },
  ])('$name', ({ entries, pkg, version, want }) => {
    expect(causeFromPackageLog(entries, pkg, version)).toEqual(want);
  });
});

describe('the log parsers', () => {
  it('dpkg action lines are read and every other line is skipped.', () => {
    expect(parseDpkgLog(DPKG_LOG).map((e) => `${e.action} ${e.name} ${e.version ?? '-'}`)).toEqual([
      'install openjdk-17-jre-headless 17.0.9+9-1~deb12u1',
      'upgrade openjdk-17-jre-headless 17.0.10+7-1~deb12u1',
      'upgrade tzdata 2025b-0+deb12u1',
      'remove tzdata -',
    ]);
  });
  it('dnf transaction lines are read with their zone; the old version of an upgrade is not an install.', () => {
    expect(parseDnfRpmLog(DNF_RPM_LOG).map((e) => `${e.at} ${e.action} ${e.name} ${e.version ?? '-'}`)).toEqual([
      '2026-02-01T09:15:41.000Z Installed java-17-amazon-corretto-headless 17.0.9+8-1.amzn2023.1',
      '2026-03-01T12:00:01.000Z Upgrade java-17-amazon-corretto-headless 17.0.10+7-1.amzn2023.1',
      '2026-03-01T12:00:05.000Z Upgrade tzdata 2025b-1.amzn2023.0.1',
      '2026-03-03T06:30:00.000Z Erase tzdata -',
    ]);
  });
  it.each([
    {
      nevra: 'java-17-amazon-corretto-headless-1:17.0.10+7-1.amzn2023.1.x86_64',
      name: 'java-17-amazon-corretto-headless',
      versionRelease: '17.0.10+7-1.amzn2023.1',
    },
    { nevra: 'tzdata-2025b-1.amzn2023.0.1.noarch', name: 'tzdata', versionRelease: '2025b-1.amzn2023.0.1' },
  ])('An rpm NEVRA $nevra splits into its name and version-release.', ({ nevra, name, versionRelease }) => {
    expect(splitNevra(nevra)).toEqual({ name, versionRelease });
  });
  it('Garbage is not an entry.', () => {
    expect([...parseDpkgLog('not a log\n2026-13-45 99:99:99 upgrade x:amd64 1 2\n'), ...parseDnfRpmLog('SUBDEBUG Upgrade: x\n')]).toEqual([]);
  });
});
