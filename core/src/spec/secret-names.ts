/**
 * Default secret detection by name. A dimension (or env var) whose key looks like a
 * credential is secret unless the spec says otherwise: its value is only ever hashed.
 */
const SECRET_NAME = /(PASSWORD|PASSWD|PASSPHRASE|TOKEN|SECRET|CREDENTIAL|PRIVATE|APIKEY|API_KEY|_KEY$|\.KEY$|^KEY$|AUTH)/i;

/** True when `key` looks like a credential: `*PASSWORD*`, `*TOKEN*`, `*SECRET*`, `*_KEY`, …. */
export function looksSecret(key: string): boolean {
  return SECRET_NAME.test(key);
}
