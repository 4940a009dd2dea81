import { describe, expect, it } from 'vitest';
import { HandlerConfigSchema } from './schema';
import { withReplicaFromEnv } from './replica-from-env';

const base = HandlerConfigSchema.parse({ replica: 'from-file', ledgerPath: 'l.db', auditPath: 'a.jsonl', auth: { webhook: { bearer: { env: 'T' } } } });

describe('withReplicaFromEnv', () => {
  it.each([
    { name: 'The pod name in PLUMB_HOOKS_REPLICA names the replica.', env: { PLUMB_HOOKS_REPLICA: 'plumb-hooks-7d9-x2' }, want: 'plumb-hooks-7d9-x2' },
    { name: 'Without the variable the file names the replica.', env: {}, want: 'from-file' },
    { name: 'A blank variable is ignored.', env: { PLUMB_HOOKS_REPLICA: '  ' }, want: 'from-file' },
  ])('$name', ({ env, want }) => expect(withReplicaFromEnv(base, env).replica).toBe(want));
});
