/**
 * `plumb check <spec>`: collects this machine's configuration for the spec's
 * dimensions and evaluates every applicable rule locally, as Prometheus would.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { collectHost } from '../collect/host';
import { sharedSecretHasher } from '@plumb/core/hash/secret-hash';
import { buildCheckReport } from '@plumb/core/evaluate/report';
import { loadSpecFile, parseSpecCommand, str, stringOptions, usageError, EXIT, type Io, printProblems, problemsJson, resolveSalt } from '@plumb/io';
import { renderCheckTable } from './check-table';

export const CHECK_HELP = `usage: plumb check <spec.yaml> [--root <dir>] [--json] [--salt-file <file>]
                   [--node N] [--region R] [--instance-type T] [--pool P]
                   [--workload W ...] [--no-commands]

Collects this machine's state for the spec's dimensions (files, env vars, commands,
runtime probes under --root, default /) and prints the drift table. Values are
shown only for exposable dimensions, others as hash:<h>. Workloads are detected
from the spec's selectors unless --workload is given. Without a fleet salt the
hashes are made with a throw-away salt and are not comparable with the fleet's.

exit codes: 0 compliant, 1 drift found, 2 bad usage or spec errors, 3 partial report
`;

const CHECK = { name: 'check', help: CHECK_HELP };

export async function runCheck(argv: readonly string[], io: Io): Promise<number> {
  const parsed = parseSpecCommand(
    argv,
    {
      ...stringOptions('root', 'salt-file', 'node', 'region', 'instance-type', 'pool'),
      workload: { type: 'string', multiple: true },
      'no-commands': { type: 'boolean' },
    },
    CHECK,
    io,
  );
  if (!parsed.ok) return parsed.exitCode;
  const { file, values } = parsed;
  const json = values.json === true;
  const loaded = loadSpecFile(file);
  if (!loaded.ok) {
    if (json) io.out(`${JSON.stringify({ ok: false, file, errors: problemsJson(loaded.errors) }, null, 2)}\n`);
    else printProblems(io, loaded.errors, loaded.warnings);
    return EXIT.usage;
  }
  const model = loaded.model;
  const found = resolveSalt(str(values, 'salt-file'), model.settings.salt, io.env);
  if (!found.ok && !json) io.err(`plumb check: ${found.reason}; hashes below use a throw-away salt\n`);
  const salt = found.ok ? found.salt : randomBytes(32);

  const at = {
    node: str(values, 'node') ?? io.env.PLUMB_NODE_NAME ?? hostname(),
    region: str(values, 'region') ?? io.env.PLUMB_REGION ?? io.env.AWS_REGION ?? 'local',
    instanceType: str(values, 'instance-type') ?? io.env.PLUMB_INSTANCE_TYPE ?? 'unknown',
    pool: str(values, 'pool') ?? io.env.PLUMB_POOL ?? 'default',
  };
  const forced = values.workload as string[] | undefined;
  const unknownWorkload = forced?.find((w) => !model.workloads.some((x) => x.name === w));
  if (unknownWorkload !== undefined)
    return usageError(
      io,
      CHECK,
      `--workload "${unknownWorkload}" is not a workload of ${file} (expected one of ${model.workloads.map((w) => w.name).join(', ')})`,
    );

  const collection = await collectHost(model, {
    salt,
    identity: { ...at, platform: 'host' },
    root: str(values, 'root') ?? '/',
    env: io.env,
    runCommands: values['no-commands'] !== true,
    ...(forced !== undefined ? { workloads: forced } : {}),
    now: io.now,
  });
  const report = buildCheckReport({
    model,
    at,
    workloads: collection.workloads,
    canonical: collection.canonical,
    collectors: collection.runs,
    nowSeconds: Math.floor(io.now() / 1000),
    hash: sharedSecretHasher(salt, model.settings.hashLength),
  });
  const collectors = collection.runs.map((r) => ({ collector: r.collector, success: r.success, errors: r.errors }));
  if (json) {
    io.out(
      `${JSON.stringify({ ok: true, file, node: at, saltFrom: found.ok ? found.from : null, workloads: collection.workloads, outcome: report.outcome, counts: report.counts, rows: report.rows, collectors }, null, 2)}\n`,
    );
  } else {
    io.out(
      `node ${at.node} (region ${at.region}, instance type ${at.instanceType}, pool ${at.pool}); workloads: ${collection.workloads.join(', ') || 'none'}\n`,
    );
    io.out(renderCheckTable(report));
    for (const c of collectors.filter((x) => !x.success)) io.err(`collector ${c.collector} failed: ${c.errors.join('; ') || 'no detail'}\n`);
  }
  return report.outcome === 'drift' ? EXIT.failed : report.outcome === 'partial' ? EXIT.partial : EXIT.ok;
}
