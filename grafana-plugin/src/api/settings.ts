/** The app's settings, kept in Grafana's plugin settings (jsonData). Tokens live in secureJsonData. */
export interface AppSettings {
  /** Base URL of the remediation handler, e.g. `http://plumb-hooks.plumb:9095`. */
  handlerUrl?: string;
  /** UID of the Prometheus data source that holds the `plumb:*` series. */
  prometheusUid?: string;
  /** Symptoms where a *lower* value is worse (default: higher is worse). */
  lowerIsWorse?: string[];
}

/**
 * Names of the secureJsonData fields: the one token every plugin route sends. The handler
 * trusts `X-Grafana-User` only on requests carrying it, and maps that person to a role itself.
 */
export const SECURE_FIELDS = ['routeToken'] as const;
export type SecureField = (typeof SECURE_FIELDS)[number];
