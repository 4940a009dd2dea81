/**
 * Salted hashing of configuration values: HMAC-SHA256 keyed by the fleet salt over
 * the dimension key and the canonical value, truncated to `length` hex characters.
 * The key is part of the message so that equal values of different dimensions
 * (a password that equals some exposed value, say) do not share a hash.
 */
import { createHmac } from 'node:crypto';

/** Domain-separation prefix; bump it only with a new metric-contract version. */
const DOMAIN = 'plumb/v1';

export const MIN_HASH_LENGTH = 16;

/** Hex HMAC of `canonical` for `dimension`, `length` characters long (≥ 16, i.e. ≥ 64 bits). */
export function hashValue(salt: Uint8Array, dimension: string, canonical: string, length = MIN_HASH_LENGTH): string {
  if (length < MIN_HASH_LENGTH || length > 64) throw new RangeError(`hash length must be 16..64 hex characters, got ${length}`);
  return createHmac('sha256', salt).update(`${DOMAIN}\0${dimension}\0${canonical}`).digest('hex').slice(0, length);
}
