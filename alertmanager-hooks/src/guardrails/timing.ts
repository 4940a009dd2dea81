/** Guardrails about when: maintenance windows, per-node cool-down and attempt caps. */
import { allow, refuse, type Guardrail } from './types';

/** Disruptive playbooks run only inside a maintenance window, when windows are configured. */
export const maintenanceWindowGuardrail: Guardrail = (ctx) => {
  if (!ctx.disruptive) return allow('maintenance-window', 'not disruptive');
  if (!ctx.window.configured) return allow('maintenance-window', 'no windows configured: always open');
  return ctx.window.open ? allow('maintenance-window', ctx.window.detail) : refuse('maintenance-window', ctx.window.detail, 'later');
};

/** A node that was just acted on is left alone for a while, so effects can settle. */
export const coolDownGuardrail: Guardrail = (ctx) => {
  const { lastActionOnNodeMs, perNodeMs } = ctx.cooldown;
  if (lastActionOnNodeMs === undefined) return allow('cool-down', 'no recent action on the node');
  const elapsed = ctx.nowMs - lastActionOnNodeMs;
  const detail = `last action on ${ctx.action.node} ${Math.round(elapsed / 1000)} s ago (cool-down ${perNodeMs / 1000} s)`;
  return elapsed >= perNodeMs ? allow('cool-down', detail) : refuse('cool-down', detail, 'later');
};

/** After `maxAttempts` actions on a node, a person takes over: the handler never loops. */
export const attemptCapGuardrail: Guardrail = (ctx) => {
  const { attempts, maxAttempts } = ctx.cooldown;
  const detail = `${attempts} of ${maxAttempts} attempts used on ${ctx.action.node}`;
  return attempts < maxAttempts ? allow('attempt-cap', detail) : refuse('attempt-cap', detail, 'escalate');
};
