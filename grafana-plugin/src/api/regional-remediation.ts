/**
 * The remediation state of the selected regions, read from each region's handler and put
 * together for one view: actions and approvals keep the region whose handler owns them (so
 * a decision goes back to that handler), budgets are per region already, and each region's
 * audit chain is checked on its own (chains are per handler, never merged). Pauses and the
 * signed-in person's role are per region too: each handler has its own pauses and its own
 * `auth.grafana` lists, so a person may approve in one region and only read in another.
 */
import { checkChain, type AuditRecordView } from '../audit/chainCheck';
import { gatherRegions } from './gather';
import { getBudget, listActions, listApprovals, listAudit, listPauses, whoAmI, type ActionView, type BudgetView, type PauseView, type WhoAmI } from './handler';
import type { Region } from './regions';

export interface Owned<T> {
  region: Region;
  item: T;
}

export interface RemediationView {
  actions: Owned<ActionView>[];
  approvals: Owned<ActionView>[];
  budget: BudgetView[];
  audit: Owned<AuditRecordView>[];
  chains: { region: Region; chain: Awaited<ReturnType<typeof checkChain>> }[];
  pauses: Owned<PauseView>[];
  /** Who each region's handler says the signed-in user is; undefined when it did not name them. */
  identities: { region: Region; me: WhoAmI | undefined }[];
  /** Regions whose handler did not answer: their state is unknown. */
  unavailable: { region: Region; error: Error }[];
}

async function loadRegion(r: Region) {
  const [actions, approvals, budget, audit, pauses] = await Promise.all([
    listActions(r.routes),
    listApprovals(r.routes),
    getBudget(r.routes),
    listAudit(200, r.routes),
    listPauses(r.routes),
  ]);
  // Unknown identity shows no write buttons for this region (its handler would refuse anyway).
  const me = await whoAmI(r.routes).catch(() => undefined);
  return { actions, approvals, budget, audit, pauses, me, chain: await checkChain(audit) };
}

const own = <T>(region: Region, items: T[]): Owned<T>[] => items.map((item) => ({ region, item }));

/** Reads every region; throws only when no region answered (then there is nothing to show). */
export async function loadRemediation(regions: Region[]): Promise<RemediationView> {
  const g = await gatherRegions(regions, loadRegion);
  if (g.byRegion.length === 0 && g.unavailable[0]) throw g.unavailable[0].error;
  const flat = <T>(pick: (v: Awaited<ReturnType<typeof loadRegion>>) => T[]) => g.byRegion.flatMap(({ region, value }) => own(region, pick(value)));
  return {
    actions: flat((v) => v.actions).sort((a, b) => b.item.updatedMs - a.item.updatedMs),
    approvals: flat((v) => v.approvals).sort((a, b) => a.item.createdMs - b.item.createdMs),
    budget: g.byRegion.flatMap(({ value }) => value.budget),
    audit: flat((v) => v.audit).sort((a, b) => a.item.atMs - b.item.atMs),
    chains: g.byRegion.map(({ region, value }) => ({ region, chain: value.chain })),
    pauses: flat((v) => v.pauses),
    identities: g.byRegion.map(({ region, value }) => ({ region, me: value.me })),
    unavailable: g.unavailable,
  };
}
