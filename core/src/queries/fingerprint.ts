/**
 * A query's fingerprint: its text with literals, comments and spacing taken out, so
 * every run of the same statement with other parameters shares one baseline.
 */

/** Normalised text: comments dropped, string and number literals as `?`, `IN (?, ?)` lists folded, spaces collapsed, upper case. */
export function normaliseQueryText(text: string): string {
  return text
    .replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, ' ')
    .replace(/'(?:[^']|'')*'/g, '?')
    .replace(/\b\d+(?:\.\d+)?(?:e[+-]?\d+)?\b/gi, '?')
    .replace(/\(\s*\?(?:\s*,\s*\?)*\s*\)/g, '(?)')
    .replace(/\s+/g, ' ')
    .trim()
    .toUpperCase();
}

/** 16 hex digits of FNV-1a (64-bit) over the normalised text. */
export function queryFingerprint(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(normaliseQueryText(text))) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}
