/**
 * Who or what caused a change: the best cause available, or `unknown`. A change event
 * may carry one; the drift explorer shows it as "changed by … at …". Pure.
 */
import { z } from 'zod';

export const ChangeCauseSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('field-manager'),
    manager: z.string().min(1).describe('Kubernetes field manager, e.g. `kubectl-edit`, `helm`.'),
    operation: z.enum(['Apply', 'Update']),
    at: z.string().describe('RFC 3339 time the manager last wrote the field.'),
    subresource: z.string().optional(),
  }),
  z.strictObject({ kind: z.literal('image-digest'), from: z.string().optional(), to: z.string().describe('Image digest now running, `sha256:…`.') }),
  z.strictObject({
    kind: z.literal('package-manager'),
    entry: z.string().max(512).describe('The package-manager log line, e.g. from /var/log/dpkg.log.'),
    at: z.string().optional(),
  }),
  z.strictObject({ kind: z.literal('emr-step'), stepId: z.string().regex(/^s-[A-Z0-9]+$/, 'an EMR step id, e.g. s-2AB3CD4EF5GH') }),
  z.strictObject({ kind: z.literal('unknown') }),
]);

export type ChangeCause = z.infer<typeof ChangeCauseSchema>;

/** "changed by kubectl-edit at 2026-11-30T10:00:00Z", for people. */
export function describeCause(cause: ChangeCause): string {
  switch (cause.kind) {
    case 'field-manager':
      return `changed by ${cause.manager} (${cause.operation}${cause.subresource ? ` ${cause.subresource}` : ''}) at ${cause.at}`;
    case 'image-digest':
      return `image changed${cause.from ? ` from ${cause.from}` : ''} to ${cause.to}`;
    case 'package-manager':
      return `package manager: ${cause.entry}`;
    case 'emr-step':
      return `EMR step ${cause.stepId}`;
    case 'unknown':
      return 'cause unknown';
  }
}

/** The one string that says who or what: the manager, the digest, the log entry, the step id; empty when unknown. */
export function causeBy(cause: ChangeCause): string {
  switch (cause.kind) {
    case 'field-manager':
      return cause.manager;
    case 'image-digest':
      return cause.to;
    case 'package-manager':
      return cause.entry;
    case 'emr-step':
      return cause.stepId;
    case 'unknown':
      return '';
  }
}
