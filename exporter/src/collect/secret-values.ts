/**
 * Values that are credentials whatever their key is called: URLs with a password
 * in their user-info, PEM private keys, JWTs, AWS access keys. A dimension whose
 * value looks like one is hashed only, even when the spec marks it exposable —
 * a connection string in `sql_alchemy_conn` must not reach a label.
 */
const PATTERNS: readonly RegExp[] = [
  /[a-z][a-z0-9+.-]*:\/\/[^\s/:@]*:[^\s/@]+@/i, // scheme://user:password@host
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/, // JWT
  /\b(AKIA|ASIA)[0-9A-Z]{16}\b/, // AWS access key id
  /\b(password|passwd|pwd|secret|token)\s*[=:]\s*\S+/i, // key=value pairs inside a value (JAAS, DSNs)
];

/** True when `value` contains something that looks like a credential. */
export function looksLikeSecretValue(value: string): boolean {
  return PATTERNS.some((p) => p.test(value));
}
