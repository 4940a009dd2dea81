/**
 * quarantine / release: a `NoSchedule` taint plus a label keep new tasks off a
 * node without touching running ones. A merge patch replaces the whole taint
 * list, so each change is read-modify-write guarded by resourceVersion; a 409
 * means someone else wrote first, and the retry re-reads.
 */
import type { V1Node, V1Taint } from '@kubernetes/client-node';
import { mergePatch, NODE_ANNOTATIONS, NODE_LABELS, QUARANTINE_TAINT, type KubeClients } from '../kube/clients';
import { withRetry } from '../kube/retry';
import type { Playbook, PlaybookContext, PlaybookResult } from './types';

export const isQuarantined = (node: V1Node) =>
  (node.spec?.taints ?? []).some((t) => t.key === QUARANTINE_TAINT) && node.metadata?.labels?.[NODE_LABELS.quarantined] === 'true';

export function quarantinePlaybook(kube: KubeClients): Playbook {
  return (ctx) => changeQuarantine(kube, ctx, true);
}

export function releasePlaybook(kube: KubeClients): Playbook {
  return (ctx) => changeQuarantine(kube, ctx, false);
}

async function changeQuarantine(kube: KubeClients, ctx: PlaybookContext, quarantine: boolean): Promise<PlaybookResult> {
  const { action } = ctx;
  return withRetry(async () => {
    const node = await kube.core.readNode({ name: action.node });
    if (isQuarantined(node) === quarantine) {
      return { ok: true, changed: false, detail: `${action.node} already ${quarantine ? 'quarantined' : 'released'}` };
    }
    const others: V1Taint[] = (node.spec?.taints ?? []).filter((t) => t.key !== QUARANTINE_TAINT);
    const taints = quarantine ? [...others, { key: QUARANTINE_TAINT, value: action.severity, effect: 'NoSchedule' }] : others;
    await kube.core.patchNode(
      {
        name: action.node,
        body: {
          metadata: {
            resourceVersion: node.metadata?.resourceVersion,
            labels: { [NODE_LABELS.quarantined]: quarantine ? 'true' : null },
            annotations: { [NODE_ANNOTATIONS.lastAction]: action.id, [NODE_ANNOTATIONS.quarantineAction]: quarantine ? action.id : null },
          },
          spec: { taints },
        },
      },
      mergePatch(),
    );
    return {
      ok: true as const,
      changed: true,
      detail: `${quarantine ? 'tainted' : 'untainted'} ${action.node} (${QUARANTINE_TAINT}=${action.severity}:NoSchedule)`,
    };
  }, ctx.retry);
}
