/**
 * How spec errors and warnings are shown: one `file:line:col: path: message` line each,
 * errors and warnings in separate sections, or JSON.
 */
import { formatProblem, type SpecProblem } from '@plumb/core/spec/problems';
import type { Io } from './io';

/** Writes problems to stderr in the human format. */
export function printProblems(io: Io, errors: readonly SpecProblem[], warnings: readonly SpecProblem[]): void {
  if (errors.length > 0) io.err(`${errors.length} error${errors.length === 1 ? '' : 's'}:\n${errors.map((p) => `  error: ${formatProblem(p)}\n`).join('')}`);
  if (warnings.length > 0)
    io.err(`${warnings.length} warning${warnings.length === 1 ? '' : 's'}:\n${warnings.map((p) => `  warning: ${formatProblem(p)}\n`).join('')}`);
}

/** Problems as plain JSON objects (position fields only when known). */
export function problemsJson(problems: readonly SpecProblem[]): Record<string, unknown>[] {
  return problems.map((p) => ({
    file: p.file,
    ...(p.line !== undefined ? { line: p.line, column: p.column } : {}),
    path: p.path,
    message: p.message,
    text: formatProblem(p),
  }));
}
