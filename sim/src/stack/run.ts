/**
 * Runs a scenario on a started stack: applies the events on time, prints a live
 * summary, and ends with a report of what was detected, how fast, and whether every
 * expectation held.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { seconds } from '../scenario';
import type { Stack } from './stack';
import { tryQuery } from './prom-api';
import { RunTracker } from './tracker';
import { checkEvents, checkHandler, type AuditEntry, type Check } from './verify';
import { handlerSummary, type HandlerSummary } from './handler-summary';
import { describeStart, type WorkDirStart } from './work-dir';

/** Why a run ended: every expectation held, every one was decided (some failed), the scenario's duration ran out, or Ctrl-C. */
export type RunEnd = 'all-held' | 'settled' | 'duration' | 'interrupted';

export interface RunReport {
  scenario: string;
  nodes: number;
  durationSeconds: number;
  checks: Check[];
  detection: { event: string; nodes: number; secondsToDetect?: number | undefined }[];
  globalRegions: string[];
  handler?: HandlerSummary | undefined;
  /** Whether the run started clean or resumed an earlier run's state. */
  workDir: { path: string; start: WorkDirStart };
  ended: RunEnd;
  ok: boolean;
}

export interface RunOptions {
  workDir: string;
  durationSeconds?: number;
  pollEveryMs?: number;
  summaryEveryMs?: number;
  log: (line: string) => void;
  /** Stop once every check passed, or once every check is decided and some failed. */
  stopWhenSatisfied?: boolean;
  /** How long an expectation may take after its event before it fails for good (default 10 minutes, the detection target). */
  settleSeconds?: number;
  signal?: AbortSignal;
}

export async function runScenario(stack: Stack, o: RunOptions): Promise<RunReport> {
  const scenario = stack.world.scenario;
  const duration = o.durationSeconds ?? seconds(scenario.duration);
  const regionOf = new Map<string, string>();
  const remember = () => {
    for (const sim of stack.world.nodes.values()) regionOf.set(sim.node.identity.node, sim.node.identity.region);
  };
  remember();
  const tracker = new RunTracker(stack.prometheus, (n) => regionOf.get(n), stack.rollups);
  const startMs = Date.now();
  stack.world.start(startMs);
  o.log(`scenario "${scenario.name}": ${scenario.events.length} events over ${duration} s`);
  let lastSummary = 0;
  const announced = new Set<object>();
  const givenUp = new Set<string>();
  let checks: Check[] = [];
  let ended: RunEnd = 'duration';
  const settleMs = (o.settleSeconds ?? 600) * 1000;
  while (Date.now() - startMs < duration * 1000) {
    await sleep(o.pollEveryMs ?? 2000, o.signal);
    if (o.signal?.aborted) {
      ended = 'interrupted';
      break;
    }
    const now = Date.now();
    stack.world.tick(now);
    remember();
    await tracker.poll(stack.world.truth, now);
    for (const [record, obs] of tracker.observations) {
      if (obs.detectedAtMs === undefined || announced.has(record)) continue;
      announced.add(record);
      o.log(
        `         detected ${record.event.name} on ${record.nodes.length} node(s) ${((obs.detectedAtMs - record.appliedAtMs) / 1000).toFixed(1)} s after injection (${[...obs.severities].join(', ')})`,
      );
    }
    const clock = { nowMs: now, settleMs };
    checks = [
      ...checkEvents(tracker.observations, tracker.unexpected, clock),
      ...(stack.handler ? checkHandler(stack.world.truth, readAudit(stack.handler.auditPath), clock) : []),
    ];
    for (const c of checks.filter((x) => x.status === 'fail')) {
      const key = `${c.event}\0${c.what}`;
      if (givenUp.has(key)) continue;
      givenUp.add(key);
      o.log(`         cannot pass any more: ${c.event}: ${c.what} (${c.detail})`);
    }
    if (now - lastSummary >= (o.summaryEveryMs ?? 15_000)) {
      lastSummary = now;
      o.log(await liveSummary(stack, now - startMs, checks));
    }
    const allApplied = stack.world.truth.length === scenario.events.length;
    if (o.stopWhenSatisfied && allApplied && checks.length > 0) {
      if (checks.every((c) => c.status === 'pass')) {
        ended = 'all-held';
        break;
      }
      if (checks.every((c) => c.status !== 'waiting')) {
        ended = 'settled';
        break;
      }
    }
  }
  const globalRegions = ((await tryQuery(stack.globalUrl, 'count by (region) (plumb:nodes:count)')) ?? []).map((s) => s.metric.region ?? '').sort();
  const report: RunReport = {
    scenario: scenario.name,
    nodes: stack.world.nodes.size,
    durationSeconds: Math.round((Date.now() - startMs) / 1000),
    checks,
    detection: [...tracker.observations]
      .filter(([r]) => r.event.action === 'drift' && r.event.expect.flagged)
      .map(([r, obs]) => ({
        event: r.event.name,
        nodes: r.nodes.length,
        secondsToDetect: obs.detectedAtMs === undefined ? undefined : (obs.detectedAtMs - r.appliedAtMs) / 1000,
      })),
    globalRegions,
    handler: stack.handler ? await handlerSummary(stack.handler) : undefined,
    workDir: { path: o.workDir, start: stack.workDirStart },
    ended,
    ok: checks.length > 0 && checks.every((c) => c.status === 'pass') && globalRegions.length === 3,
  };
  writeFileSync(join(o.workDir, 'report.json'), JSON.stringify(report, null, 2));
  return report;
}

async function liveSummary(stack: Stack, elapsedMs: number, checks: Check[]): Promise<string> {
  const t = `${String(Math.floor(elapsedMs / 60000)).padStart(2, '0')}:${String(Math.floor((elapsedMs % 60000) / 1000)).padStart(2, '0')}`;
  const parts: string[] = [];
  for (const [region, url] of Object.entries(stack.rollups)) {
    // `shard=""`: the region's own rollups, not its shards' (a sharded region's tier holds both).
    const bySev = await tryQuery(url, 'sum by (severity) (plumb:drift_nodes:count{shard=""})');
    const unknown = await tryQuery(url, 'sum(plumb:unknown_nodes:count{shard=""})');
    if (!bySev) {
      parts.push(`${region}: down`);
      continue;
    }
    const get = (s: string) => bySev.find((x) => x.metric.severity === s)?.value ?? 0;
    parts.push(`${region}: ${get('correctness-risk')} correctness / ${get('sla-risk')} sla / ${get('info')} info, ${unknown?.[0]?.value ?? 0} unknown`);
  }
  const passed = checks.filter((c) => c.status === 'pass').length;
  let line = `[${t}] drifted nodes by severity — ${parts.join(' | ')}\n         checks passing ${passed}/${checks.length}`;
  const waiting = checks.filter((c) => c.status === 'waiting');
  if (waiting.length > 0) line += `; waiting for ${namesOf(waiting)}`;
  const failed = checks.filter((c) => c.status === 'fail');
  if (failed.length > 0) line += `; cannot pass any more: ${namesOf(failed)}`;
  if (stack.handler) {
    const h = await handlerSummary(stack.handler);
    if (h)
      line += `\n         handler: ${h.decisions} decisions; would act: ${
        Object.entries(h.wouldDo)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ') || 'nothing'
      }; refused ${h.refused}; budget ${Object.entries(h.budget)
        .map(([r, b]) => `${r} ${(b * 100).toFixed(2)}%`)
        .join(', ')}`;
  }
  return line;
}

/** A short list of check names for one summary line. */
function namesOf(checks: readonly Check[], most = 4): string {
  const names = checks.slice(0, most).map((c) => `${c.event} ${c.what}`);
  return checks.length > most ? `${names.join(', ')} and ${checks.length - most} more` : names.join(', ');
}

const END_TEXT: Record<RunEnd, string> = {
  'all-held': 'ended once every expectation held',
  settled: 'ended once every expectation was decided',
  duration: "ended at the scenario's duration",
  interrupted: 'interrupted',
};

const MARK = { pass: 'PASS', waiting: 'WAIT', fail: 'FAIL' } as const;

/** A readable report for the terminal. */
export function formatReport(r: RunReport): string {
  const lines = [
    `\nScenario "${r.scenario}" on ${r.nodes} nodes, ${r.durationSeconds} s, ${END_TEXT[r.ended]}`,
    describeStart(r.workDir.path, r.workDir.start),
    '',
  ];
  lines.push('Time to detect each injected drift:');
  for (const d of r.detection)
    lines.push(
      `  ${d.event.padEnd(28)} ${String(d.nodes).padStart(4)} node(s)  ${d.secondsToDetect === undefined ? 'NOT DETECTED' : `${d.secondsToDetect.toFixed(1)} s`}`,
    );
  lines.push('', 'Checks:');
  for (const c of r.checks) lines.push(`  ${MARK[c.status]}  ${c.event.padEnd(28)} ${c.what.padEnd(36)} ${c.detail}`);
  lines.push(
    `  ${r.globalRegions.length === 3 ? 'PASS' : 'FAIL'}  ${'global'.padEnd(28)} ${'rollups from all regions'.padEnd(36)} ${r.globalRegions.join(', ') || 'none'}`,
  );
  if (r.handler) {
    lines.push('', `Remediation handler (dry-run): ${r.handler.decisions} decisions`);
    for (const [k, v] of Object.entries(r.handler.wouldDo)) lines.push(`  would ${k}: ${v}`);
    lines.push(`  refused by guardrails: ${r.handler.refused}`);
    for (const [region, used] of Object.entries(r.handler.budget))
      lines.push(`  disruption budget used in ${region}: ${(used * 100).toFixed(2)} % (limit 1 %)`);
  }
  lines.push('', r.ok ? 'All expectations held.' : 'Some expectations did not hold; see the FAIL and WAIT lines above and the logs in the work directory.');
  return lines.join('\n');
}

/** The handler's audit log so far; a torn last line (being written) is skipped. */
export function readAudit(path: string): AuditEntry[] {
  if (!existsSync(path)) return [];
  const out: AuditEntry[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      out.push(JSON.parse(line) as AuditEntry);
    } catch {
      /* the line being written */
    }
  }
  return out;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(t);
      resolve();
    };
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
