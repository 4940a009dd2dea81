/**
 * Canonical form of a configuration value, so that `UTC`, ` utc ` (with `lowercase`)
 * or `1048576` and `1.048576e6` hash alike. Pure; shared by the exporter, the
 * simulator and the compiler, which is what makes their hashes comparable.
 */
import type { Normalisation, ValueType } from '../spec/schema';

export type Canonical = { ok: true; value: string } | { ok: false; reason: string };

const TRUE_WORDS = new Set(['true', 'yes', 'on', '1']);
const FALSE_WORDS = new Set(['false', 'no', 'off', '0']);

/** Turns a raw value into its canonical string for `type`, after the `normalize` steps. */
export function canonicalise(raw: string | number | boolean, type: ValueType, normalize: readonly Normalisation[] = []): Canonical {
  let text = String(raw).trim();
  for (const step of normalize) text = applyStep(text, step);
  switch (type) {
    case 'string':
      return { ok: true, value: text };
    case 'number': {
      const cleaned = text.replace(/_/g, '');
      const n = cleaned === '' ? Number.NaN : Number(cleaned);
      if (!Number.isFinite(n)) return { ok: false, reason: 'not a finite number' };
      return { ok: true, value: String(n) };
    }
    case 'bool': {
      const word = text.toLowerCase();
      if (TRUE_WORDS.has(word)) return { ok: true, value: 'true' };
      if (FALSE_WORDS.has(word)) return { ok: true, value: 'false' };
      return { ok: false, reason: 'not a boolean (true/false, yes/no, on/off, 1/0)' };
    }
    case 'version':
      if (text === '') return { ok: false, reason: 'empty version' };
      return { ok: true, value: text.replace(/^[vV](?=\d)/, '') };
  }
}

function applyStep(text: string, step: Normalisation): string {
  switch (step) {
    case 'trim':
      return text.trim();
    case 'lowercase':
      return text.toLowerCase();
    case 'collapse-whitespace':
      return text.replace(/\s+/g, ' ');
    case 'strip-quotes':
      return text.replace(/^(["'])(.*)\1$/s, '$2');
    case 'sort-list':
      return [...new Set(text.split(/[,\s]+/).filter((s) => s !== ''))].sort().join(',');
    case 'version-major':
      return versionParts(text).slice(0, 1).join('.');
    case 'version-major-minor':
      return versionParts(text).slice(0, 2).join('.');
  }
}

/**
 * Leading numeric components of a version: `1.8.3` → 1, 8, 3 and `3.11.9rc1` → 3, 11.
 * No product-specific readings (the old Java `1.8` form is the JVM probe's business):
 * a generic rule that read `1.8.3` as major 8 would misfile every 1.x package.
 */
function versionParts(text: string): string[] {
  const parts: string[] = [];
  for (const p of text.replace(/^[vV](?=\d)/, '').split(/[._+-]/)) {
    if (!/^\d+$/.test(p)) break;
    parts.push(p);
  }
  return parts.length > 0 ? parts : [text];
}
