/**
 * Monitor messages: what a person reads, a runbook link, and the `@webhook-` handle
 * that routes every transition (alert, re-notification, recovery) to plumb-hooks.
 */

export interface MessageParts {
  summary: string;
  detail: string;
  runbook: string;
  webhook: string;
}

export function monitorMessage(p: MessageParts): string {
  return [p.summary, '', p.detail, '', `Runbook: ${p.runbook}`, '', `@webhook-${p.webhook}`].join('\n');
}

/** Runbook base without a trailing slash. */
export function runbookBase(url: string): string {
  return url.replace(/\/+$/, '');
}
