/**
 * Medik8s NodeHealthCheck (`remediation.medik8s.io`, cluster-scoped), pure. For each unhealthy
 * node it creates a remediation CR named after the node from its `remediationTemplate`
 * (`SelfNodeRemediation`, `FenceAgentsRemediation`, `MachineDeletionRemediation`…) and lists
 * it in `status.unhealthyNodes[].remediations[].resource`. A node listed there with a
 * remediation is held by that NodeHealthCheck.
 */
import { z } from 'zod';

export const NHC_GROUP = 'remediation.medik8s.io';

const ResourceRefSchema = z.object({ kind: z.string().optional(), namespace: z.string().optional(), name: z.string().optional() });

const NodeHealthCheckListSchema = z.object({
  items: z.array(
    z.object({
      metadata: z.object({ name: z.string() }),
      status: z
        .object({
          unhealthyNodes: z
            .array(z.object({ name: z.string(), remediations: z.array(z.object({ resource: ResourceRefSchema }).nullable()).nullish() }).nullable())
            .nullish(),
        })
        .nullish(),
    }),
  ),
});

export const nodeHealthChecksPath = (version: string) => `/apis/${NHC_GROUP}/${version}/nodehealthchecks`;

const refText = (r: z.infer<typeof ResourceRefSchema>) => `${r.kind ?? 'remediation'} ${r.namespace ? `${r.namespace}/` : ''}${r.name ?? '?'}`;

/** Node → who holds it, from a NodeHealthCheck list; throws a message naming the field when the list is not one. */
export function nhcHolders(list: unknown): Map<string, string> {
  const parsed = NodeHealthCheckListSchema.safeParse(list);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`NodeHealthCheck list: ${issue.path.join('.')}: ${issue.message}`);
  }
  const holders = new Map<string, string>();
  for (const nhc of parsed.data.items) {
    for (const node of nhc.status?.unhealthyNodes ?? []) {
      const remediations = (node?.remediations ?? []).filter((r) => r !== null);
      if (node === null || remediations.length === 0 || holders.has(node.name)) continue;
      holders.set(node.name, `NodeHealthCheck ${nhc.metadata.name} (${remediations.map((r) => refText(r.resource)).join(', ')})`);
    }
  }
  return holders;
}
