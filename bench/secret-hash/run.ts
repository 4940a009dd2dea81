/**
 * What a leaked fleet salt costs an attacker who wants a 6-digit PIN back from its hash:
 * every guess hashed with the fast HMAC (`plumb/v1`, non-secret dimensions) beside the
 * scrypt KDF (`plumb/v2-scrypt`, secret dimensions), both measured in this run.
 * HMAC goes through all 10^6 PINs; scrypt is timed on a sample and scaled to 10^6.
 * CPU time of this process, one core (an attacker with more cores divides both alike).
 *
 *   npx tsx bench/secret-hash/run.ts [scryptSample]
 */
import { randomBytes } from 'node:crypto';
import { hashValue } from '@plumb/core/hash/hash';
import { SECRET_KDF, secretHashValue } from '@plumb/core/hash/secret-hash';

const PINS = 1_000_000;
const SAMPLE = Number(process.argv[2] ?? 40);
const salt = randomBytes(32);
const dimension = 'KAFKA_SASL_PASSWORD';
const secret = String(Math.floor(Math.random() * PINS)).padStart(6, '0');

function cpuSeconds(run: () => void): number {
  const t0 = process.cpuUsage();
  run();
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1e6;
}

const hmacTarget = hashValue(salt, dimension, secret);
let hmacFound = '';
const hmacAll = cpuSeconds(() => {
  for (let i = 0; i < PINS; i += 1) {
    const guess = String(i).padStart(6, '0');
    if (hashValue(salt, dimension, guess) === hmacTarget) hmacFound = guess;
  }
});

secretHashValue(salt, dimension, '000000'); // warm-up
const scryptTarget = secretHashValue(salt, dimension, secret);
let scryptHits = 0;
const scryptSample = cpuSeconds(() => {
  for (let i = 0; i < SAMPLE; i += 1) if (secretHashValue(salt, dimension, String(i).padStart(6, '0')) === scryptTarget) scryptHits += 1;
});
const perGuess = scryptSample / SAMPLE;

const fmt = (s: number) => (s >= 3600 ? `${(s / 3600).toFixed(1)} h` : `${s.toFixed(2)} s`);
console.log(`6-digit PIN, leaked salt, one core (scrypt N=2^${Math.log2(SECRET_KDF.N)}, r=${SECRET_KDF.r}, p=${SECRET_KDF.p})`);
console.log('| scheme | per guess | all 10^6 PINs | measured |');
console.log('|---|---|---|---|');
console.log(`| HMAC-SHA256 (plumb/v1) | ${((hmacAll / PINS) * 1e6).toFixed(2)} µs | ${fmt(hmacAll)} | all 10^6 (found: ${hmacFound === secret}) |`);
console.log(`| scrypt (plumb/v2-scrypt) | ${(perGuess * 1e3).toFixed(1)} ms | ${fmt(perGuess * PINS)} | ${SAMPLE} guesses, scaled (hits: ${scryptHits}) |`);
console.log(`scrypt / HMAC: ×${Math.round(perGuess / (hmacAll / PINS))}`);
