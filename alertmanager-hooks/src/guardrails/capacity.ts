/** Guardrails that bound how much of the platform may be affected at once. */
import { allow, refuse, type Guardrail } from './types';

/**
 * At most `maxShare` of the region's running tasks may be disrupted within the
 * rolling window. Counted in tasks (weighted pods), not nodes: draining a node full
 * of executors costs more than one with a single dbt pod.
 */
export const disruptionBudgetGuardrail: Guardrail = (ctx) => {
  const { maxShare, runningTasks, usedTasks, windowMs } = ctx.budget;
  const cost = ctx.action.cost;
  if (!ctx.disruptive || cost === 0) return allow('disruption-budget', 'disrupts no running task');
  const limit = Math.floor(runningTasks * maxShare * 1000) / 1000;
  const detail = `used ${usedTasks} + ${cost} of ${limit} tasks (${maxShare * 100}% of ${runningTasks} running) per ${windowMs / 60000} min`;
  return usedTasks + cost <= limit ? allow('disruption-budget', detail) : refuse('disruption-budget', detail, 'later');
};

/**
 * No more than `cap` of a pool may be out of scheduling (quarantined or drained). A node
 * whose pool is unknown, or a pool of no known size, cannot be checked: that is a
 * labelling problem for a person, said plainly, not a deferral that waits forever.
 */
export const quarantineCapGuardrail: Guardrail = (ctx) => {
  if (!ctx.removesCapacity) return allow('quarantine-cap', 'keeps the node schedulable');
  const { cap, poolNodes, poolOutOfService } = ctx.quarantine;
  if (ctx.action.pool === '')
    return refuse(
      'quarantine-cap',
      `no pool: node ${ctx.action.node} has no plumb.dev/pool label and the alert carries none, so the pool cap cannot be checked`,
      'escalate',
    );
  if (poolNodes === 0)
    return refuse(
      'quarantine-cap',
      `no pool size: no node carries plumb.dev/pool=${ctx.action.pool} and poolSizes has no entry for it, so the pool cap cannot be checked`,
      'escalate',
    );
  const limit = Math.floor(poolNodes * cap);
  const detail = `${poolOutOfService} + 1 of ${poolNodes} nodes of pool ${ctx.action.pool} out of service (cap ${limit})`;
  return poolOutOfService + 1 <= limit ? allow('quarantine-cap', detail) : refuse('quarantine-cap', detail, 'later');
};

/**
 * At least `minHealthy` of a pool's nodes stay healthy (Ready and in service) after the
 * action, as NodeHealthCheck's `minHealthy`: when a pool is already short of healthy
 * nodes, taking one more out makes things worse, whatever the drift.
 */
export const minHealthyGuardrail: Guardrail = (ctx) => {
  const { minHealthy, poolNodes, healthy, nodeHealthy } = ctx.health;
  if (!ctx.removesCapacity || minHealthy === 0) return allow('min-healthy', minHealthy === 0 ? 'minHealthy not set' : 'keeps the node in service');
  if (poolNodes === 0) return refuse('min-healthy', `no known size for pool ${ctx.action.pool}: its health cannot be checked`, 'escalate');
  const after = healthy - (nodeHealthy ? 1 : 0);
  const need = Math.ceil(poolNodes * minHealthy);
  const detail = `${after} of ${poolNodes} nodes of pool ${ctx.action.pool} healthy after the action (minHealthy ${Math.round(minHealthy * 100)}% = ${need})`;
  return after >= need ? allow('min-healthy', detail) : refuse('min-healthy', detail, 'later');
};

/** At most `limit` actions run at once in a region. */
export const concurrencyGuardrail: Guardrail = (ctx) => {
  const { limit, running } = ctx.concurrency;
  const detail = `${running} of ${limit} actions running in ${ctx.action.region}`;
  return running < limit ? allow('concurrency', detail) : refuse('concurrency', detail, 'later');
};
