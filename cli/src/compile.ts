/**
 * `plumb compile <spec> --out <dir>`: writes the Prometheus rule file and the
 * PrometheusRule variant. The fleet salt is required (expected values are compared
 * as salted hashes) and is never printed.
 */
import { compileModel } from '@plumb/core/compile/compile';
import { vmalertFiles } from '@plumb/core/compile/vmalert';
import { loadSpecFile, parseCommandArgs, str, EXIT, type Io, printProblems, problemsJson, resolveSalt, writeFiles, usageError } from '@plumb/io';
import { DEFAULT_WEBHOOK, writeDatadogTarget } from './compile-datadog';

export const COMPILE_HELP = `usage: plumb compile <spec.yaml> --out <dir> [--target prometheus|vmalert|datadog] [--salt-file <file>] [--webhook <name>] [--json]

Compiles a desired-state spec into Prometheus recording and alerting rules:
  <dir>/plumb-rules.yaml           plain Prometheus rule file (every Prometheus that scrapes exporters)
  <dir>/plumb-rules-global.yaml    rules of the tier above hashmod shards (sums, ratios, majorities)
  <dir>/plumb-prometheusrule.yaml  monitoring.coreos.com/v1 PrometheusRule
The fleet salt comes from --salt-file, else from the spec's settings.salt
(file, then env var). It is never printed.

--target vmalert writes the two rule files for VictoriaMetrics' vmalert 1.79 instead
(no keep_firing_for, which it does not know).
--target datadog writes Datadog monitors and the Agent configuration instead (no salt):
  <dir>/plumb-datadog-monitors.json                        monitor bodies for plumb datadog sync
  <dir>/datadog-agent/conf.d/openmetrics.d/conf.yaml       OpenMetrics check for a VM
  <dir>/datadog-agent/autodiscovery-annotations.yaml       the same as pod annotations
--webhook names the Datadog webhook that reaches plumb-hooks (default ${DEFAULT_WEBHOOK}).

exit codes: 0 written, 1 spec errors, 2 bad usage or no salt
`;

const COMPILE = { name: 'compile', help: COMPILE_HELP };

export async function runCompile(argv: readonly string[], io: Io): Promise<number> {
  const args = parseCommandArgs(argv, {
    out: { type: 'string', short: 'o' },
    'salt-file': { type: 'string' },
    target: { type: 'string' },
    webhook: { type: 'string' },
  });
  if (!args.ok) return usageError(io, COMPILE, args.error);
  if (args.values.help) {
    io.out(COMPILE_HELP);
    return EXIT.ok;
  }
  const [file, ...extra] = args.positionals;
  const out = str(args.values, 'out');
  if (file === undefined) return usageError(io, COMPILE, 'missing <spec.yaml>');
  if (extra.length > 0) return usageError(io, COMPILE, `unexpected argument ${extra[0]}`);
  if (out === undefined) return usageError(io, COMPILE, 'missing --out <dir>');
  const json = args.values.json === true;
  const target = str(args.values, 'target') ?? 'prometheus';
  if (target !== 'prometheus' && target !== 'vmalert' && target !== 'datadog')
    return usageError(io, COMPILE, `--target must be prometheus, vmalert or datadog, not ${target}`);

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
  let written: string[];
  try {
    written = writeFiles(out, target === 'vmalert' ? vmalertFiles(result, file) : result.files);
  } catch (err) {
    io.err(`plumb compile: cannot write to ${out}: ${(err as NodeJS.ErrnoException).code ?? String(err)}\n`);
    return EXIT.usage;
  }
  if (json) {
    io.out(
      `${JSON.stringify({ ok: true, file, files: written, groups: result.groups.length, rules: result.ruleCount, saltFrom: salt.from, warnings: problemsJson(loaded.warnings) }, null, 2)}\n`,
    );
  } else {
    printProblems(io, [], loaded.warnings);
    io.out(`${file}: ${result.ruleCount} rules in ${result.groups.length} groups (salt from ${salt.from})\n${written.map((w) => `  wrote ${w}\n`).join('')}`);
  }
  return EXIT.ok;
}
