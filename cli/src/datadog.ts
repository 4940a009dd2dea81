/**
 * `plumb datadog sync|validate <spec>`: the monitors `plumb compile --target datadog`
 * writes, pushed through Datadog's API. Keys come from DD_API_KEY and DD_APP_KEY, the
 * site from DD_SITE; none is ever printed.
 */
import { v1 } from '@datadog/datadog-api-client';
import { compileDatadogMonitors } from '@plumb/core/compile/datadog/monitors';
import { credentialsFromEnv, datadogMonitors, DatadogApiError } from './datadog/api';
import { describePlan, syncMonitors } from './datadog/sync';
import { DEFAULT_WEBHOOK } from './compile-datadog';
import { EXIT, loadSpecFile, parseCommandArgs, printProblems, str, type Io } from '@plumb/io';

export const DATADOG_HELP = `usage: plumb datadog sync <spec.yaml> [--dry-run] [--webhook <name>] [--json]
       plumb datadog validate <spec.yaml> [--live] [--webhook <name>] [--json]

sync       create, update or delete this fleet's Datadog monitors (found by the tags
           managed-by:plumb and plumb-fleet:<spec name>) so they match the spec; each
           monitor is checked by Datadog's validate endpoint before anything is written.
           --dry-run prints the plan and writes nothing; a second sync writes nothing.
validate   check the monitors with the API client's own model checks; with --live,
           also with Datadog's validate endpoint (needs keys; without them it says it
           skipped and exits 0).

env: DD_API_KEY, DD_APP_KEY (never printed), DD_SITE (default datadoghq.com).
exit codes: 0 ok (or live check skipped), 1 spec or Datadog errors, 2 bad usage or no keys (sync)
`;

export async function runDatadog(argv: readonly string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h') {
    (sub === undefined ? io.err : io.out)(DATADOG_HELP);
    return sub === undefined ? EXIT.usage : EXIT.ok;
  }
  if (sub !== 'sync' && sub !== 'validate') return usage(io, `unknown subcommand "${sub}"`);
  const args = parseCommandArgs(rest, { 'dry-run': { type: 'boolean' }, live: { type: 'boolean' }, webhook: { type: 'string' } });
  if (!args.ok) return usage(io, args.error);
  if (args.values.help) {
    io.out(DATADOG_HELP);
    return EXIT.ok;
  }
  const [file, ...extra] = args.positionals;
  if (file === undefined) return usage(io, 'missing <spec.yaml>');
  if (extra.length > 0) return usage(io, `unexpected argument ${extra[0]}`);
  const json = args.values.json === true;
  const loaded = loadSpecFile(file);
  if (!loaded.ok) {
    printProblems(io, loaded.errors, loaded.warnings);
    return EXIT.failed;
  }
  const { monitors } = compileDatadogMonitors(loaded.model, { webhook: str(args.values, 'webhook') ?? DEFAULT_WEBHOOK });
  const creds = credentialsFromEnv(io.env);
  const say = (text: string, data: Record<string, unknown>) => io.out(json ? `${JSON.stringify(data, null, 2)}\n` : text);

  try {
    if (sub === 'validate') {
      const local = monitors.flatMap((m) => {
        try {
          v1.ObjectSerializer.serialize(v1.ObjectSerializer.deserialize(m, 'Monitor'), 'Monitor', '');
          return [];
        } catch (err) {
          return [`${m.name}: ${(err as Error).message}`];
        }
      });
      if (local.length > 0) {
        io.err(local.map((l) => `  error: ${l}\n`).join(''));
        return EXIT.failed;
      }
      if (args.values.live !== true || !creds.ok) {
        const skipped =
          args.values.live === true && !creds.ok
            ? `live validation skipped: ${creds.ok ? '' : creds.missing.join(' and ')} not set`
            : 'live validation not requested (--live)';
        say(`${file}: ${monitors.length} monitors pass the client's checks; ${skipped}\n`, {
          ok: true,
          monitors: monitors.length,
          live: 'skipped',
          reason: skipped,
        });
        return EXIT.ok;
      }
      const port = datadogMonitors(creds.credentials);
      for (const m of monitors) await port.validate(m);
      say(`${file}: ${monitors.length} monitors valid for Datadog (${creds.credentials.site})\n`, {
        ok: true,
        monitors: monitors.length,
        live: 'validated',
        site: creds.credentials.site,
      });
      return EXIT.ok;
    }
    if (!creds.ok) {
      io.err(`plumb datadog sync: ${creds.missing.join(' and ')} not set\n`);
      return EXIT.usage;
    }
    const dryRun = args.values['dry-run'] === true;
    const { plan, written } = await syncMonitors(datadogMonitors(creds.credentials), loaded.model.name, monitors, dryRun);
    const lines = describePlan(plan);
    const counts = { create: plan.create.length, update: plan.update.length, delete: plan.delete.length, unchanged: plan.unchanged.length };
    say(
      `${dryRun ? 'plan (dry run, nothing written)' : `synced: ${written} writes`}: ${counts.create} to create, ${counts.update} to update, ${counts.delete} to delete, ${counts.unchanged} unchanged\n${lines.map((l) => `  ${l}\n`).join('')}`,
      { ok: true, dryRun, written, ...counts, changes: lines },
    );
    return EXIT.ok;
  } catch (err) {
    if (err instanceof DatadogApiError) {
      io.err(`plumb datadog ${sub}: ${err.message}\n`);
      return EXIT.failed;
    }
    throw err;
  }
}

function usage(io: Io, message: string): number {
  io.err(`plumb datadog: ${message}\n${DATADOG_HELP}`);
  return EXIT.usage;
}
