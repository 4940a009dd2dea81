/** Everything the engine needs, injected so tests can drive it in-process. */
import type { AuditLog } from '../audit/log';
import type { HandlerConfig } from '../config/schema';
import type { KubeClients } from '../kube/clients';
import type { WorkloadSelectors } from '../kube/tasks';
import type { Ledger } from '../ledger/ledger';
import type { HandlerMetrics } from '../metrics/metrics';
import type { PlaybookRegistry } from '../playbooks/registry';
import type { PrometheusVerifier } from '../verify/prometheus';
import type { RulePlaybook } from './plan';
import type { SharedState } from '../state/shared-state';
import type { ClusterCache } from '../kube/cluster-cache';
import type { ImpactScores } from './impact-scores';

export interface EngineDeps {
  config: HandlerConfig;
  ledger: Ledger;
  audit: AuditLog;
  metrics: HandlerMetrics;
  /** Absent: costs and pool sizes are unknown, so disruptive playbooks are refused by the budget. */
  kube: KubeClients | undefined;
  playbooks: PlaybookRegistry;
  verifier: PrometheusVerifier;
  selectors: WorkloadSelectors;
  /** Rule id → playbook from the spec, for alerts that carry no playbook label. */
  rules: ReadonlyMap<string, RulePlaybook>;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** `plumb-hooks/<replica>`: the requester of automatic actions. */
  actor: string;
  /** Operational log (stderr); never given a secret. */
  log: (msg: string) => void;
  /** Pods and nodes from a watch (absent: listed when needed). */
  cluster?: ClusterCache | undefined;
  /** The shared state behind the ledger (several replicas); absent for a single replica. */
  state?: SharedState | undefined;
  /** True while this replica holds the lease and a complete, writable state; checked before every side effect. */
  isActing?: () => boolean;
  /** Measured impact per drifted node, for the queue order; absent: severity and age decide. */
  impact?: ImpactScores | undefined;
}
