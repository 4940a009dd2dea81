/**
 * `plumb validate <spec>`: loads a spec and reports errors and warnings apart.
 * Exit 0 when valid (warnings allowed), 1 on errors, 2 on bad usage.
 */
import { loadSpecFile, parseSpecCommand, EXIT, type Io, printProblems, problemsJson } from '@plumb/io';

export const VALIDATE_HELP = `usage: plumb validate <spec.yaml> [--json]

Checks a desired-state spec (apiVersion plumb/v1). Errors name the file, line,
column, YAML path and what was expected; warnings are listed apart.

exit codes: 0 valid, 1 errors found, 2 bad usage
`;

const VALIDATE = { name: 'validate', help: VALIDATE_HELP };

export async function runValidate(argv: readonly string[], io: Io): Promise<number> {
  const parsed = parseSpecCommand(argv, {}, VALIDATE, io);
  if (!parsed.ok) return parsed.exitCode;
  const { file, values } = parsed;
  const result = loadSpecFile(file);
  const errors = result.ok ? [] : result.errors;
  if (values.json) {
    io.out(`${JSON.stringify({ ok: result.ok, file, errors: problemsJson(errors), warnings: problemsJson(result.warnings) }, null, 2)}\n`);
  } else {
    printProblems(io, errors, result.warnings);
    if (result.ok)
      io.out(
        `${file}: valid (${result.model.rules.length} rules over ${result.model.workloads.length} workloads, ${result.warnings.length} warning${result.warnings.length === 1 ? '' : 's'})\n`,
      );
  }
  return result.ok ? EXIT.ok : EXIT.failed;
}
