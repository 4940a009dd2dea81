/**
 * INI files (airflow.cfg and friends): `[section]` headers, `key = value` or
 * `key: value`, `#`/`;` comments, and indented continuation lines, as Python's
 * configparser reads them. Keys become `section.key`, lower-cased like configparser.
 */
import type { ConfigScalar, ParsedConfig } from './types';

/** Parses INI text into `section.key` entries. */
export function parseIni(text: string): ParsedConfig {
  const entries = new Map<string, ConfigScalar>();
  const lines = text.split(/\r\n|\r|\n/);
  let section: string | undefined;
  let lastKey: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] as string;
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) {
      lastKey = undefined;
      continue;
    }
    if (/^\s/.test(raw) && lastKey !== undefined) {
      entries.set(lastKey, `${String(entries.get(lastKey) ?? '')}\n${line}`);
      continue;
    }
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) {
      section = (header[1] as string).trim().toLowerCase();
      lastKey = undefined;
      continue;
    }
    const kv = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(line);
    if (!kv) return { ok: false, reason: `line ${i + 1}: expected "key = value" or "[section]"` };
    if (section === undefined) return { ok: false, reason: `line ${i + 1}: key outside any [section]` };
    lastKey = `${section}.${(kv[1] as string).toLowerCase()}`;
    entries.set(lastKey, kv[2] as string);
  }
  return { ok: true, entries };
}
