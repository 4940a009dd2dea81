/**
 * The remediation worker: one round handles new alerts, resumes interrupted
 * actions, evaluates open ones against the guardrails, and verifies finished
 * ones. Only the leader runs rounds.
 */
import { clusterSnapshot, readKuredLock, readNodeHealthChecks } from './cluster-view';
import type { Decision } from '../guardrails/types';
import type { ActionRecord } from '../ledger/action';
import { PLAYBOOK_TRAITS } from '../playbooks/catalog';
import { decide, readSignals, type RoundState } from './context';
import { poolsInService } from './pool-view';
import type { EngineDeps } from './deps';
import { runningTasksByRegion } from './costs';
import { costOf } from './round-costs';
import { escalate, runAction, verifyDue } from './execute';
import { handlePendingAlerts } from './intake';
import { withActionLock } from './action-lock';
import { modeNow, pausedNow } from './hold';
import { expirePauses } from '../pause/commands';

/** A guardrail decision, or a pause holding the action back. */
type RoundDecision = Decision | { allowed: false; checks: Decision['checks']; refusedBy: 'paused'; detail: string; followUp: 'later' };
import { orderQueue } from './queue-order';

export class Worker {
  private readonly inFlight = new Map<string, Promise<void>>();
  private resumed = false;
  private roundRunning: Promise<void> | undefined;
  private lastDeferredCheckMs = Number.NEGATIVE_INFINITY;

  constructor(private readonly deps: EngineDeps) {}

  /** A new term as leader with freshly loaded state: resume the `running` actions it holds. */
  newTerm(): void {
    this.resumed = false;
  }

  /** Runs one round unless one is already running. */
  round(): Promise<void> {
    if (this.roundRunning) return this.roundRunning;
    this.roundRunning = this.doRound().finally(() => (this.roundRunning = undefined));
    return this.roundRunning;
  }

  /** Waits for actions started by earlier rounds (tests and shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0 || this.roundRunning) {
      await Promise.all([...this.inFlight.values(), this.roundRunning]);
    }
  }

  private async doRound(): Promise<void> {
    const { deps } = this;
    if (!this.resumed) this.resumed = await this.resumeInterrupted();
    await expirePauses(deps);
    await handlePendingAlerts(deps);
    // New and approved actions are decided at once; deferred ones every `recheckDeferredEvery`,
    // so a storm of deliveries does not re-evaluate every waiting action in every round.
    const now = deps.now();
    const recheckDeferred = now - this.lastDeferredCheckMs >= deps.config.recheckDeferredEvery;
    if (recheckDeferred) this.lastDeferredCheckMs = now;
    const open = deps.ledger.actionsInState(recheckDeferred ? ['pending', 'deferred', 'approved'] : ['pending', 'approved']);
    if (open.length > 0) {
      await deps.impact?.refresh(open.map((a) => a.region));
      await this.evaluate(orderQueue(open, (a) => deps.impact?.scoreOf(a) ?? 0));
    }
    await verifyDue(deps);
    this.publishBudget();
  }

  /** Actions a crash (or a pause) left `running`: run them again; their playbooks check state first. Paused ones wait. */
  private async resumeInterrupted(): Promise<boolean> {
    let all = true;
    for (const action of this.deps.ledger.actionsInState(['running'])) {
      if (this.inFlight.has(action.id)) continue;
      if (pausedNow(this.deps, action) !== undefined) {
        all = false;
        continue;
      }
      if (modeNow(this.deps, action) !== action.mode) {
        await this.stopInterrupted(action);
        continue;
      }
      await this.deps.audit.record({
        atMs: this.deps.now(),
        actor: this.deps.actor,
        kind: 'action.resumed',
        data: { actionId: action.id, node: action.node, playbook: action.playbook, progress: action.progress },
      });
      this.track(action);
    }
    return all;
  }

  /** An interrupted action whose mode is no longer enforce goes no further; what it did is left to a person. */
  private async stopInterrupted(action: ActionRecord): Promise<void> {
    const { deps } = this;
    const now = deps.now();
    const mode = modeNow(deps, action);
    const detail = `mode is now ${mode} for ${action.region}/${action.workload}: stopped after ${JSON.stringify(action.progress)}; a person decides what remains`;
    await deps.audit.record({
      atMs: now,
      actor: deps.actor,
      kind: 'decision',
      data: { actionId: action.id, node: action.node, result: 'stopped', mode, detail },
    });
    await escalate(deps, action, 'mode-changed', detail);
    deps.ledger.updateAction(action.id, { state: 'escalated', mode, finishedMs: now, detail }, now);
  }

  private async evaluate(open: ActionRecord[]): Promise<void> {
    const { deps } = this;
    const { budget } = deps.config;
    // Without a snapshot, costs are unknown: disruptive actions are refused by the budget, not guessed.
    const snapshot = await clusterSnapshot(deps);
    const round: RoundState = {
      snapshot,
      outOfServiceAdded: new Map(),
      signals: readSignals(deps),
      kured: await readKuredLock(deps),
      nhc: await readNodeHealthChecks(deps),
      inService: await poolsInService(deps, open, snapshot),
    };
    for (const [region, tasks] of runningTasksByRegion(round.snapshot, budget.emrRunningTasks)) {
      deps.metrics.budgetLimit.set({ region }, Math.floor(tasks * budget.maxDisruptedShare * 1000) / 1000);
    }
    const refusals: Promise<void>[] = [];
    // Read once a round: a pause made during the round holds actions from the next one on.
    const pauses = deps.ledger.pauses.all();
    for (const [i, action] of open.entries()) {
      // Let webhook requests in between: a storm must not delay acks behind a long round.
      if (i > 0 && i % 50 === 0) await new Promise((r) => setImmediate(r));
      action.cost = costOf(deps, action, round);
      // The mode is decided again now: a config switched to observe (or dry-run) stops queued enforce actions.
      const mode = modeNow(deps, action);
      if (mode !== action.mode) {
        action.mode = mode;
        deps.ledger.updateAction(action.id, { mode }, deps.now());
      }
      const decided = decide(deps, action, round);
      const { ctx } = decided;
      // A pause holds every action in its scope, whatever the guardrails say; the action waits, deferred, not dropped.
      const paused = pausedNow(deps, action, pauses);
      const decision: RoundDecision =
        paused === undefined ? decided.decision : { allowed: false, checks: decided.decision.checks, refusedBy: 'paused', detail: paused, followUp: 'later' };
      const now = deps.now();
      const record = {
        actionId: action.id,
        mode: action.mode,
        node: action.node,
        region: action.region,
        pool: action.pool,
        workload: action.workload,
        dimension: action.dimension,
        severity: action.severity,
        impact: deps.impact?.scoreOf(action) ?? 0,
        rule: action.rule,
        playbook: action.playbook,
        cost: action.cost,
        requestedBy: action.requestedBy,
        approvedBy: action.approvedBy,
        alert: { fingerprint: action.fingerprint, startsAt: action.startsAt },
        budget: { runningTasks: ctx.budget.runningTasks, usedTasks: ctx.budget.usedTasks, maxShare: ctx.budget.maxShare },
        checks: decision.checks,
      };
      if (!decision.allowed) {
        // A refusal changes nothing the next evaluations read (budget, running), so its
        // record and ledger update overlap with them; the round waits for all before it ends.
        refusals.push(this.recordRefusal(action, decision, record, now));
        continue;
      }
      if (action.mode === 'dry-run') {
        await deps.audit.record({ atMs: now, actor: deps.actor, kind: 'decision', data: { ...record, result: 'would-have-done' } });
        deps.metrics.decisions.inc({ result: 'would-have-done', mode: 'dry-run' });
        deps.ledger.updateAction(action.id, { state: 'dry-run', startedMs: now, finishedMs: now, cost: action.cost }, now);
        continue;
      }
      // Durable before anything changes: the audit record first, then the ledger (and the shared state), then the playbook.
      // Under the action's lock, and only if no one (reject, cancel) changed it since it was read.
      const started = await withActionLock(action.id, async () => {
        if (deps.ledger.getAction(action.id)?.state !== action.state) return false;
        await deps.audit.record({ atMs: now, actor: deps.actor, kind: 'decision', data: { ...record, result: 'allowed' } });
        await deps.audit.record({ atMs: now, actor: deps.actor, kind: 'action.started', data: { ...record, result: 'started' } });
        deps.ledger.updateAction(action.id, { state: 'running', startedMs: now, cost: action.cost }, now, true);
        return true;
      });
      if (!started) continue;
      deps.metrics.decisions.inc({ result: 'allowed', mode: 'enforce' });
      // Counted under the pool the guardrail judged (the node's own when the alert has none).
      if (PLAYBOOK_TRAITS[action.playbook].removesCapacity)
        round.outOfServiceAdded.set(ctx.action.pool, (round.outOfServiceAdded.get(ctx.action.pool) ?? new Set<string>()).add(action.node));
      this.track({ ...action, state: 'running', startedMs: now });
    }
    await Promise.all(refusals);
  }

  /** Records a refusal, then updates the ledger: audit first, so a crash repeats a record rather than losing one. */
  private async recordRefusal(
    action: ActionRecord,
    decision: Extract<RoundDecision, { allowed: false }>,
    record: Record<string, unknown>,
    now: number,
  ): Promise<void> {
    const { deps } = this;
    const refusal = `${decision.refusedBy}: ${decision.detail}`;
    if (decision.followUp === 'later') {
      // Re-evaluated every round; recorded when the reason changes, not every round.
      if (action.lastRefusal?.split(':')[0] !== decision.refusedBy) {
        await deps.audit.record({
          atMs: now,
          actor: deps.actor,
          kind: 'decision',
          data: { ...record, result: 'deferred', refusedBy: decision.refusedBy, detail: decision.detail },
        });
        deps.metrics.refusals.inc({ guardrail: decision.refusedBy });
        deps.metrics.decisions.inc({ result: 'deferred', mode: action.mode });
      }
      deps.ledger.updateAction(action.id, { state: 'deferred', lastRefusal: refusal, cost: action.cost }, now);
      return;
    }
    await deps.audit.record({
      atMs: now,
      actor: deps.actor,
      kind: 'decision',
      data: { ...record, result: 'refused', refusedBy: decision.refusedBy, detail: decision.detail },
    });
    deps.metrics.refusals.inc({ guardrail: decision.refusedBy });
    deps.metrics.decisions.inc({ result: 'refused', mode: action.mode });
    const final = decision.followUp === 'escalate' ? 'escalated' : decision.refusedBy === 'mode' ? 'observed' : 'refused';
    if (decision.followUp === 'escalate') await escalate(deps, action, decision.refusedBy, decision.detail);
    deps.ledger.updateAction(action.id, { state: final, lastRefusal: refusal, finishedMs: now, cost: action.cost }, now);
  }

  private track(action: ActionRecord): void {
    const p = runAction(this.deps, action).finally(() => {
      this.inFlight.delete(action.id);
      // Still running after its run (its outcome could not be recorded): try again next round.
      if (this.deps.ledger.getAction(action.id)?.state === 'running' && (this.deps.isActing?.() ?? true)) this.resumed = false;
    });
    this.inFlight.set(action.id, p);
  }

  private publishBudget(): void {
    const { deps } = this;
    const since = deps.now() - deps.config.budget.window;
    const regions = new Set(deps.ledger.listActions({ limit: 1000 }).map((a) => a.region));
    for (const region of regions) {
      deps.metrics.budgetUsed.set({ region, class: 'enforce' }, deps.ledger.usedBudget(region, since, false));
      deps.metrics.budgetUsed.set({ region, class: 'dry-run' }, deps.ledger.usedBudget(region, since, true));
    }
  }
}
