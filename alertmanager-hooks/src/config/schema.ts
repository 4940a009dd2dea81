/**
 * The handler's own configuration file (YAML). Secrets (tokens, passwords) are
 * never written in it: it names the env var or file that holds each one.
 */
import { z } from 'zod';
import { MODES, ROLES } from '@plumb/core/contract/handler-api';

export { MODES, ROLES, type Mode, type Role } from '@plumb/core/contract/handler-api';

const durationMs = z
  .string()
  .regex(/^\d+(ms|s|m|h|d)$/, 'a duration such as 30s, 5m or 1h')
  .transform((s) => {
    const m = /^(\d+)(ms|s|m|h|d)$/.exec(s)!;
    const unit = { ms: 1, s: 1e3, m: 60e3, h: 3600e3, d: 86400e3 }[m[2] as 'ms'];
    return Number(m[1]) * unit;
  })
  .describe('A duration such as `30s`, `5m`, `1h`; parsed to milliseconds.');

/** A secret is referenced, never inlined: the value comes from an env var or a file. */
const secretRef = z
  .strictObject({
    env: z.string().optional().describe('Env var holding the secret, e.g. `PLUMB_HOOKS_TOKEN`.'),
    file: z.string().optional().describe('File holding the secret (trailing newline ignored), e.g. `/etc/plumb/hooks-token`.'),
  })
  .refine((r) => r.env !== undefined || r.file !== undefined, 'give env or file');

const ModeRuleSchema = z.strictObject({
  region: z.string().default('*').describe('Region or `*`, e.g. `eu-west-1`.'),
  workload: z.string().default('*').describe('Workload type or `*`, e.g. `spark-streaming`.'),
  mode: z.enum(MODES),
});

const TaskWeightSchema = z.strictObject({
  podLabels: z.record(z.string(), z.string()).describe('Labels a pod must carry, e.g. `{spark-role: executor}`.'),
  tasks: z.number().min(0).describe('Tasks one such pod counts for, e.g. `16` Airflow slots per worker pod.'),
});

const WindowSchema = z.strictObject({
  cron: z.string().describe('Cron expression of the window start, e.g. `0 1 * * *`.'),
  durationMinutes: z.number().int().min(1).describe('How long the window stays open, e.g. `240`.'),
  tz: z.string().default('UTC').describe('IANA time zone, e.g. `Europe/Dublin`.'),
  regions: z.array(z.string()).optional().describe('Regions it applies to; default: every region.'),
});

export const HandlerConfigSchema = z.strictObject({
  replica: z.string().default('plumb-hooks-0').describe('Name of this replica; the actor in audit records.'),
  listen: z
    .strictObject({ host: z.string().default('127.0.0.1'), port: z.number().int().min(0).max(65535).default(9096) })
    .default({ host: '127.0.0.1', port: 9096 }),
  bodyLimit: z.string().default('1mb').describe('Largest webhook body accepted, e.g. `1mb`.'),
  ledgerPath: z.string().describe('SQLite ledger file, e.g. `/var/lib/plumb-hooks/ledger.db`.'),
  auditPath: z.string().describe('Hash-chained JSON-lines audit file, e.g. `/var/lib/plumb-hooks/audit.jsonl`.'),
  specPath: z.string().optional().describe('Desired-state spec; when given, its playbooks fill in alerts that carry none.'),
  alertmanagerUrl: z.string().url().optional().describe('Alertmanager base URL, used to read truncated groups, e.g. `http://alertmanager:9093`.'),
  identity: z
    .strictObject({
      allowWithoutDiscovery: z
        .boolean()
        .default(false)
        .describe(
          'Act on drift alerts that carry no discovery identity (`sd_node`). Off by default: such alerts are refused (`refusedBy: identity`). Set it only while the scrape configuration that sets `sd_*` rolls out.',
        ),
    })
    .default({ allowWithoutDiscovery: false })
    .describe("The node an alert names must be the scrape target's node as service discovery saw it (`sd_node`); a mismatch is always refused."),
  prometheus: z
    .strictObject({
      url: z.string().url().optional().describe('Default Prometheus base URL.'),
      regions: z.record(z.string(), z.string().url()).default({}).describe('Prometheus per region, e.g. `{eu-west-1: http://prom-eu:9090}`.'),
    })
    .default({ regions: {} }),
  kube: z
    .strictObject({
      enabled: z
        .boolean()
        .default(true)
        .describe(
          '`false` runs without Kubernetes (EMR-only fleets, the local stack): running tasks and pool sizes then come from `budget.emrRunningTasks` and `poolSizes`, and Kubernetes playbooks fail with "Kubernetes is not configured" (dry-run and observe never call them).',
        ),
      kubeconfig: z.string().optional().describe('Kubeconfig path; default: in-cluster, then `~/.kube/config`.'),
    })
    .default({ enabled: true }),
  leaderElection: z
    .strictObject({
      enabled: z
        .boolean()
        .default(false)
        .describe(
          'Several replicas, one leader through a Lease. Needs Kubernetes (`kube.enabled`); the shared state (ConfigMaps) lives in the same namespace.',
        ),
      namespace: z.string().default('plumb').describe('Namespace of the Lease and of the shared-state ConfigMaps; it must exist.'),
      leaseName: z.string().default('plumb-hooks'),
      leaseDuration: durationMs
        .default(15_000)
        .describe('How long another replica waits, on its own monotonic clock, after the lease last changed before taking over.'),
      renewDeadline: durationMs
        .default(10_000)
        .describe('The leader stops acting this long after the start of its last successful renewal; shorter than `leaseDuration`.'),
      renewEvery: durationMs.default(2_000).describe('Renewal interval; shorter than `renewDeadline`.'),
    })
    .refine((l) => l.renewEvery < l.renewDeadline && l.renewDeadline < l.leaseDuration, {
      message: 'need renewEvery < renewDeadline < leaseDuration, so a leader stops before another may start',
      path: ['renewDeadline'],
    })
    .default({ enabled: false, namespace: 'plumb', leaseName: 'plumb-hooks', leaseDuration: 15_000, renewDeadline: 10_000, renewEvery: 2_000 }),
  auth: z.strictObject({
    webhook: z
      .strictObject({
        bearer: secretRef.optional().describe('Bearer token Alertmanager sends (`http_config.authorization`).'),
        basic: z.strictObject({ username: z.string(), password: secretRef }).optional().describe('Basic auth (`http_config.basic_auth`).'),
      })
      .refine((w) => w.bearer !== undefined || w.basic !== undefined, 'the webhook needs bearer or basic auth'),
    datadog: z
      .strictObject({
        bearer: secretRef.describe('Secret Datadog sends as `Authorization: Bearer …` (a custom header of its webhook); not the Alertmanager one.'),
      })
      .optional()
      .describe('Enables POST /hooks/datadog for Datadog monitor notifications.'),
    apiTokens: z
      .array(z.strictObject({ name: z.string().min(1).describe('Who holds it, e.g. `jane.doe`.'), role: z.enum(ROLES), token: secretRef }))
      .default([])
      .describe('Tokens of the HTTP API, each held by one person (or one automation) and naming it.'),
    grafana: z
      .strictObject({
        token: secretRef.describe("Secret the plugin's routes send as `Authorization: Bearer …` (from the plugin's secureJsonData `routeToken`)."),
        approvers: z.array(z.string().min(1)).default([]).describe('Grafana logins that may approve, reject and pause, e.g. `[jane.doe]`.'),
        operators: z.array(z.string().min(1)).default([]).describe('Grafana logins that may roll back (approvers may too).'),
        defaultRole: z
          .enum(['viewer'])
          .default('viewer')
          .describe('Role of any other signed-in Grafana user. Grafana roles (Admin included) grant nothing here: approvers are named.'),
      })
      .optional()
      .describe(
        'Requests through the Grafana plugin: with this token, and only with it, the handler takes the person from `X-Grafana-User` (Grafana sets it with `[dataproxy] send_user_header = true`).',
      ),
  }),
  modes: z
    .strictObject({ default: z.enum(MODES).default('dry-run'), rules: z.array(ModeRuleSchema).default([]) })
    .default({ default: 'dry-run', rules: [] })
    .describe('Rollout mode per region × workload; the most specific rule wins.'),
  budget: z
    .strictObject({
      maxDisruptedShare: z.number().gt(0).lte(1).default(0.01).describe('Share of running tasks per region that may be disrupted per window, e.g. `0.01`.'),
      window: durationMs.default(3_600_000),
      weights: z.array(TaskWeightSchema).default([]).describe("First matching rule gives a pod's task count; others count `defaultPodTasks`."),
      defaultPodTasks: z.number().min(0).default(1),
      emrNodeTasks: z.number().min(0).default(4).describe('Tasks an EMR node counts for when decommissioned.'),
      emrRunningTasks: z
        .record(z.string(), z.number().min(0))
        .default({})
        .describe('Running tasks on EMR per region, added to those counted from pods, e.g. `{eu-west-1: 800}` (200 nodes × 4).'),
    })
    .default({ maxDisruptedShare: 0.01, window: 3_600_000, weights: [], defaultPodTasks: 1, emrNodeTasks: 4, emrRunningTasks: {} }),
  quarantineCap: z.number().gt(0).lte(1).default(0.1).describe('Largest share of a pool that may be quarantined, e.g. `0.1`.'),
  poolSizes: z
    .record(z.string(), z.number().int().min(0))
    .default({})
    .describe('Node count of pools outside Kubernetes (EMR instance groups), for the quarantine cap, e.g. `{emr-task: 150}`.'),
  concurrencyPerRegion: z.number().int().min(1).default(2),
  windows: z.array(WindowSchema).default([]).describe('Maintenance windows for disruptive playbooks; none means always open.'),
  breaker: z
    .strictObject({
      failureRate: z.number().gt(0).lte(1).default(0.5),
      minActions: z.number().int().min(1).default(4),
      window: durationMs.default(900_000),
      cooldown: durationMs
        .default(900_000)
        .describe('How long a tripped breaker stays open after the last failure before one probe action may run (half-open), e.g. `15m`.'),
    })
    .default({ failureRate: 0.5, minActions: 4, window: 900_000, cooldown: 900_000 }),
  minHealthy: z
    .strictObject({
      default: z.number().min(0).lte(1).default(0).describe('Share of every pool that must stay Ready and in service, e.g. `0.9`; 0 turns the check off.'),
      pools: z.record(z.string(), z.number().min(0).lte(1)).default({}).describe('Per-pool override, e.g. `{spark-streaming: 0.95}`.'),
    })
    .default({ default: 0, pools: {} })
    .describe("Like NodeHealthCheck's minHealthy: no node leaves service while fewer than this share of its pool would stay healthy."),
  otherRemediators: z
    .strictObject({
      kured: z
        .strictObject({ namespace: z.string().default('kube-system'), daemonSet: z.string().default('kured') })
        .nullable()
        .default({ namespace: 'kube-system', daemonSet: 'kured' })
        .describe("kured's DaemonSet, whose `weave.works/kured-node-lock` annotation names the node it holds; null when kured is not used."),
      nodeHealthCheck: z
        .strictObject({ version: z.string().default('v1alpha1').describe('Version of the `remediation.medik8s.io` API, e.g. `v1alpha1`.') })
        .nullable()
        .default({ version: 'v1alpha1' })
        .describe(
          'Medik8s NodeHealthChecks, whose `status.unhealthyNodes[].remediations` name the nodes they remediate; an API that cannot be read holds every node, a cluster without it none; null when NodeHealthCheck is not used.',
        ),
    })
    .default({ kured: { namespace: 'kube-system', daemonSet: 'kured' }, nodeHealthCheck: { version: 'v1alpha1' } })
    .describe('Remediators whose nodes Plumb skips; Medik8s taints and labels on the node are always honoured.'),
  cooldown: z
    .strictObject({ perNode: durationMs.default(1_800_000), maxAttempts: z.number().int().min(1).default(3), attemptsWindow: durationMs.default(86_400_000) })
    .default({ perNode: 1_800_000, maxAttempts: 3, attemptsWindow: 86_400_000 }),
  verify: z.strictObject({ delay: durationMs.default(120_000), timeout: durationMs.default(10_000) }).default({ delay: 120_000, timeout: 10_000 }),
  retry: z
    .strictObject({ attempts: z.number().int().min(1).default(6), baseDelay: durationMs.default(200), maxDelay: durationMs.default(10_000) })
    .default({ attempts: 6, baseDelay: 200, maxDelay: 10_000 }),
  eviction: z
    .strictObject({ pdbWait: durationMs.default(600_000), pollEvery: durationMs.default(5_000) })
    .default({ pdbWait: 600_000, pollEvery: 5_000 })
    .describe('A PodDisruptionBudget refusal (429) is waited out, polled, never forced.'),
  rebuild: z.strictObject({ url: z.string().url().describe('CI webhook that rebuilds an image.'), token: secretRef.optional() }).optional(),
  emr: z
    .strictObject({
      region: z.string().default('us-east-1'),
      endpoint: z.string().url().optional().describe('API endpoint override (a VPC endpoint, or a local server in tests).'),
      clusters: z.record(z.string(), z.string()).describe('EMR cluster id per region, e.g. `{eu-west-1: j-2AXXXXXXGAPLF}`.'),
      decommissionTimeout: durationMs
        .default(3_600_000)
        .describe('YARN decommission timeout EMR gives the targeted instance before terminating it, e.g. `1h`.'),
    })
    .optional(),
  processEvery: durationMs.default(1_000).describe('How often the worker looks for new work.'),
  auditKafka: z
    .strictObject({
      brokers: z.array(z.string().min(1)).min(1).describe('Kafka bootstrap brokers, e.g. `[b-1.msk.internal:9098]`.'),
      topic: z.string().default('plumb.audit').describe('Audit topic, e.g. `plumb.audit`.'),
      checkpointTopic: z
        .string()
        .default('plumb.audit-checkpoints')
        .describe('Compacted topic for chain-head checkpoints (signed with `auditCheckpointKey`), e.g. `plumb.audit-checkpoints`.'),
    })
    .optional()
    .describe(
      'Also copy every audit record to Kafka (the history of record), in order, from the local file as backlog: a Kafka outage delays the copy (`plumb_hooks_audit_forward_lag_seconds`), never a decision, and loses nothing.',
    ),
  auditCheckpointKey: secretRef
    .optional()
    .describe(
      'HMAC key that signs the chain-head checkpoints (`<auditPath>.checkpoints`); `plumb audit verify --key-env` checks them. Without it checkpoints still pin the head but are not signed.',
    ),
  recheckDeferredEvery: durationMs.default(1_000).describe('How often actions a guardrail deferred are decided again; new actions are decided at once.'),
});

export type HandlerConfig = z.infer<typeof HandlerConfigSchema>;
export type SecretRef = z.infer<typeof secretRef>;
