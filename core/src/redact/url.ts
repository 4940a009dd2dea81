/**
 * URLs that carry credentials (`https://user:token@host`, `?access_token=…`) appear in
 * configuration, and from there in error messages. Every URL a message names goes
 * through `redactUrl` first, so no audit record, ledger row, log line or API answer
 * repeats a credential. Pure.
 */

/** Query parameters whose values are credentials. */
const SECRET_PARAM = /^(.*[-_])?(token|key|secret|password|passwd|pwd|auth|signature|sig|credential|credentials|apikey|api_key|access_token)$/i;

/** The URL with its user info and credential-like query values replaced by `***`. Not a URL: returned unchanged. */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  if (parsed.username !== '' || parsed.password !== '') {
    parsed.username = '***';
    parsed.password = '';
  }
  for (const key of [...parsed.searchParams.keys()]) if (SECRET_PARAM.test(key)) parsed.searchParams.set(key, '***');
  return parsed.toString();
}

/**
 * A URL with user info, split for a request: fetch refuses URLs that carry credentials,
 * so they travel as a Basic `authorization` header instead.
 */
export function withoutCredentials(url: string | URL): { url: URL; authorization?: string } {
  const parsed = new URL(url);
  if (parsed.username === '' && parsed.password === '') return { url: parsed };
  const user = decodeURIComponent(parsed.username);
  const password = decodeURIComponent(parsed.password);
  parsed.username = '';
  parsed.password = '';
  return { url: parsed, authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
}
