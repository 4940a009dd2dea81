/**
 * Compile benchmark: a spec of 6 workloads × 200 dimensions, loaded and compiled in
 * process. Prints the load and compile times (median of several runs), the rule
 * count and `promtool check rules`' verdict on the output. Prints figures; asserts
 * nothing about time.
 *
 *   npx tsx bench/compile/main.ts [workloads] [dimensions]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { compileModel, RULE_FILE } from '@plumb/core/compile/compile';
import { loadSpecText } from '@plumb/core/spec/load';
import { generateSpecYaml } from './generate-spec';

const workloads = Number(process.argv[2] ?? 6);
const dimensions = Number(process.argv[3] ?? 200);
const RUNS = 5;
const outDir = join('bench', 'out', 'compile');
const salt = Buffer.from('bench-salt-0123456789abcdef');

const text = generateSpecYaml(workloads, dimensions);
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'spec.yaml'), text);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const loadMs: number[] = [];
const compileMs: number[] = [];
let output: ReturnType<typeof compileModel> | undefined;
for (let i = 0; i < RUNS; i++) {
  const t0 = performance.now();
  const loaded = loadSpecText(text, 'bench.yaml');
  const t1 = performance.now();
  if (!loaded.ok) throw new Error(`generated spec does not load: ${JSON.stringify(loaded.errors.slice(0, 3))}`);
  output = compileModel(loaded.model, salt, 'bench.yaml');
  const t2 = performance.now();
  loadMs.push(t1 - t0);
  compileMs.push(t2 - t1);
}
if (!output) throw new Error('no output');
const ruleFile = join(outDir, RULE_FILE);
writeFileSync(ruleFile, output.files[RULE_FILE] ?? '');

let verdict: string;
try {
  verdict =
    execFileSync(process.env.PROMTOOL ?? 'promtool', ['check', 'rules', ruleFile], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .pop() ?? '';
} catch (err) {
  verdict = `FAILED: ${String((err as { stdout?: string }).stdout ?? err).trim()}`;
  process.exitCode = 1;
}

console.log(`spec: ${workloads} workloads x ${dimensions} dimensions (${(text.length / 1024).toFixed(0)} KiB YAML)`);
console.log(`load (parse + validate + model): median ${median(loadMs).toFixed(1)} ms over ${RUNS} runs`);
console.log(`compile (rules + alerts + render): median ${median(compileMs).toFixed(1)} ms over ${RUNS} runs`);
console.log(
  `output: ${output.ruleCount} rules in ${output.groups.length} groups, ${((output.files[RULE_FILE] ?? '').length / 1024).toFixed(0)} KiB -> ${ruleFile}`,
);
console.log(`promtool check rules: ${verdict.replace(/^\s+/, '')}`);
