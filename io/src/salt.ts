/**
 * Loading the fleet salt. The salt never appears in logs or errors: failures say
 * where it was looked for, never what was found.
 */
import { readFileSync } from 'node:fs';
import { estimateSaltBits, MIN_SALT_BITS } from '@plumb/core/hash/salt-strength';

export const MIN_SALT_BYTES = 16;

export interface SaltLocation {
  file?: string | undefined;
  env?: string | undefined;
}

export type SaltResult = { ok: true; salt: Uint8Array; from: string } | { ok: false; reason: string };

/** Reads the salt from the file if it exists, otherwise from the env var. */
export function loadSalt(
  where: SaltLocation,
  env: NodeJS.ProcessEnv = process.env,
  readFile: (p: string) => string = (p) => readFileSync(p, 'utf8'),
): SaltResult {
  const tried: string[] = [];
  if (where.file) {
    tried.push(`file ${where.file}`);
    let text: string | undefined;
    try {
      text = readFile(where.file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
        return { ok: false, reason: `cannot read salt file ${where.file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}` };
    }
    if (text !== undefined) return checked(text.replace(/\r?\n$/, ''), `file ${where.file}`);
  }
  if (where.env) {
    tried.push(`env ${where.env}`);
    const text = env[where.env];
    if (text !== undefined && text !== '') return checked(text, `env ${where.env}`);
  }
  return { ok: false, reason: `no fleet salt found (looked in ${tried.join(', ') || 'nowhere: settings.salt names no file or env var'})` };
}

const GENERATE = '; make one with `plumb salt generate --out <file>`';

function checked(text: string, from: string): SaltResult {
  const salt = Buffer.from(text, 'utf8');
  if (salt.length < MIN_SALT_BYTES) return { ok: false, reason: `fleet salt from ${from} is shorter than ${MIN_SALT_BYTES} bytes${GENERATE}` };
  const strength = estimateSaltBits(text);
  if (strength.bits < MIN_SALT_BITS)
    return {
      ok: false,
      reason: `fleet salt from ${from} is too weak: about ${strength.bits} bits of entropy, ${MIN_SALT_BITS} needed${strength.weaknesses.length > 0 ? ` (${strength.weaknesses.join(', ')})` : ''}${GENERATE}`,
    };
  return { ok: true, salt, from };
}
