/**
 * `spark-defaults.conf`: one `key value` pair per line, separated by whitespace
 * (Spark also accepts `=`), `#` comments. Spark itself reads it as a properties
 * file, so the same rules apply, but keys here never contain escapes.
 */
import type { ConfigScalar, ParsedConfig } from './types';

/** Parses spark-defaults.conf text; a line with a key but no value is an error. */
export function parseSparkDefaults(text: string): ParsedConfig {
  const entries = new Map<string, ConfigScalar>();
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([^\s=]+)\s*(?:=|\s)\s*(.*)$/.exec(line);
    if (!m) return { ok: false, reason: `line ${i + 1}: expected "key value"` };
    entries.set(m[1] as string, (m[2] as string).trim());
  }
  return { ok: true, entries };
}
