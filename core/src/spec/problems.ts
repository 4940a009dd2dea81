/** Spec problems: errors stop a load, warnings do not. Each names the file, position and YAML path. */
export interface SpecProblem {
  file: string;
  /** 1-based line, when the position is known. */
  line?: number | undefined;
  /** 1-based column, when the position is known. */
  column?: number | undefined;
  /** YAML path, e.g. `dimensions[3].expect.range`. Empty for the document root. */
  path: string;
  message: string;
}

/** `file:line:col: path: message`, the format editors and CI logs understand. */
export function formatProblem(p: SpecProblem): string {
  const pos = p.line !== undefined ? `:${p.line}:${p.column ?? 1}` : '';
  return `${p.file}${pos}: ${p.path === '' ? '(root)' : p.path}: ${p.message}`;
}

/** Renders a path array as `a.b[2].c`; keys that are not identifiers are quoted. */
export function pathToString(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_][\w-]*$/.test(String(seg))) out += out === '' ? String(seg) : `.${String(seg)}`;
    else out += `[${JSON.stringify(String(seg))}]`;
  }
  return out;
}
