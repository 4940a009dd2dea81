/**
 * Reading every selected region's handler at once for the global view. A region whose
 * handler does not answer is reported as unavailable, with its error: its approvals,
 * budget and audit are unknown, never silently an empty list.
 */
import type { Region } from './regions';

export interface Gathered<T> {
  /** Results of the regions that answered, each with its region. */
  byRegion: { region: Region; value: T }[];
  /** Regions that did not answer. */
  unavailable: { region: Region; error: Error }[];
}

export async function gatherRegions<T>(regions: Region[], load: (region: Region) => Promise<T>): Promise<Gathered<T>> {
  const settled = await Promise.allSettled(regions.map((r) => load(r)));
  const out: Gathered<T> = { byRegion: [], unavailable: [] };
  settled.forEach((s, i) => {
    const region = regions[i] as Region;
    if (s.status === 'fulfilled') out.byRegion.push({ region, value: s.value });
    else out.unavailable.push({ region, error: s.reason instanceof Error ? s.reason : new Error(String(s.reason)) });
  });
  return out;
}
