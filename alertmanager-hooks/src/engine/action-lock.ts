/**
 * One state transition of an action at a time. Approve, reject, cancel,
 * rollback and the worker's move to `running` each read the state, write an
 * audit record and update the ledger; without this, two of them could both see
 * `awaiting-approval` and both act (a rejected action approved and run, with
 * both outcomes audited). Inside the lock each re-reads the state it relies on.
 */
const held = new Map<string, Promise<unknown>>();

export async function withActionLock<T>(id: string, fn: () => Promise<T>): Promise<T> {
  const before = held.get(id) ?? Promise.resolve();
  const run = before.catch(() => {}).then(fn);
  const tail = run.catch(() => {});
  held.set(id, tail);
  try {
    return await run;
  } finally {
    if (held.get(id) === tail) held.delete(id);
  }
}
