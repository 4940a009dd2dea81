/**
 * The `plumb` commands run in-process with a recorded Io: output, exit codes, and
 * that no secret or salt ever reaches the output.
 */
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Io } from '@plumb/io';
import { secretHashValue } from '@plumb/core/hash/secret-hash';
import { runPlumb } from './plumb';

const SALT = 'e2ad9423a6b1efcc88f5dc9a78721f193349490fba3ad31a';
const CHECK_SPEC = 'exporter/testdata/check/spec.yaml';
const CHECK_ROOT = 'exporter/testdata/check/root';

async function plumb(argv: string[], opts: { stdin?: string; env?: Record<string, string> } = {}) {
  let out = '';
  let err = '';
  const io: Io = {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    readStdin: async () => opts.stdin ?? '',
    env: { PLUMB_TEST_SALT: SALT, ...opts.env },
    now: () => Date.parse('2026-06-01T00:00:00Z'),
  };
  const code = await runPlumb(argv, io);
  return { code, out, err };
}

describe('plumb CLI', () => {
  it.each([
    { name: 'No command prints usage and exits 2.', argv: [], code: 2 },
    { name: 'An unknown command exits 2.', argv: ['frobnicate'], code: 2 },
    { name: 'validate accepts the example spec.', argv: ['validate', 'examples/paywave/desired-state.yaml'], code: 0 },
    { name: 'validate rejects a malformed spec with exit 1.', argv: ['validate', 'core/testdata/specs/bad-severity.yaml'], code: 1 },
    {
      name: 'validate reports a YAML alias bomb as a problem with exit 1, not a crash.',
      argv: ['validate', 'core/testdata/specs/bad-alias-bomb.yaml'],
      code: 1,
    },
    {
      name: 'validate rejects a lookahead regex, which Prometheus (RE2) would reject, with exit 1.',
      argv: ['validate', 'core/testdata/specs/bad-regex-lookahead.yaml'],
      code: 1,
    },
    { name: 'validate of a missing file exits 1 with the reason.', argv: ['validate', 'no/such/spec.yaml'], code: 1 },
    { name: 'compile without --out is a usage error.', argv: ['compile', 'examples/paywave/desired-state.yaml'], code: 2 },
    { name: 'compile without a salt is a usage error.', argv: ['compile', 'core/testdata/in-minimal.yaml', '--out', '/tmp/plumb-no-salt'], code: 2 },
    { name: 'An unknown option is a usage error.', argv: ['validate', '--strict', 'x.yaml'], code: 2 },
    { name: 'Every command has help.', argv: ['check', '--help'], code: 0 },
    {
      name: "audit runs the handler package's audit tool: an unreadable log exits 2.",
      argv: ['audit', 'verify', 'core/testdata/no-such-audit.jsonl'],
      code: 2,
    },
    {
      name: "history runs the history package's tool: no brokers is a usage error.",
      argv: ['history', 'config', '--node', 'n1', '--at', '2026-06-01T00:00:00Z'],
      code: 2,
    },
  ])('$name', async ({ argv, code }) => {
    expect((await plumb(argv)).code).toBe(code);
  });

  it('validate --json lists errors with file, line, column and path.', async () => {
    const r = await plumb(['validate', '--json', 'core/testdata/specs/bad-severity.yaml']);
    const body = JSON.parse(r.out) as { ok: boolean; errors: { line: number; column: number; path: string }[] };
    expect(body.ok).toBe(false);
    expect(body.errors[0]).toMatchObject({ line: 13, column: 15, path: 'dimensions[0].severity' });
  });

  it('compile writes both files, names the salt location and never the salt.', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plumb-cli-'));
    const r = await plumb(['compile', CHECK_SPEC, '--out', dir]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('salt from env PLUMB_TEST_SALT');
    expect(r.out + r.err + readFileSync(join(dir, 'plumb-rules.yaml'), 'utf8')).not.toContain(SALT);
    expect(readFileSync(join(dir, 'plumb-prometheusrule.yaml'), 'utf8')).toContain('kind: PrometheusRule');
  });

  it('hash reads the value from stdin and prints only the hash.', async () => {
    const r = await plumb(['hash', '--dimension', 'KAFKA_SASL_PASSWORD', '--spec', CHECK_SPEC], { stdin: 'hunter2-hunter2\n' });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^[0-9a-f]{16}\n$/);
    expect(r.out + r.err).not.toContain('hunter2');
  });

  it('salt generate writes a salt that every command accepts, with mode 0600, and never overwrites it.', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'plumb-salt-')), 'salt');
    expect((await plumb(['salt', 'generate', '--out', file])).code).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
    const checked = await plumb(['salt', 'check', '--salt-file', file]);
    expect(checked).toMatchObject({ code: 0, out: expect.stringContaining('accepted') });
    expect(checked.out).not.toContain(readFileSync(file, 'utf8').trim());
    expect((await plumb(['salt', 'generate', '--out', file])).code).toBe(2);
  });

  it('salt check rejects a weak salt with exit 1 and names where it came from.', async () => {
    const r = await plumb(['salt', 'check'], { env: { PLUMB_SALT: 'paywave-fleet-salt-2026' } });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/env PLUMB_SALT is too weak/);
    expect(r.err).not.toContain('paywave-fleet-salt-2026');
  });

  it('hash of a secret dimension is the scrypt KDF, not the fast HMAC.', async () => {
    const env = { PLUMB_SALT: SALT };
    const secret = await plumb(['hash', '--dimension', 'DB_PASSWORD'], { stdin: '123456', env });
    const forced = await plumb(['hash', '--dimension', 'db.conn', '--secret'], { stdin: '123456', env });
    expect(secret.out.trim()).toBe(secretHashValue(Buffer.from(SALT), 'DB_PASSWORD', '123456'));
    expect(forced.out.trim()).toBe(secretHashValue(Buffer.from(SALT), 'db.conn', '123456'));
  });

  it('hash gives the same hash as the canonical form of an equivalent value.', async () => {
    const a = await plumb(['hash', '--dimension', 'fetch.min.bytes', '--type', 'number'], { stdin: '1048576', env: { PLUMB_SALT: SALT } });
    const b = await plumb(['hash', '--dimension', 'fetch.min.bytes', '--type', 'number'], { stdin: '1.048576e6', env: { PLUMB_SALT: SALT } });
    expect(a.out).toBe(b.out);
  });

  it.each([
    { name: 'hash refuses a value given as an argument.', argv: ['hash', '--dimension', 'x', 'secret-value'], stdin: '' },
    { name: 'hash refuses a --value option.', argv: ['hash', '--dimension', 'x', '--value', 'secret-value'], stdin: '' },
    { name: 'hash refuses empty stdin.', argv: ['hash', '--dimension', 'x'], stdin: '' },
  ])('$name', async ({ argv, stdin }) => {
    const r = await plumb(argv, { stdin, env: { PLUMB_SALT: SALT } });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/stdin/);
  });

  it('hash rejects a value that does not fit its type with exit 1.', async () => {
    expect((await plumb(['hash', '--dimension', 'x', '--type', 'bool'], { stdin: 'maybe', env: { PLUMB_SALT: SALT } })).code).toBe(1);
  });

  it('check of a compliant host exits 0 and hides the secret behind its hash.', async () => {
    const r = await plumb(['check', CHECK_SPEC, '--root', CHECK_ROOT, '--no-commands'], { env: { TZ: 'UTC', KAFKA_SASL_PASSWORD: 'hunter2-hunter2' } });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/host\/TZ\s+correctness-risk\s+compliant\s+UTC/);
    expect(r.out).toMatch(/host\/KAFKA_SASL_PASSWORD\s+sla-risk\s+cohort\s+hash:[0-9a-f]{16}/);
    expect(r.out).not.toContain('hunter2');
  });

  it('check exits 1 on drift and lists it in JSON.', async () => {
    const r = await plumb(['check', CHECK_SPEC, '--root', CHECK_ROOT, '--no-commands', '--json'], {
      env: { TZ: 'America/New_York', KAFKA_SASL_PASSWORD: 'x' },
    });
    expect(r.code).toBe(1);
    const body = JSON.parse(r.out) as { outcome: string; rows: { rule: string; status: string; value?: string }[] };
    expect(body.outcome).toBe('drift');
    expect(body.rows.find((row) => row.rule === 'host/TZ')).toMatchObject({ status: 'drift', value: 'America/New_York' });
  });

  it('check exits 1 when a required value is missing from a complete report: missing is drift, never compliant.', async () => {
    const r = await plumb(['check', CHECK_SPEC, '--root', CHECK_ROOT, '--no-commands'], { env: { TZ: 'UTC' } });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/host\/KAFKA_SASL_PASSWORD\s+sla-risk\s+missing/);
  });

  it('check rejects a workload the spec does not define.', async () => {
    expect((await plumb(['check', CHECK_SPEC, '--workload', 'spark-streamng'])).code).toBe(2);
  });
});
