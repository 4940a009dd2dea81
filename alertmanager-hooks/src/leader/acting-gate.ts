/**
 * Whether this replica may act, and why not: it must hold the lease (see
 * `lease.ts`) and have loaded the complete shared state in its current term.
 * One `round()` renews the lease and, at the start of a term, loads the state;
 * the verdict is logged when it changes and shown on `/readyz`.
 */
import type { SharedState } from '../state/shared-state';
import type { LeaseElector } from './lease';

export type Readiness = { ready: true } | { ready: false; reason: string };

export interface ActingGateOptions {
  elector: LeaseElector | undefined;
  state: SharedState | undefined;
  replica: string;
  log: (msg: string) => void;
  /** A new term with freshly loaded state begins (the worker resumes what is `running`). */
  onNewTerm: () => void;
}

export class ActingGate {
  private said = '';

  constructor(private readonly o: ActingGateOptions) {}

  readiness(): Readiness {
    const { elector, state } = this.o;
    if (elector && !elector.isLeader) return { ready: false, reason: elector.reason };
    const health = state?.health() ?? { ok: true };
    return health.ok ? { ready: true } : { ready: false, reason: health.reason };
  }

  isActing(): boolean {
    return this.readiness().ready;
  }

  /** One lease round (and the state load that starts a term); returns whether the replica acts now. */
  async round(): Promise<boolean> {
    const { elector, state, replica, log } = this.o;
    if (elector) {
      const leads = await elector.tick();
      if (!leads) state?.invalidate(elector.reason);
      else if (state && !state.isLoaded) {
        try {
          const n = await state.load();
          this.o.onNewTerm();
          log(`${replica} loaded the shared state: ${n.alerts} alerts, ${n.actions} actions`);
        } catch (err) {
          log(`${replica} cannot load the shared state: ${(err as Error).message.split('\n')[0]}`);
        }
      }
    }
    const r = this.readiness();
    const verdict = r.ready ? `${replica} is the leader and acts` : `${replica} does not act: ${r.reason}`;
    if (verdict !== this.said) log((this.said = verdict));
    return r.ready;
  }
}
