/** Gathers the guardrail context for one action from the ledger, the snapshot and the config. */
import { evaluateGuardrails } from '../guardrails/evaluate';
import type { Decision, GuardrailContext } from '../guardrails/types';
import { windowStatus } from '../guardrails/windows';
import type { ClusterSnapshot } from '../kube/snapshot';
import type { ActionRecord } from '../ledger/action';
import type { StoredAlert } from '../ledger/ledger';
import { PLAYBOOK_TRAITS } from '../playbooks/catalog';
import { otherRemediator, poolSize } from './pool-view';
import { runningTasksByRegion } from './costs';
import type { EngineDeps } from './deps';
import { ALERT } from '@plumb/core/contract';

/** Per-round bookkeeping: what is read once per round, and effects the snapshot cannot show yet. */
export interface RoundState {
  snapshot: ClusterSnapshot | undefined;
  /** Pool → nodes taken out of service this round (counted once with the ledger's in-flight actions). */
  outOfServiceAdded: Map<string, Set<string>>;
  /** Firing symptom SLO and widespread-drift alerts, read once per round. */
  signals: { blocking: StoredAlert[]; widespread: StoredAlert[] };
  /** The node kured's lock holds, read once per round; `error` when it could not be read (then every node counts as held). */
  kured?: { node: string | undefined; error?: string | undefined } | undefined;
  /** Node → the NodeHealthCheck remediating it, read once per round; `error` when they could not be read (then every node counts as held). */
  nhc?: { holders: ReadonlyMap<string, string>; error?: string | undefined } | undefined;
  /** Pools outside Kubernetes → nodes Prometheus shows in service (reporting, not unknown); absent when it cannot say. */
  inService?: Map<string, number> | undefined;
}

export function readSignals(deps: EngineDeps): RoundState['signals'] {
  const now = deps.now();
  return { blocking: deps.ledger.firingAlerts(ALERT.symptomSLOBreach, now), widespread: deps.ledger.firingAlerts(ALERT.widespreadDrift, now) };
}

/** Signal alerts of a region (an alert without a region applies everywhere), named for the record. */
function signalsIn(alerts: readonly StoredAlert[], region: string): string[] {
  return alerts
    .filter((a) => a.labels.region === region || a.labels.region === undefined)
    .map((a) => {
      const what = a.labels.symptom ?? (a.labels.workload ? `${a.labels.workload}/${a.labels.dimension}` : undefined);
      return what ? `${a.labels.alertname}{${what}}` : a.labels.alertname!;
    });
}

export function guardrailContext(deps: EngineDeps, action: ActionRecord, round: RoundState): GuardrailContext {
  const { config, ledger } = deps;
  const now = deps.now();
  const traits = PLAYBOOK_TRAITS[action.playbook];
  const dryRun = action.mode === 'dry-run';
  // The alert's pool label, or else the node's own (plumb.dev/pool) from the cluster.
  const poolName = action.pool || round.snapshot?.nodes.get(action.node)?.pool || '';
  const pool = poolSize(deps, { ...action, pool: poolName }, round);
  const snapNode = round.snapshot?.nodes.get(action.node);
  const history = ledger.nodeHistory(action.node, now - config.cooldown.attemptsWindow, action.id);
  return {
    nowMs: now,
    mode: action.mode,
    action: {
      id: action.id,
      node: action.node,
      region: action.region,
      pool: poolName,
      workload: action.workload,
      playbook: action.playbook,
      cost: action.cost,
      requestedBy: action.requestedBy,
      approvalRequired: action.approvalRequired,
      // A dry run never waits for a person; the record says approval would have been requested.
      approvedBy: action.approvedBy ?? (dryRun && action.approvalRequired ? '(approval would be requested)' : undefined),
    },
    disruptive: traits.disruptive,
    removesCapacity: traits.removesCapacity,
    budget: {
      maxShare: config.budget.maxDisruptedShare,
      windowMs: config.budget.window,
      runningTasks: runningTasksByRegion(round.snapshot, config.budget.emrRunningTasks).get(action.region) ?? 0,
      usedTasks: ledger.usedBudget(action.region, now - config.budget.window, dryRun),
    },
    quarantine: { cap: config.quarantineCap, poolNodes: pool.nodes, poolOutOfService: pool.outOfService },
    health: {
      minHealthy: config.minHealthy.pools[poolName] ?? config.minHealthy.default,
      poolNodes: pool.nodes,
      healthy: pool.healthy,
      nodeHealthy: pool.nodeHealthy,
    },
    otherRemediator: otherRemediator(action.node, snapNode?.heldBy, round.kured, round.nhc),
    concurrency: { limit: config.concurrencyPerRegion, running: dryRun ? 0 : ledger.runningCount(action.region) },
    window: windowStatus(config.windows, action.region, now),
    blockingAlerts: signalsIn(round.signals.blocking, action.region),
    breaker: {
      widespreadAlerts: signalsIn(round.signals.widespread, action.region),
      failureRate: config.breaker.failureRate,
      minActions: config.breaker.minActions,
      windowMs: config.breaker.window,
      cooldownMs: config.breaker.cooldown,
      // A longer look back than the window: the last failure before it still sets the cool-down.
      outcomes: ledger.breakerOutcomes(action.region, now - config.breaker.window - config.breaker.cooldown),
      inFlightStartedMs: ledger.inFlightStarts(action.region),
    },
    cooldown: {
      perNodeMs: config.cooldown.perNode,
      // A rollback undoes an earlier action on purpose; cool-down and attempt caps do not apply to it.
      lastActionOnNodeMs: action.inverseOf ? undefined : history.lastStartedMs,
      attempts: action.inverseOf ? 0 : history.attempts,
      maxAttempts: config.cooldown.maxAttempts,
    },
  };
}

export function decide(deps: EngineDeps, action: ActionRecord, round: RoundState): { decision: Decision; ctx: GuardrailContext } {
  const ctx = guardrailContext(deps, action, round);
  return { decision: evaluateGuardrails(ctx), ctx };
}
