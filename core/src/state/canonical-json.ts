/**
 * The canonical JSON the audit hash chain is computed over: object keys sorted at every
 * level, undefined members dropped. One implementation for the handler that writes the
 * chain, the plugin that checks it in the browser and the history that reads it back,
 * so they can never disagree on a hash. Pure, no crypto, safe in any runtime.
 */

/** `prevHash` of the first record of a chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every level, so equal values hash equally. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}
