/** One region: its Prometheus and its handler (route slot = position in `regions`). */
export interface RegionSettings {
  /** Region name as the series' `region` label has it, e.g. `eu-west-1`. */
  name: string;
  /** UID of the region's Prometheus data source. */
  prometheusUid: string;
  /** Base URL of the region's plumb-hooks, e.g. `http://plumb-hooks.plumb-eu-west-1:9095`. */
  handlerUrl: string;
}

/** The app's settings, kept in Grafana's plugin settings (jsonData). Tokens live in secureJsonData. */
export interface AppSettings {
  /**
   * Every region, each with its own Prometheus and handler (at most 4, the plugin's route
   * slots). The region selector lists them; the global view reads them all.
   */
  regions?: RegionSettings[];
  /** Base URL of the remediation handler when there is one region and no `regions` list. */
  handlerUrl?: string;
  /** Name of that single region (default `default`). */
  regionName?: string;
  /**
   * UID of the Prometheus data source for the global view: the global Prometheus that
   * federates every region's `plumb:*` rollups (or the one region's Prometheus).
   */
  prometheusUid?: string;
  /** Symptoms where a *lower* value is worse (default: higher is worse). */
  lowerIsWorse?: string[];
}

/**
 * Names of the secureJsonData fields: the one token every plugin route sends. The handler
 * trusts `X-Grafana-User` only on requests carrying it, and maps that person to a role itself.
 * With `regions`, region slot N has its own (each region's handler has its own Secret):
 * `r<N>RouteToken` (plugin.json routes `hooks-r<N>`, `hooks-approve-r<N>`, …).
 */
export const SECURE_FIELDS = ['routeToken'] as const;
export type SecureField = (typeof SECURE_FIELDS)[number];
