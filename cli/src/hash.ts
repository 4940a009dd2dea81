/**
 * `plumb hash --dimension <key>`: the salted hash an exporter would publish for a value.
 * The value is read from stdin only, so a secret never lands in argv, `ps` output or
 * shell history; it is never echoed back.
 */
import { canonicalise } from '@plumb/core/hash/canonical';
import { MIN_HASH_LENGTH } from '@plumb/core/hash/hash';
import { secretHashValue, usesSecretKdf } from '@plumb/core/hash/secret-hash';
import { hashValue } from '@plumb/core/hash/hash';
import { type SaltLocation, loadSpecFile, parseCommandArgs, str, EXIT, type Io, resolveSalt, usageError } from '@plumb/io';
import { NORMALISATIONS, VALUE_TYPES, type Normalisation, type ValueType } from '@plumb/core/spec/schema';

export const HASH_HELP = `usage: printf %s "$VALUE" | plumb hash --dimension <key> [--type T] [--normalize a,b] [--spec <spec.yaml>] [--salt-file <file>] [--length N] [--secret] [--json]

Prints the salted hash of the value read from stdin (one trailing newline is
dropped). With --spec, the dimension's type, normalisation, hash length and salt
location come from the spec; flags override them. Without --spec the salt comes
from --salt-file or $PLUMB_SALT.
  --type       ${VALUE_TYPES.join(', ')} (default string)
  --normalize  comma-separated: ${NORMALISATIONS.join(', ')}
  --secret     hash as a secret dimension (scrypt), as exporters do for secret
               dimensions and keys named like credentials (implied by those)

exit codes: 0 printed, 1 value invalid for its type, 2 bad usage or no salt
`;

const HASH = { name: 'hash', help: HASH_HELP };

export async function runHash(argv: readonly string[], io: Io): Promise<number> {
  const args = parseCommandArgs(argv, {
    dimension: { type: 'string', short: 'd' },
    type: { type: 'string' },
    normalize: { type: 'string' },
    spec: { type: 'string' },
    'salt-file': { type: 'string' },
    length: { type: 'string' },
    secret: { type: 'boolean' },
  });
  if (!args.ok) return usageError(io, HASH, /--value/.test(args.error) ? `${args.error}; values are read from stdin only` : args.error);
  if (args.values.help) {
    io.out(HASH_HELP);
    return EXIT.ok;
  }
  if (args.positionals.length > 0) return usageError(io, HASH, 'unexpected argument (values are read from stdin only, never from the command line)');
  const dimension = str(args.values, 'dimension');
  if (dimension === undefined) return usageError(io, HASH, 'missing --dimension <key>');

  let type: ValueType = 'string';
  let normalize: Normalisation[] = [];
  let length = MIN_HASH_LENGTH;
  let secret = usesSecretKdf({ key: dimension, secret: args.values.secret === true });
  let saltFrom: SaltLocation = { env: 'PLUMB_SALT' };
  const specFile = str(args.values, 'spec');
  if (specFile !== undefined) {
    const loaded = loadSpecFile(specFile);
    if (!loaded.ok) return usageError(io, HASH, `spec ${specFile} does not load (run plumb validate ${specFile})`);
    const rule = loaded.model.rules.find((r) => r.key === dimension);
    if (rule === undefined) return usageError(io, HASH, `spec ${specFile} has no dimension "${dimension}"`);
    ({ type, normalize } = rule);
    secret ||= usesSecretKdf(rule);
    length = loaded.model.settings.hashLength;
    saltFrom = loaded.model.settings.salt;
  }
  const typeFlag = str(args.values, 'type');
  if (typeFlag !== undefined) {
    if (!(VALUE_TYPES as readonly string[]).includes(typeFlag))
      return usageError(io, HASH, `--type must be one of ${VALUE_TYPES.join(', ')} (got "${typeFlag}")`);
    type = typeFlag as ValueType;
  }
  const normalizeFlag = str(args.values, 'normalize');
  if (normalizeFlag !== undefined) {
    const steps = normalizeFlag
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    const bad = steps.find((s) => !(NORMALISATIONS as readonly string[]).includes(s));
    if (bad !== undefined) return usageError(io, HASH, `--normalize: unknown step "${bad}" (expected ${NORMALISATIONS.join(', ')})`);
    normalize = steps as Normalisation[];
  }
  const lengthFlag = str(args.values, 'length');
  if (lengthFlag !== undefined) {
    length = Number(lengthFlag);
    if (!Number.isInteger(length) || length < MIN_HASH_LENGTH || length > 64)
      return usageError(io, HASH, `--length must be an integer from ${MIN_HASH_LENGTH} to 64 (got "${lengthFlag}")`);
  }
  const salt = resolveSalt(str(args.values, 'salt-file'), saltFrom, io.env);
  if (!salt.ok) return usageError(io, HASH, salt.reason);

  const raw = (await io.readStdin()).replace(/\r?\n$/, '');
  if (raw === '') return usageError(io, HASH, 'no value on stdin (pipe the value in, e.g. printf %s "$VALUE" | plumb hash …)');
  const canonical = canonicalise(raw, type, normalize);
  if (!canonical.ok) {
    io.err(`plumb hash: the value on stdin is ${canonical.reason} (type: ${type})\n`);
    return EXIT.failed;
  }
  const hash = (secret ? secretHashValue : hashValue)(salt.salt, dimension, canonical.value, length);
  if (args.values.json) io.out(`${JSON.stringify({ dimension, type, normalize, secret, hash, saltFrom: salt.from })}\n`);
  else io.out(`${hash}\n`);
  return EXIT.ok;
}
