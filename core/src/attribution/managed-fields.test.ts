import { describe, expect, it } from 'vitest';
import { ChangeCauseSchema, describeCause } from './cause';
import { causeFromManagedFields, type ManagedFieldsEntry } from './managed-fields';

const helm: ManagedFieldsEntry = {
  manager: 'helm',
  operation: 'Update',
  time: '2026-11-01T08:00:00Z',
  fieldsV1: { 'f:data': { '.': {}, 'f:tz': {}, 'f:fetch': {} } },
};
const hotfix: ManagedFieldsEntry = { manager: 'kubectl-edit', operation: 'Update', time: '2026-11-30T10:00:00Z', fieldsV1: { 'f:data': { 'f:tz': {} } } };
const labels: ManagedFieldsEntry = { manager: 'argocd', operation: 'Apply', time: '2026-12-01T00:00:00Z', fieldsV1: { 'f:metadata': { 'f:labels': {} } } };

describe('causeFromManagedFields', () => {
  it.each([
    {
      name: 'The latest manager that owns the field is the cause.',
      entries: [helm, hotfix, labels],
      path: ['data', 'tz'],
      want: { kind: 'field-manager', manager: 'kubectl-edit', operation: 'Update', at: '2026-11-30T10:00:00.000Z' },
    },
    {
      name: 'A field only the first manager owns keeps that manager.',
      entries: [helm, hotfix, labels],
      path: ['data', 'fetch'],
      want: { kind: 'field-manager', manager: 'helm', operation: 'Update', at: '2026-11-01T08:00:00.000Z' },
    },
    {
      name: 'A later write to another field is not the cause.',
      entries: [helm, labels],
      path: ['data', 'tz'],
      want: { kind: 'field-manager', manager: 'helm', operation: 'Update', at: '2026-11-01T08:00:00.000Z' },
    },
    { name: 'A field no manager owns has an unknown cause.', entries: [helm], path: ['data', 'other'], want: { kind: 'unknown' } },
    { name: 'An object without managedFields has an unknown cause.', entries: undefined, path: ['data', 'tz'], want: { kind: 'unknown' } },
    { name: 'An entry without a time is not trusted.', entries: [{ ...hotfix, time: undefined }], path: ['data', 'tz'], want: { kind: 'unknown' } },
  ])('$name', ({ entries, path, want }) => {
    expect(causeFromManagedFields(entries, path)).toEqual(want);
  });
});

describe('describeCause', () => {
  it.each([
    {
      cause: { kind: 'field-manager', manager: 'kubectl-edit', operation: 'Update', at: '2026-11-30T10:00:00.000Z' },
      text: 'changed by kubectl-edit (Update) at 2026-11-30T10:00:00.000Z',
    },
    { cause: { kind: 'image-digest', from: 'sha256:aa', to: 'sha256:bb' }, text: 'image changed from sha256:aa to sha256:bb' },
    { cause: { kind: 'emr-step', stepId: 's-2AB3CD4EF5GH' }, text: 'EMR step s-2AB3CD4EF5GH' },
    { cause: { kind: 'unknown' }, text: 'cause unknown' },
  ] as const)('Says "$text".', ({ cause, text }) => {
    expect(describeCause(ChangeCauseSchema.parse(cause))).toBe(text);
  });
  it('An EMR step id of the wrong shape is refused.', () => {
    expect(ChangeCauseSchema.safeParse({ kind: 'emr-step', stepId: 'j-123' }).success).toBe(false);
  });
});
