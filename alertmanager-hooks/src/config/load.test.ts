import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfigFile, resolveSecret, validateConfig } from './load';

const minimal = { ledgerPath: '/tmp/l.db', auditPath: '/tmp/a.jsonl', auth: { webhook: { bearer: { env: 'T' } } } };

describe('validateConfig', () => {
  it('fills safe defaults: dry-run, 1% budget, one-hour window', () => {
    const r = validateConfig(minimal, 'hooks.yaml');
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.config.modes.default).toBe('dry-run');
      expect(r.config.budget.maxDisruptedShare).toBe(0.01);
      expect(r.config.budget.window).toBe(3_600_000);
    }
  });

  it.each([
    ['names the file and field of a bad mode', { ...minimal, modes: { default: 'yolo' } }, 'hooks.yaml: modes.default'],
    ['requires webhook auth', { ...minimal, auth: { webhook: {} } }, 'hooks.yaml: auth.webhook: the webhook needs bearer or basic auth'],
    ['rejects a budget over 100%', { ...minimal, budget: { maxDisruptedShare: 2 } }, 'hooks.yaml: budget.maxDisruptedShare'],
    ['rejects a malformed duration', { ...minimal, budget: { window: 'an hour' } }, 'hooks.yaml: budget.window: a duration such as 30s, 5m or 1h'],
    ['rejects an inline secret field it does not know', { ...minimal, auth: { webhook: { bearer: { value: 'x' } } } }, 'hooks.yaml: auth.webhook.bearer'],
    ['rejects unknown top-level keys', { ...minimal, mode: 'enforce' }, 'hooks.yaml: (root)'],
  ])('%s', (_n, doc, message) => {
    const r = validateConfig(doc, 'hooks.yaml');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.join('\n')).toContain(message);
  });
});

describe('loadConfigFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'plumb-hooks-cfg-'));
  it.each([
    ['reports a missing file by name', join(dir, 'missing.yaml'), undefined, 'missing.yaml: cannot read: ENOENT'],
    ['reports broken YAML by file', join(dir, 'broken.yaml'), 'a: [1, 2', 'broken.yaml: not valid YAML'],
  ])('%s', (_n, path, text, message) => {
    if (text !== undefined) writeFileSync(path, text);
    const r = loadConfigFile(path);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toContain(message);
  });
});

describe('resolveSecret', () => {
  const dir = mkdtempSync(join(tmpdir(), 'plumb-hooks-secret-'));
  writeFileSync(join(dir, 'token'), 's3cr3t\n');
  it.each([
    ['reads an env var', { env: 'A' }, { A: 'from-env' }, { ok: true, value: 'from-env' }],
    ['falls back to the file and drops the trailing newline', { env: 'A', file: join(dir, 'token') }, {}, { ok: true, value: 's3cr3t' }],
    ['names the env var it missed, never a value', { env: 'B' }, {}, { ok: false, error: 'auth.x: env var B is not set' }],
  ])('%s', (_n, ref, env, expected) => {
    expect(resolveSecret(ref, 'auth.x', env)).toEqual(expected);
  });
});
