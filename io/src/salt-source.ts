/**
 * Where a command gets the fleet salt: `--salt-file` when given, else the spec's
 * `settings.salt` (file, then env var). Only the location is ever reported.
 */
import { loadSalt, type SaltLocation, type SaltResult } from './salt';

export function resolveSalt(saltFile: string | undefined, fromSpec: SaltLocation, env: Readonly<Record<string, string | undefined>>): SaltResult {
  return loadSalt(saltFile !== undefined ? { file: saltFile } : fromSpec, env as NodeJS.ProcessEnv);
}
