/**
 * Regions as the app sees them: each region has its own Prometheus and its own plumb-hooks
 * (regions work alone), and the app reads them one at a time or all together (the global
 * view). Pure: no Grafana calls here.
 *
 * A region's handler is reached through numbered plugin routes (`hooks-r<slot>`, see
 * plugin.json): Grafana's app routes are static, so jsonData.regions[slot] feeds route slot
 * `slot`. Without `regions`, the single handler of `handlerUrl` is the one region.
 */
import { HANDLER_PROXY, PLUGIN_ID } from '../constants';
import type { AppSettings } from './settings';

/** How many regions the plugin's routes can address (route slots in plugin.json). */
export const MAX_REGIONS = 4;

/** The URL parameter naming the selected region; absent means the global view. */
export const REGION_PARAM = 'region';

export interface Region {
  name: string;
  /** UID of the region's Prometheus data source. */
  prometheusUid: string;
  /** Plugin-proxy base URLs of the region's handler, one per RBAC action (all send the region's route token). */
  routes: { read: string; approve: string; rollback: string; pause: string };
}

export type RegionSelection = { kind: 'global' } | { kind: 'region'; region: Region } | { kind: 'unknown'; name: string };

const proxy = (route: string) => `/api/plugin-proxy/${PLUGIN_ID}/${route}`;

/** The handler routes of route slot `slot`, or the single-handler routes. */
export function handlerRoutes(slot: number | undefined): Region['routes'] {
  if (slot === undefined) return HANDLER_PROXY;
  return {
    read: proxy(`hooks-r${slot}`),
    approve: proxy(`hooks-approve-r${slot}`),
    rollback: proxy(`hooks-rollback-r${slot}`),
    pause: proxy(`hooks-pause-r${slot}`),
  };
}

/** Every configured region, in the configured order (at most {@link MAX_REGIONS}). */
export function regionsOf(settings: AppSettings): Region[] {
  if (settings.regions && settings.regions.length > 0) {
    return settings.regions.slice(0, MAX_REGIONS).map((r, slot) => ({ name: r.name, prometheusUid: r.prometheusUid, routes: handlerRoutes(slot) }));
  }
  return [{ name: settings.regionName ?? 'default', prometheusUid: settings.prometheusUid ?? '', routes: handlerRoutes(undefined) }];
}

/** The selection a URL parameter names. A name no region has is `unknown`, never the global view. */
export function selectRegion(regions: Region[], param: string | null | undefined): RegionSelection {
  if (param === null || param === undefined || param === '') return { kind: 'global' };
  const region = regions.find((r) => r.name === param);
  return region ? { kind: 'region', region } : { kind: 'unknown', name: param };
}

/** The regions a selection covers. */
export function regionsIn(selection: RegionSelection, regions: Region[]): Region[] {
  return selection.kind === 'global' ? regions : selection.kind === 'region' ? [selection.region] : [];
}

/**
 * The Prometheus data source for a selection: the region's own, or for the global view the
 * global Prometheus that federates every region's `plumb:*` rollups (`prometheusUid`).
 */
export function prometheusFor(selection: RegionSelection, settings: AppSettings): string | undefined {
  if (selection.kind === 'region') return selection.region.prometheusUid;
  if (selection.kind === 'unknown') return undefined;
  return settings.prometheusUid ?? (settings.regions?.length === 1 ? settings.regions[0]?.prometheusUid : undefined);
}
