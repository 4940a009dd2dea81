/**
 * Turns what the tracker saw into pass/fail checks against each event's `expect`.
 * The run report and the end-to-end test both use these checks.
 */
import type { TruthRecord } from '../world';
import type { EventObservation } from './tracker';

export interface Check {
  event: string;
  what: string;
  ok: boolean;
  detail: string;
}

export function checkEvents(observations: ReadonlyMap<TruthRecord, EventObservation>, unexpected: ReadonlyMap<string, number> = new Map()): Check[] {
  const checks: Check[] = [];
  checks.push({ event: 'fleet', what: 'no drift beyond the injected', ok: unexpected.size === 0, detail: unexpected.size === 0 ? 'every flagged node/dimension was injected' : `unexpected: ${[...unexpected.keys()].slice(0, 5).join('; ')}${unexpected.size > 5 ? ` and ${unexpected.size - 5} more` : ''}` });
  for (const [record, obs] of observations) {
    const e = record.event;
    const add = (what: string, ok: boolean, detail: string) => checks.push({ event: e.name, what, ok, detail });
    const after = (ms: number | undefined) => (ms === undefined ? 'never' : `after ${((ms - record.appliedAtMs) / 1000).toFixed(1)} s`);
    if (record.nodes.length === 0) {
      add('targets nodes', false, 'the selector matched no node');
      continue;
    }
    if (e.action === 'drift' && e.expect.flagged) {
      add('detected', obs.detectedAtMs !== undefined, `${record.nodes.length} node(s) flagged ${after(obs.detectedAtMs)}`);
      if (e.expect.severity) add(`severity ${e.expect.severity}`, obs.severities.size === 1 && obs.severities.has(e.expect.severity), `saw ${[...obs.severities].join(', ') || 'none'}`);
      if (e.expect.playbook) add(`playbook ${e.expect.playbook}`, obs.playbooks.size === 1 && obs.playbooks.has(e.expect.playbook), `saw ${[...obs.playbooks].join(', ') || 'none'}`);
      if (e.expect.flapping) add('flapping marked', obs.flappingAtMs !== undefined, after(obs.flappingAtMs));
      if (e.expect.circuitBreaker) add('widespread alert fired', obs.widespreadAtMs !== undefined, after(obs.widespreadAtMs));
    }
    if (e.action === 'drift' && !e.expect.flagged) add('not flagged (allowed divergence)', obs.wronglyFlagged.size === 0, obs.wronglyFlagged.size === 0 ? `${record.nodes.length} node(s) never flagged` : `flagged: ${[...obs.wronglyFlagged].slice(0, 5).join(', ')}`);
    if ((e.action === 'silence' || e.action === 'fail-collector') && e.expect.unknown !== false) add('shown as unknown', obs.unknownAtMs !== undefined, `${record.nodes.length} node(s) unknown ${after(obs.unknownAtMs)}`);
    if (e.action === 'remove-nodes') add('removed nodes not unknown', obs.removedShownUnknown.size === 0, obs.removedShownUnknown.size === 0 ? `${record.nodes.length} node(s) left cleanly` : `unknown: ${[...obs.removedShownUnknown].join(', ')}`);
    if (e.action === 'add-nodes') add('added nodes compliant', obs.wronglyFlagged.size === 0, obs.wronglyFlagged.size === 0 ? `${record.nodes.length} node(s) joined compliant` : `flagged: ${[...obs.wronglyFlagged].join(', ')}`);
  }
  return checks;
}
