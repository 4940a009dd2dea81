/** The app's settings, kept in Grafana's plugin settings (jsonData). Tokens live in secureJsonData. */
export interface AppSettings {
  /** Base URL of the remediation handler, e.g. `http://plumb-hooks.plumb:9095`. */
  handlerUrl?: string;
  /** UID of the Prometheus data source that holds the `plumb:*` series. */
  prometheusUid?: string;
  /** Symptoms where a *lower* value is worse (default: higher is worse). */
  lowerIsWorse?: string[];
}

/** Names of the secureJsonData fields, one token per handler role. */
export const SECURE_FIELDS = ['viewerToken', 'operatorToken', 'approverToken'] as const;
export type SecureField = (typeof SECURE_FIELDS)[number];
