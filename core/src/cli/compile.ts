/**
 * `plumb compile <spec> --out <dir>`: writes the Prometheus rule file and the
 * PrometheusRule variant. The fleet salt is required (expected values are compared
 * as salted hashes) and is never printed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileModel } from '../compile/compile';
import { loadSpecFile } from '../spec/load';
import { parseCommandArgs, str } from './args';
import { DEFAULT_WEBHOOK, writeDatadogTarget } from './compile-datadog';
import { EXIT, type Io } from './io';
import { printProblems, problemsJson } from './problems-output';
import { resolveSalt } from './salt-source';

export const COMPILE_HELP = `usage: plumb compile <spec.yaml> --out <dir> [--target prometheus|datadog] [--salt-file <file>] [--webhook <name>] [--json]

Compiles a desired-state spec into Prometheus recording and alerting rules:
  <dir>/plumb-rules.yaml           plain Prometheus rule file
  <dir>/plumb-prometheusrule.yaml  monitoring.coreos.com/v1 PrometheusRule
The fleet salt comes from --salt-file, else from the spec's settings.salt
(file, then env var). It is never printed.

--target datadog writes Datadog monitors and the Agent configuration instead (no salt):
  <dir>/plumb-datadog-monitors.json                        monitor bodies for plumb datadog sync
  <dir>/datadog-agent/conf.d/openmetrics.d/conf.yaml       OpenMetrics check for a VM
  <dir>/datadog-agent/autodiscovery-annotations.yaml       the same as pod annotations
--webhook names the Datadog webhook that reaches plumb-hooks (default ${DEFAULT_WEBHOOK}).

exit codes: 0 written, 1 spec errors, 2 bad usage or no salt
`;

export async function runCompile(argv: readonly string[], io: Io): Promise<number> {
  const args = parseCommandArgs(argv, { out: { type: 'string', short: 'o' }, 'salt-file': { type: 'string' }, target: { type: 'string' }, webhook: { type: 'string' } });
  if (!args.ok) return usage(io, args.error);
  if (args.values.help) {
    io.out(COMPILE_HELP);
    return EXIT.ok;
  }
  const [file, ...extra] = args.positionals;
  const out = str(args.values, 'out');
  if (file === undefined) return usage(io, 'missing <spec.yaml>');
  if (extra.length > 0) return usage(io, `unexpected argument ${extra[0]}`);
  if (out === undefined) return usage(io, 'missing --out <dir>');
  const json = args.values.json === true;
  const target = str(args.values, 'target') ?? 'prometheus';
  if (target !== 'prometheus' && target !== 'datadog') return usage(io, `--target must be prometheus or datadog, not ${target}`);

  const loaded = loadSpecFile(file);
  if (!loaded.ok) {
    if (json) io.out(`${JSON.stringify({ ok: false, file, errors: problemsJson(loaded.errors), warnings: problemsJson(loaded.warnings) }, null, 2)}\n`);
    else printProblems(io, loaded.errors, loaded.warnings);
    return EXIT.failed;
  }
  if (target === 'datadog') return writeDatadogTarget(io, file, loaded.model, loaded.warnings, out, str(args.values, 'webhook') ?? DEFAULT_WEBHOOK, json);
  const salt = resolveSalt(str(args.values, 'salt-file'), loaded.model.settings.salt, io.env);
  if (!salt.ok) {
    io.err(`plumb compile: ${salt.reason}; give --salt-file or set the spec's settings.salt\n`);
    return EXIT.usage;
  }
  const result = compileModel(loaded.model, salt.salt, file);
  const written: string[] = [];
  try {
    mkdirSync(out, { recursive: true });
    for (const [name, text] of Object.entries(result.files)) {
      const path = join(out, name);
      writeFileSync(path, text);
      written.push(path);
    }
  } catch (err) {
    io.err(`plumb compile: cannot write to ${out}: ${(err as NodeJS.ErrnoException).code ?? String(err)}\n`);
    return EXIT.usage;
  }
  if (json) {
    io.out(`${JSON.stringify({ ok: true, file, files: written, groups: result.groups.length, rules: result.ruleCount, saltFrom: salt.from, warnings: problemsJson(loaded.warnings) }, null, 2)}\n`);
  } else {
    printProblems(io, [], loaded.warnings);
    io.out(`${file}: ${result.ruleCount} rules in ${result.groups.length} groups (salt from ${salt.from})\n${written.map((w) => `  wrote ${w}\n`).join('')}`);
  }
  return EXIT.ok;
}

function usage(io: Io, message: string): number {
  io.err(`plumb compile: ${message}\n${COMPILE_HELP}`);
  return EXIT.usage;
}
