/**
 * JVM version: `$JAVA_HOME/release` (or the distribution's default JDK's), whose
 * `JAVA_VERSION="17.0.9"` line is cheap to read; `java -version` only when no
 * release file exists.
 */
import { readHostFile } from '../host-fs';
import { runCommand, runCommandCached } from '../sources/run-command';
import type { Probe, ProbeResult } from './probe';

/** Default JDK locations on Debian/Ubuntu and Amazon Linux (EMR). */
const DEFAULT_JAVA_HOMES = ['/usr/lib/jvm/default-java', '/usr/lib/jvm/java', '/usr/lib/jvm/jre'];

export const probeJvm: Probe = async (ctx) => {
  const homes = [ctx.env.JAVA_HOME, ...DEFAULT_JAVA_HOMES].filter((h): h is string => h !== undefined && h !== '');
  for (const home of homes) {
    const path = `${home.replace(/\/$/, '')}/release`;
    const read = await readHostFile(ctx.root, path, 64 * 1024);
    if (read.kind === 'error') return { kind: 'error', reason: `jvm: ${read.reason}` };
    if (read.kind === 'absent') continue;
    const version = parseJavaRelease(read.text);
    return version === undefined
      ? { kind: 'error', reason: `jvm: ${path} has no JAVA_VERSION` }
      : { kind: 'value', value: version, source: `runtime:jvm:${path}` };
  }
  if (!ctx.runCommands) return { kind: 'absent' };
  return fromJavaVersionCommand(await runCommandCached(['java', '-version'], ctx.commandTimeoutMs, ctx.commandCacheMs));
};

/** `JAVA_VERSION="17.0.9"` → `17.0.9`. */
export function parseJavaRelease(text: string): string | undefined {
  return /^JAVA_VERSION\s*=\s*"?([^"\n]+)"?\s*$/m.exec(text)?.[1]?.trim();
}

/** `openjdk version "17.0.9" 2023-10-17` → `17.0.9`. */
export function parseJavaVersionOutput(text: string): string | undefined {
  return /version "([^"]+)"/.exec(text)?.[1];
}

function fromJavaVersionCommand(result: Awaited<ReturnType<typeof runCommand>>): ProbeResult {
  if (result.kind === 'absent') return { kind: 'absent' };
  if (result.kind === 'error') return { kind: 'error', reason: `jvm: ${result.reason}` };
  const version = parseJavaVersionOutput(result.text);
  return version === undefined
    ? { kind: 'error', reason: 'jvm: unrecognised java -version output' }
    : { kind: 'value', value: version, source: 'runtime:jvm:java -version' };
}
