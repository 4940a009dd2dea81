/**
 * Hashing of secret dimensions with a slow, salted KDF. The fleet salt is on every
 * node, so a leaked salt turns a fast HMAC of a weak secret (a 6-digit PIN, a dictionary
 * password) into a guess-and-compare game that ends in a second. scrypt makes each guess
 * cost tens of milliseconds and 32 MiB, computed once per value change on the node
 * (see `createSecretHasher`), never per scrape or per collection.
 *
 * Every node derives the same output for the same value: the KDF salt is the fleet salt
 * plus the dimension key, so consistency rules (hash equality across a cohort) still work.
 */
import { createHmac, randomBytes, scrypt, scryptSync } from 'node:crypto';
import { looksSecret } from '../spec/secret-names';
import { hashValue, MIN_HASH_LENGTH } from './hash';

/** Domain-separation prefix of the secret scheme; bump it only with a new metric-contract version. */
export const SECRET_HASH_DOMAIN = 'plumb/v2-scrypt';

/** scrypt cost: N=2^15, r=8, p=1 takes 128·N·r = 32 MiB and ≈ 50–100 ms per value on one core. */
export const SECRET_KDF = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;

/** Hex scrypt of `canonical` for `dimension`, `length` characters long; same length rules as `hashValue`. */
export function secretHashValue(salt: Uint8Array, dimension: string, canonical: string, length = MIN_HASH_LENGTH): string {
  checkLength(length);
  return scryptSync(canonical, kdfSalt(salt, dimension), 32, SECRET_KDF).toString('hex').slice(0, length);
}

/** `secretHashValue` on libuv's thread pool, so a server's event loop keeps answering meanwhile. */
export function secretHashValueAsync(salt: Uint8Array, dimension: string, canonical: string, length = MIN_HASH_LENGTH): Promise<string> {
  checkLength(length);
  return new Promise((resolve, reject) =>
    scrypt(canonical, kdfSalt(salt, dimension), 32, SECRET_KDF, (err, key) => (err ? reject(err) : resolve(key.toString('hex').slice(0, length)))),
  );
}

function checkLength(length: number): void {
  if (length < MIN_HASH_LENGTH || length > 64) throw new RangeError(`hash length must be 16..64 hex characters, got ${length}`);
}

function kdfSalt(salt: Uint8Array, dimension: string): Buffer {
  return Buffer.concat([Buffer.from(salt), Buffer.from(`\0${SECRET_HASH_DOMAIN}\0${dimension}`, 'utf8')]);
}

/**
 * Whether a dimension is hashed with the KDF: the spec marks it secret, its key is named
 * like a credential (even under `secret: false`), or the node found it secret (a
 * secret-looking source key or a credential-looking value). The compiler only ever
 * hashes expected values of non-secret rules, so it applies the key test alone.
 */
export function usesSecretKdf(rule: { key: string; secret: boolean }, foundSecret = false): boolean {
  return foundSecret || rule.secret || looksSecret(rule.key);
}

/** Hashes one value of one dimension with the scheme `secret` selects. */
export type DimensionHasher = (dimension: string, canonical: string, secret: boolean) => string;

/** A hasher with a memory of KDF results that can be filled off the event loop. */
export type CachingHasher = DimensionHasher & {
  /** Computes a secret value's hash on the thread pool and remembers it, so the next call is a lookup. */
  warm(dimension: string, canonical: string): Promise<void>;
  /** How many times the KDF ran (for tests and benchmarks). */
  kdfRuns(): number;
};

/**
 * A hasher that runs the KDF once per (dimension, value) and remembers the result in
 * memory, so a collection cycle that sees the same secret again costs a map lookup.
 * The cache key is an HMAC of the value under a per-process random key: the map
 * never holds the value, and its keys are useless outside this process. Bounded:
 * past `maxEntries` the oldest entry goes (a changing secret leaves old entries behind).
 */
export function createSecretHasher(salt: Uint8Array, length: number, maxEntries = 4096): CachingHasher {
  const cacheKey = randomBytes(32);
  const cache = new Map<string, string>();
  let runs = 0;
  const idOf = (dimension: string, canonical: string) => createHmac('sha256', cacheKey).update(`${dimension}\0${canonical}`).digest('base64');
  const remember = (id: string, hash: string) => {
    if (cache.size >= maxEntries) cache.delete(cache.keys().next().value as string);
    cache.set(id, hash);
    return hash;
  };
  const hasher = (dimension: string, canonical: string, secret: boolean): string => {
    if (!secret) return hashValue(salt, dimension, canonical, length);
    const id = idOf(dimension, canonical);
    const hit = cache.get(id);
    if (hit !== undefined) return hit;
    runs += 1;
    return remember(id, secretHashValue(salt, dimension, canonical, length));
  };
  const warm = async (dimension: string, canonical: string): Promise<void> => {
    const id = idOf(dimension, canonical);
    if (cache.has(id)) return;
    runs += 1;
    remember(id, await secretHashValueAsync(salt, dimension, canonical, length));
  };
  return Object.assign(hasher, { warm, kdfRuns: () => runs });
}

const shared = new WeakMap<Uint8Array, Map<number, CachingHasher>>();

/** One cached hasher per (salt, length) in this process, for callers that do not keep their own. */
export function sharedSecretHasher(salt: Uint8Array, length: number): CachingHasher {
  let byLength = shared.get(salt);
  if (!byLength) shared.set(salt, (byLength = new Map()));
  let hasher = byLength.get(length);
  if (!hasher) byLength.set(length, (hasher = createSecretHasher(salt, length)));
  return hasher;
}
