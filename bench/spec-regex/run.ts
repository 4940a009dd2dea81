/**
 * Worst cases of spec regexes over a command line: RE2 (the engine the exporter uses)
 * beside JavaScript's backtracking engine, in the same run. Each pattern gets the input
 * that makes a backtracking engine explode; RE2 runs it on a 4 KB line, JavaScript on
 * growing lengths until one match takes over 500 ms.
 *
 * Times are CPU time of this process (user + system), not wall time, so that other
 * processes on a busy machine do not count. RE2 is warmed up on the same line first
 * (the engine's own code is compiled by V8 on first use), then measured 100 times.
 *
 *   npx tsx bench/spec-regex/run.ts
 */
import { compileRe2, findsIn } from '@plumb/core/spec/re2';

interface Case {
  pattern: string;
  /** An adversarial command line of `n` characters. */
  input: (n: number) => string;
}

const CASES: Case[] = [
  { pattern: '(a+)+$', input: (n) => `${'a'.repeat(n - 1)}!` },
  { pattern: '(a|aa)+b', input: (n) => 'a'.repeat(n) },
  { pattern: '(x+x+)+y', input: (n) => 'x'.repeat(n) },
  { pattern: '^(\\w+\\s?)*$', input: (n) => `${'word '.repeat(Math.ceil(n / 5)).slice(0, n - 1)}!` },
  { pattern: 'java .*-Dspark\\.app\\.name=(.*)-(.*)-(.*)-(.*)x$', input: (n) => `java ${'-Dspark.app.name=a-b-c-d '.repeat(Math.ceil(n / 25))}`.slice(0, n) },
];

const KB4 = 4096;
const WARMUP = 10;
const RUNS = 100;

function cpuMs(run: () => void): number {
  const t0 = process.cpuUsage();
  run();
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1000;
}

function re2Times(c: Case): { first: number; median: number; p99: number; max: number } {
  const compiled = compileRe2(c.pattern);
  if (!compiled.ok) throw new Error(compiled.reason);
  const line = c.input(KB4);
  const first = cpuMs(() => findsIn(compiled.re, line));
  for (let i = 0; i < WARMUP; i += 1) findsIn(compiled.re, line);
  const t = Array.from({ length: RUNS }, () => cpuMs(() => findsIn(compiled.re, line))).sort((a, b) => a - b);
  return { first, median: t[RUNS / 2] ?? 0, p99: t[RUNS - 2] ?? 0, max: t[RUNS - 1] ?? 0 };
}

/** The first input length at which one JavaScript match takes over 500 ms, and that time. */
function jsBlowUp(c: Case): { length: number; ms: number } {
  const re = new RegExp(c.pattern);
  let last = { length: 0, ms: 0 };
  for (let n = 10; n <= KB4; n += Math.max(1, Math.floor(n / 8))) {
    const line = c.input(n);
    last = { length: n, ms: cpuMs(() => re.test(line)) };
    if (last.ms > 500) break;
  }
  return last;
}

const f = (ms: number) => ms.toFixed(2);
const rows = CASES.map((c) => ({ c, re2: re2Times(c), js: jsBlowUp(c) }));
console.log('| pattern | RE2, 4 KB line: first ms | median ms | p99 ms | max ms | JavaScript: input length | JavaScript ms |');
console.log('|---|---|---|---|---|---|---|');
for (const { c, re2, js } of rows)
  console.log(
    `| \`${c.pattern.replace(/\|/g, '\\|')}\` | ${f(re2.first)} | ${f(re2.median)} | ${f(re2.p99)} | ${f(re2.max)} | ${js.length} | ${js.ms.toFixed(0)} |`,
  );
const worstMedian = Math.max(...rows.map((r) => r.re2.median));
const worstP99 = Math.max(...rows.map((r) => r.re2.p99));
console.log(`\nRE2 on a 4 KB command line, worst pattern: median ${f(worstMedian)} ms, p99 ${f(worstP99)} ms (target < 10 ms)`);
