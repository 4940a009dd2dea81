/**
 * `plumb compile <spec> --target datadog --out <dir>`: Datadog monitors and the Agent
 * configuration for plumb-exporter. No salt is needed: Datadog never sees hashes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { compileDatadogTarget } from '@plumb/core/compile/datadog/render';
import type { Model } from '@plumb/core/spec/model';
import type { SpecProblem } from '@plumb/core/spec/problems';
import { EXIT, printProblems, problemsJson, type Io } from '@plumb/io';

export const DEFAULT_WEBHOOK = 'plumb-hooks';

export function writeDatadogTarget(
  io: Io,
  file: string,
  model: Model,
  specWarnings: readonly SpecProblem[],
  out: string,
  webhook: string,
  json: boolean,
): number {
  const result = compileDatadogTarget(model, file, { webhook });
  const written: string[] = [];
  try {
    for (const [name, text] of Object.entries(result.files)) {
      const path = join(out, name);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
      written.push(path);
    }
  } catch (err) {
    io.err(`plumb compile: cannot write to ${out}: ${(err as NodeJS.ErrnoException).code ?? String(err)}\n`);
    return EXIT.usage;
  }
  if (json) {
    io.out(
      `${JSON.stringify({ ok: true, file, target: 'datadog', files: written, monitors: result.monitors.length, warnings: [...problemsJson(specWarnings), ...result.warnings.map((message) => ({ message }))] }, null, 2)}\n`,
    );
    return EXIT.ok;
  }
  printProblems(io, [], specWarnings);
  for (const w of result.warnings) io.err(`  warning: datadog: ${w}\n`);
  io.out(`${file}: ${result.monitors.length} Datadog monitors\n${written.map((w) => `  wrote ${w}\n`).join('')}`);
  return EXIT.ok;
}
