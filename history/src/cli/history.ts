/**
 * `plumb history`: the change topic as evidence.
 *   plumb history config  --node X --at <RFC3339> [--json]
 *   plumb history changes [--node X] [--since T] [--until T] [--json]
 *   plumb history init    (creates the topics, idempotently; plumb history init --help)
 * Common: [--brokers h:p,...] (or PLUMB_KAFKA_BROKERS) [--topic plumb.config-changes]
 *         [--audit-topic plumb.audit] [--checkpoint-topic plumb.audit-checkpoints] [--key-env VAR]
 *         [--snapshot-topic plumb.config-snapshots]
 * `config` and `changes --node` read only the node's partition near the asked time
 * (`snapshot/point-in-time.ts`); `changes` without `--node` reads the whole topic.
 * Exit codes: 0 answered, 1 no data (or the log could not be read), 2 usage,
 * 3 answered but an audit chain read from the audit topic is broken or contradicts its checkpoints.
 * The audit chains read are verified (hashes and links) and checked against the chain-head
 * checkpoints in Kafka (signatures too with --key-env); the verdicts are printed on stderr.
 */
import { kafkajsClient } from '../log/kafkajs-client';
import { kafkaSecurityFromProcessEnv } from '../log/security';
import { runHistoryInit } from './init';
import type { LogClient } from '../log/port';
import { listChanges } from '../history/changes';
import { readAuditRecords, readChangeEvents } from '../history/read';
import { changesBetween, configAt } from '../snapshot/point-in-time';
import { renderTable } from '../history/table';
import { AUDIT_CHECKPOINT_TOPIC, AUDIT_TOPIC, CHANGE_TOPIC, SNAPSHOT_TOPIC } from '../topics/topics';
import { SNAPSHOT_EVERY_MS, snapshotTopicOnce } from '../snapshot/writer';
import { describeChain, verifyAuditChains } from '../audit/verify-chains';
import { anchorChains, describeAnchor } from '../audit/anchor-chains';
import { readCheckpoints } from '../audit/checkpoint-wire';
import { brokersFrom, parseArgs, parseRfc3339 } from './args';

const USAGE = `usage:
  plumb history init    [--replication-factor N] [--min-insync-replicas N] [--retention-days D]
  plumb history snapshot   (one pass: snapshots every node's config now, for a cron or a backfill)
  plumb history config  --node NODE --at RFC3339 [--json]
  plumb history changes [--node NODE] [--since RFC3339] [--until RFC3339] [--json]
options: --brokers host:port[,...] (default $PLUMB_KAFKA_BROKERS), --topic NAME, --audit-topic NAME,
         --snapshot-topic NAME, --checkpoint-topic NAME, --key-env VAR (the variable holding the checkpoint HMAC key)
config, and changes with --node, read only the node's partition near the asked time (its last
snapshot, then the events after it); changes without --node reads the whole topic
exit codes: 0 ok, 1 no data, 2 usage, 3 an audit chain read is broken or contradicts its checkpoints (output printed, attributions not trustworthy)`;

/** Injected for tests; defaults talk to the brokers given on the command line. */
export interface HistoryCliDeps {
  client?: LogClient;
  env?: NodeJS.ProcessEnv;
  out?: (s: string) => void;
  err?: (s: string) => void;
}

const iso = (ms: number): string => new Date(ms).toISOString();

export async function runHistoryCli(argv: string[], deps: HistoryCliDeps = {}): Promise<number> {
  const out = deps.out ?? ((s: string) => void process.stdout.write(s));
  const err = deps.err ?? ((s: string) => void process.stderr.write(s));
  const usage = (msg: string): number => {
    err(`plumb history: ${msg}\n${USAGE}\n`);
    return 2;
  };
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === 'help') {
    out(`${USAGE}\n`);
    return sub === undefined ? 2 : 0;
  }
  if (sub === 'init') return runHistoryInit(rest, { ...deps, out, err });
  if (sub !== 'config' && sub !== 'changes' && sub !== 'snapshot') return usage(`unknown subcommand ${JSON.stringify(sub)}`);
  const args = parseArgs(rest, ['node', 'at', 'since', 'until', 'brokers', 'topic', 'audit-topic', 'snapshot-topic', 'checkpoint-topic', 'key-env'], ['json']);
  if (!args.ok) return usage(args.error);
  if (args.positional.length > 0) return usage(`unexpected argument ${JSON.stringify(args.positional[0])}`);
  const times: Record<string, number> = {};
  for (const f of ['at', 'since', 'until'] as const) {
    const v = args.flags[f];
    if (v === undefined) continue;
    const ms = parseRfc3339(v);
    if (ms === undefined) return usage(`--${f} must be an RFC 3339 time such as 2026-03-01T12:00:00Z, got ${JSON.stringify(v)}`);
    times[f] = ms;
  }
  if (sub === 'config' && (args.flags.node === undefined || times.at === undefined)) return usage('config needs --node and --at');
  if (sub === 'config' && (times.since !== undefined || times.until !== undefined)) return usage('config takes --at, not --since/--until');
  if (sub === 'changes' && times.at !== undefined) return usage('changes takes --since/--until, not --at');
  const keyEnv = args.flags['key-env'];
  const key = keyEnv === undefined ? undefined : (deps.env ?? process.env)[keyEnv];
  if (keyEnv !== undefined && !key) return usage(`--key-env ${keyEnv}: the variable is not set`);
  let client = deps.client;
  if (!client) {
    const brokers = brokersFrom(args.flags.brokers, deps.env ?? process.env);
    if (!brokers) return usage('--brokers (or PLUMB_KAFKA_BROKERS) must list host:port pairs');
    const security = kafkaSecurityFromProcessEnv(deps.env ?? process.env);
    if (!security.ok) return usage(`Kafka settings: ${security.error}`);
    client = kafkajsClient({ brokers, clientId: 'plumb-history', security: security.security });
  }
  const topic = args.flags.topic ?? CHANGE_TOPIC;
  const json = args.switches.has('json');
  const logClient = client;
  const readEvents = async () => {
    if (args.flags.node === undefined) return readChangeEvents(logClient, topic);
    const found = await changesBetween(logClient, args.flags.node, times.since ?? 0, times.until ?? Date.now(), { changeTopic: topic });
    return { items: found.events, rejected: found.rejected };
  };
  try {
    if (sub === 'snapshot') {
      const done = await snapshotTopicOnce(client, topic, args.flags['snapshot-topic'] ?? SNAPSHOT_TOPIC, Date.now());
      for (const r of done.rejected) err(`plumb history: skipped ${r}\n`);
      out(`wrote ${done.written} snapshot(s) to ${args.flags['snapshot-topic'] ?? SNAPSHOT_TOPIC}\n`);
      return 0;
    }
    if (sub === 'config') {
      const node = args.flags.node as string;
      const at = times.at as number;
      const answer = await configAt(client, node, at, {
        changeTopic: topic,
        snapshotTopic: args.flags['snapshot-topic'] ?? SNAPSHOT_TOPIC,
        snapshotEveryMs: SNAPSHOT_EVERY_MS,
      });
      for (const r of answer.rejected) err(`plumb history: skipped ${r}\n`);
      const entries = answer.entries.map(({ seq: _seq, ...e }) => e);
      if (entries.length === 0) {
        err(`plumb history: no configuration recorded for node ${node} at or before ${iso(at)} in ${topic}\n`);
        return 1;
      }
      if (json) out(`${JSON.stringify({ node, at: iso(at), entries: entries.map((e) => ({ ...e, since: iso(e.sinceMs) })) }, null, 2)}\n`);
      else
        out(
          renderTable(
            ['WORKLOAD', 'DIMENSION', 'HASH', 'VALUE', 'SINCE'],
            entries.map((e) => [e.workload, e.dimension, e.hash, e.value ?? '', iso(e.sinceMs)]),
          ),
        );
      return 0;
    }
    const events = await readEvents();
    for (const r of events.rejected) err(`plumb history: skipped ${r}\n`);
    const auditTopic = args.flags['audit-topic'] ?? AUDIT_TOPIC;
    const audit = await readAuditRecords(client, auditTopic).catch((e: Error) => {
      err(`plumb history: cannot read ${auditTopic} (${e.message}); changes are shown without attribution\n`);
      return { items: [], rejected: [] };
    });
    for (const r of audit.rejected) err(`plumb history: skipped ${r}\n`);
    const chains = verifyAuditChains(audit.items);
    for (const c of chains) err(`plumb history: ${describeChain(c)}\n`);
    const checkpointTopic = args.flags['checkpoint-topic'] ?? AUDIT_CHECKPOINT_TOPIC;
    const checkpoints =
      audit.items.length === 0
        ? { byChain: new Map<string, string[]>(), rejected: [] }
        : await readCheckpoints(client, checkpointTopic).catch((e: Error) => {
            err(`plumb history: cannot read ${checkpointTopic} (${e.message}); the audit chains are not checked against their checkpoints\n`);
            return { byChain: new Map<string, string[]>(), rejected: [] };
          });
    for (const r of checkpoints.rejected) err(`plumb history: skipped ${r}\n`);
    const anchors = anchorChains(audit.items, checkpoints.byChain, key, auditTopic);
    for (const a of anchors) err(`plumb history: ${describeAnchor(a, checkpointTopic)}\n`);
    const broken = chains.some((c) => !c.ok) || anchors.some((a) => !a.anchored && a.problem !== undefined);
    const rows = listChanges(events.items, audit.items, {
      ...(args.flags.node !== undefined ? { node: args.flags.node } : {}),
      ...(times.since !== undefined ? { sinceMs: times.since } : {}),
      ...(times.until !== undefined ? { untilMs: times.until } : {}),
    });
    if (rows.length === 0) {
      err(`plumb history: no changes match in ${topic}\n`);
      return 1;
    }
    if (json)
      out(
        `${JSON.stringify(
          rows.map((r) => ({ ...r, at: iso(r.atMs) })),
          null,
          2,
        )}\n`,
      );
    else
      out(
        renderTable(
          ['TIME', 'NODE', 'WORKLOAD', 'DIMENSION', 'OLD', 'NEW', 'VALUE', 'BY'],
          rows.map((r) => [iso(r.atMs), r.node, r.workload, r.dimension, r.oldHash ?? '-', r.newHash ?? '-', r.value ?? '', r.by]),
        ),
      );
    return broken ? 3 : 0;
  } catch (e) {
    err(`plumb history: cannot read ${topic}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}
