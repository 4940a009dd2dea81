/**
 * Java `.properties` (Kafka client configs): `key=value`, `key: value` or
 * `key value`, `#`/`!` comments, backslash line continuations and escapes.
 */
import type { ConfigScalar, ParsedConfig } from './types';

/** Parses Java properties text. Only a dangling escape or a control character in a key fails. */
export function parseProperties(text: string): ParsedConfig {
  const entries = new Map<string, ConfigScalar>();
  const lines = joinContinuations(text);
  for (const { line, lineNo } of lines) {
    const trimmed = line.replace(/^\s+/, '');
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith('!')) continue;
    const split = splitKeyValue(trimmed);
    const key = unescape(split.key);
    const value = unescape(split.value);
    if (key === undefined || value === undefined) return { ok: false, reason: `line ${lineNo}: invalid escape sequence` };
    if (key === '' || /[\u0000-\u001f]/.test(key)) return { ok: false, reason: `line ${lineNo}: invalid key` };
    entries.set(key, value);
  }
  return { ok: true, entries };
}

/** Joins lines ending in an odd number of backslashes with the next one, dropping its leading blanks. */
function joinContinuations(text: string): { line: string; lineNo: number }[] {
  const out: { line: string; lineNo: number }[] = [];
  const raw = text.split(/\r\n|\r|\n/);
  let current: string | undefined;
  let startNo = 0;
  raw.forEach((line, i) => {
    const piece = current === undefined ? line : line.replace(/^\s+/, '');
    if (current === undefined) startNo = i + 1;
    const joined = (current ?? '') + piece;
    const isComment = current === undefined && /^\s*[#!]/.test(line);
    const trailing = /(\\+)$/.exec(joined)?.[1]?.length ?? 0;
    if (!isComment && trailing % 2 === 1) current = joined.slice(0, -1);
    else {
      out.push({ line: joined, lineNo: startNo });
      current = undefined;
    }
  });
  if (current !== undefined) out.push({ line: current, lineNo: startNo });
  return out;
}

/** Splits at the first unescaped `=`, `:` or whitespace run, per java.util.Properties#load. */
function splitKeyValue(line: string): { key: string; value: string } {
  let i = 0;
  while (i < line.length) {
    const c = line[i];
    if (c === '\\') i += 2;
    else if (c === '=' || c === ':' || c === ' ' || c === '\t' || c === '\f') break;
    else i += 1;
  }
  const key = line.slice(0, i);
  let rest = line.slice(i).replace(/^[ \t\f]+/, '');
  if (rest.startsWith('=') || rest.startsWith(':')) rest = rest.slice(1).replace(/^[ \t\f]+/, '');
  return { key, value: rest };
}

function unescape(s: string): string | undefined {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const n = s[++i];
    if (n === undefined) return out;
    if (n === 't') out += '\t';
    else if (n === 'n') out += '\n';
    else if (n === 'r') out += '\r';
    else if (n === 'f') out += '\f';
    else if (n === 'u') {
      const hex = s.slice(i + 1, i + 5);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) return undefined;
      out += String.fromCharCode(parseInt(hex, 16));
      i += 4;
    } else out += n;
  }
  return out;
}
