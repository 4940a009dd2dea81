/**
 * Desired-state spec, version `plumb/v1`: the public, versioned document that says
 * what each workload type should run with. It is kept apart from the internal
 * model (`model.ts`), which the compiler and the exporter consume.
 */
import { z } from 'zod';

export const SEVERITIES = ['info', 'sla-risk', 'correctness-risk'] as const;
export const PLAYBOOK_ACTIONS = ['none', 'quarantine', 'restart', 'drain', 'redeploy', 'rebuild', 'emr-decommission'] as const;
export const VALUE_TYPES = ['string', 'number', 'bool', 'version'] as const;
export const NORMALISATIONS = ['trim', 'lowercase', 'collapse-whitespace', 'strip-quotes', 'sort-list', 'version-major', 'version-major-minor'] as const;
export const FILE_FORMATS = ['properties', 'spark-defaults', 'hadoop-xml', 'ini', 'airflow-cfg', 'yaml', 'json', 'text'] as const;
export const RUNTIME_PROBES = ['jvm', 'python', 'python-package', 'os-package', 'kernel'] as const;
export const POD_FIELDS = ['image', 'image-digest', 'env', 'arg-conf', 'label', 'annotation', 'configmap'] as const;
export const PROCESS_FIELDS = ['arg-conf', 'jvm-property'] as const;

const duration = z
  .string()
  .regex(/^\d+(ms|s|m|h|d)$/, 'a Prometheus duration such as 30s, 5m or 1h')
  .describe('A Prometheus duration, e.g. `5m`.');

const name = z
  .string()
  .regex(/^[a-z][a-z0-9-]*$/, 'lower-case letters, digits and dashes, starting with a letter')
  .describe('A lower-case identifier, e.g. `spark-streaming`.');

const scalar = z.union([z.string(), z.number(), z.boolean()]).describe('A literal value: string, number or boolean, e.g. `UTC`, `1048576`, `true`.');

export const SeveritySchema = z.enum(SEVERITIES).describe('How bad a drift is: `info`, `sla-risk` or `correctness-risk`.');

export const SaltSchema = z
  .strictObject({
    file: z.string().optional().describe('Path of a file holding the fleet salt, e.g. `/etc/plumb/salt`. Read at start; never logged.'),
    env: z.string().optional().describe('Name of an env var holding the fleet salt, e.g. `PLUMB_SALT`. Used when the file is absent.'),
  })
  .describe('Where the fleet salt is kept. The salt keys the HMAC that hides every value; it is shared by exporters and the compiler.');

export const SettingsSchema = z
  .strictObject({
    salt: SaltSchema.default({ file: '/etc/plumb/salt', env: 'PLUMB_SALT' }),
    hashLength: z.number().int().min(16).max(64).default(16).describe('Hex characters kept from the HMAC; at least 16 (64 bits). Example: `16`.'),
    maxExposedValueLength: z
      .number()
      .int()
      .min(1)
      .max(256)
      .default(64)
      .describe('Longest value put in clear in a `value` label; longer values are hashed only. Example: `64`.'),
    staleAfter: duration.default('5m').describe('A node whose collectors have not succeeded for this long is unknown. Example: `5m`.'),
    flapping: z
      .strictObject({
        changes: z.number().int().min(2).default(2).describe('Changes within the window that mark a dimension as flapping. Example: `2`.'),
        window: duration.default('1h').describe('Look-back window for flapping. Example: `1h`.'),
      })
      .default({ changes: 2, window: '1h' })
      .describe('When a dimension counts as flapping (a hotfix applied, then reverted).'),
    widespread: z
      .strictObject({
        share: z.number().gt(0).lte(1).default(0.2).describe('Share of a pool drifted on one dimension that fires PlumbWidespreadDrift. Example: `0.2`.'),
        minNodes: z.number().int().min(1).default(3).describe('Fewest drifted nodes before the widespread alert may fire. Example: `3`.'),
      })
      .default({ share: 0.2, minNodes: 3 })
      .describe('The widespread-drift alert, which trips the remediation circuit breaker (probably a bad rollout or a wrong spec).'),
    alertFor: z
      .strictObject({ info: duration.default('15m'), 'sla-risk': duration.default('5m'), 'correctness-risk': duration.default('2m') })
      .default({ info: '15m', 'sla-risk': '5m', 'correctness-risk': '2m' })
      .describe('`for` of the drift alert per severity. Example: `{correctness-risk: 2m}`.'),
    keepFiringFor: duration.default('10m').describe('`keep_firing_for` of drift alerts, so a brief revert does not resolve them. Example: `10m`.'),
    runbookBaseUrl: z
      .string()
      .url()
      .default('https://runbooks.example.com/plumb')
      .describe('Base URL of the runbooks; the alert links `<base>/<workload>/<dimension>`.'),
    scrapeJob: z.string().default('plumb-exporter').describe('Prometheus job name of the exporters, used for `up`. Example: `plumb-exporter`.'),
    exceptionPolicy: z
      .strictObject({
        approvers: z.array(z.string().min(1)).default([]).describe('People who may approve exceptions, e.g. `[dana.lee@paywave.example]`.'),
        approverPattern: z.string().optional().describe("RE2 pattern a person's identity must fully match, e.g. `[a-z]+\\.[a-z]+@paywave\\.example`."),
        maxLifetime: duration.default('90d').describe('Longest time from approval (`approvedAt`, else now) to `expiresAt`. Example: `90d`.'),
      })
      .default({ approvers: [], maxLifetime: '90d' })
      .describe('Who may approve exceptions and for how long. A spec with exceptions needs `approvers` or `approverPattern`.'),
  })
  .describe('Fleet-wide settings.');

export const WorkloadSchema = z
  .strictObject({
    name: name.describe('Workload type, e.g. `airflow-worker`, `spark-streaming`, `spark-batch`, `dbt-runner`, `kafka-consumer`, `host`.'),
    description: z.string().optional().describe('What runs in this workload type.'),
    match: z
      .strictObject({
        podLabels: z.record(z.string(), z.string()).optional().describe('Pod labels that classify a pod, e.g. `{app: airflow, component: worker}`.'),
        process: z.string().optional().describe('Regular expression on a process command line, e.g. `airflow (celery )?worker`.'),
        emrInstanceGroup: z.string().optional().describe('EMR instance-group role that classifies a VM, e.g. `CORE` or `TASK`.'),
        nodeLabels: z.record(z.string(), z.string()).optional().describe('Node labels that classify a whole node, e.g. `{plumb.dev/pool: spark-streaming}`.'),
        always: z.boolean().optional().describe('Matches every node (for the `host` workload).'),
      })
      .describe('Selectors that classify a pod, process or EMR node as this workload type; any one that matches counts.'),
  })
  .describe('A workload type with its own desired state.');

export const SourceSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('file').describe('Read from a config file.'),
      path: z.string().describe('Absolute path, e.g. `/opt/spark/conf/spark-defaults.conf`.'),
      alsoAt: z
        .array(z.string())
        .optional()
        .describe('Other places the same file lives, tried in order when `path` is absent, e.g. `[/etc/spark/conf/spark-defaults.conf]` on EMR.'),
      format: z.enum(FILE_FORMATS).describe('File format: properties, spark-defaults, hadoop-xml (Hadoop `*-site.xml`), ini, airflow-cfg, yaml, json or text.'),
      key: z.string().optional().describe('Key inside the file: `section.key` for INI, a dotted path for YAML/JSON, e.g. `core.parallelism`.'),
    }),
    z.strictObject({
      kind: z.literal('env').describe('Read from an environment variable of the node agent or the workload.'),
      name: z.string().describe('Variable name, e.g. `TZ`.'),
    }),
    z.strictObject({
      kind: z.literal('command').describe('Run a command (argv, no shell) and take its output.'),
      argv: z.array(z.string()).min(1).describe('Command and arguments, e.g. `[java, -version]`.'),
      pattern: z.string().optional().describe('Regular expression with one capture group applied to stdout+stderr, e.g. `version "([^"]+)"`.'),
    }),
    z.strictObject({
      kind: z.literal('pod').describe('Read from the spec of the pods of this workload on the node.'),
      field: z
        .enum(POD_FIELDS)
        .describe(
          'image, image-digest, env, arg-conf (a `--conf k=v` argument), label, annotation, or configmap (a key of a ConfigMap the pod mounts or takes env from).',
        ),
      name: z.string().optional().describe('Env var, conf key, label, annotation or ConfigMap key name, e.g. `spark.sql.session.timeZone`.'),
      container: z.string().optional().describe('Container name; default: every container.'),
    }),
    z.strictObject({
      kind: z
        .literal('process')
        .describe("Read from the command line of the workload's own process, found by the workload's `match.process` (in its pod's cgroup on Kubernetes)."),
      field: z.enum(PROCESS_FIELDS).describe('arg-conf (a `--conf k=v` argument) or jvm-property (a `-Dk=v` JVM flag).'),
      name: z.string().min(1).describe('Conf key or property name, e.g. `spark.sql.session.timeZone`.'),
    }),
    z.strictObject({
      kind: z.literal('report').describe('Taken from in-process reports (`POST /v1/report`) of Airflow, Spark or dbt.'),
      key: z.string().describe('Key in the reported config, e.g. `spark.sql.shuffle.partitions`.'),
    }),
    z.strictObject({
      kind: z.literal('runtime').describe('A built-in runtime probe.'),
      probe: z.enum(RUNTIME_PROBES).describe('jvm, python, python-package, os-package or kernel.'),
      name: z.string().optional().describe('Package name for python-package / os-package, e.g. `pyspark`.'),
    }),
  ])
  .describe('Where the value of a dimension comes from.');

export const ExpectationSchema = z
  .strictObject({
    equals: scalar.optional().describe('The single desired value, e.g. `UTC`.'),
    oneOf: z.array(scalar).min(1).optional().describe('Any of these values is fine, e.g. `[3.11.7, 3.11.9]`.'),
    range: z
      .strictObject({
        min: z.number().optional().describe('Lowest acceptable value (inclusive), e.g. `1048576`.'),
        max: z.number().optional().describe('Highest acceptable value (inclusive), e.g. `600000`.'),
      })
      .refine((r) => r.min !== undefined || r.max !== undefined, 'give at least one of min and max')
      .refine((r) => r.min === undefined || r.max === undefined || r.min <= r.max, 'min must not exceed max')
      .optional()
      .describe('A numeric range; only for `type: number`.'),
    version: z.string().optional().describe('Regular expression the (exposable) value must fully match, e.g. `17\\.0\\.\\d+`.'),
    consistency: z
      .strictObject({
        by: z
          .array(z.enum(['region', 'pool', 'instance_type']))
          .default(['region'])
          .describe('Labels that, with the workload, define the cohort, e.g. `[region]`.'),
      })
      .optional()
      .describe("No single right value (secrets, region endpoints): a node drifts when its hash differs from its cohort's most common hash."),
  })
  .describe('What the value should be. Give exactly one of equals, oneOf, range, version and consistency.');

export const ScopeSchema = z
  .strictObject({
    region: z.string().optional().describe('AWS region, e.g. `eu-west-1`.'),
    instanceType: z.string().optional().describe('EC2 instance type, e.g. `r6i.4xlarge`.'),
    pool: z.string().optional().describe('Node pool, e.g. `spark-batch-large`.'),
  })
  .describe('Where an allowance applies; every given field must match.');

export const AllowanceSchema = z
  .strictObject({
    where: ScopeSchema,
    reason: z.string().optional().describe('Why this divergence is acceptable, e.g. `EU data residency endpoint`.'),
    equals: scalar.optional().describe('An extra acceptable value in this scope.'),
    oneOf: z.array(scalar).min(1).optional().describe('Extra acceptable values in this scope.'),
    range: ExpectationSchema.shape.range,
  })
  .describe('Acceptable divergence, layered by region, instance type and pool.');

export const PlaybookSchema = z
  .strictObject({
    action: z.enum(PLAYBOOK_ACTIONS).describe('What the remediation handler does: none, quarantine, restart, drain, redeploy, rebuild or emr-decommission.'),
    approval: z.enum(['required', 'none']).default('none').describe('`required`: a person (not the requester) must approve first.'),
  })
  .describe('A remediation playbook.');

export const DimensionSchema = z
  .strictObject({
    key: z.string().min(1).describe('Dimension key, used as the `dimension` label, e.g. `spark.sql.session.timeZone`.'),
    description: z.string().optional().describe('What this dimension is and why it matters.'),
    workloads: z.array(name).min(1).describe('Workload types it applies to, e.g. `[spark-streaming, spark-batch]`.'),
    source: SourceSchema,
    type: z.enum(VALUE_TYPES).default('string').describe('Value type: string, number, bool or version. Decides canonicalisation.'),
    normalize: z.array(z.enum(NORMALISATIONS)).default([]).describe('Extra normalisation steps before hashing, e.g. `[lowercase]`. `trim` always applies.'),
    secret: z.boolean().optional().describe('Never exposed; defaults to true for keys like *PASSWORD*, *TOKEN*, *SECRET*, *_KEY.'),
    expose: z.boolean().default(false).describe('Allow the raw value in the `value` label (versions, booleans, small enums). Forbidden for secrets.'),
    severity: SeveritySchema,
    optional: z
      .boolean()
      .default(false)
      .describe('`true`: a node running the workload may lack this dimension. Otherwise a node that does not report it is drift with `reason="missing"`.'),
    missingSeverity: SeveritySchema.optional().describe(
      'Severity of the dimension being missing; default: `severity`. Example: `info` for a setting whose default is safe.',
    ),
    expect: ExpectationSchema.optional(),
    allow: z.array(AllowanceSchema).default([]).describe('Acceptable divergence by region, instance type or pool.'),
    playbook: PlaybookSchema.optional().describe("Overrides the severity's playbook for this dimension."),
  })
  .describe('A configuration dimension to collect and check.');

export const ExceptionSchema = z
  .strictObject({
    dimension: z.string().describe('Dimension key it applies to, e.g. `fetch.min.bytes`.'),
    workload: name.optional().describe('Workload type; default: every workload of the dimension.'),
    node: z.string().optional().describe('Node name it applies to.'),
    pool: z.string().optional().describe('Pool it applies to.'),
    region: z.string().optional().describe('Region it applies to.'),
    expiresAt: z.iso
      .datetime({ offset: true, error: 'expected an RFC 3339 date-time such as 2026-12-31T00:00:00Z' })
      .describe('RFC 3339 time after which drift is flagged again, e.g. `2026-12-31T00:00:00Z`.'),
    ticket: z.string().trim().min(1, 'a change ticket is required, e.g. CHG-4821').describe('Change ticket, e.g. `CHG-4821`. Required.'),
    approvedBy: z
      .string()
      .min(1)
      .describe('The person who approved it, one of `settings.exceptionPolicy.approvers` or matching its `approverPattern`, e.g. `jane.doe@paywave.example`.'),
    approvedAt: z.iso
      .datetime({ offset: true, error: 'expected an RFC 3339 date-time such as 2026-10-01T00:00:00Z' })
      .optional()
      .describe('When it was approved; the lifetime is counted from here (else from validation time), e.g. `2026-10-01T00:00:00Z`.'),
    reason: z.string().optional().describe('Why.'),
  })
  .refine((e) => e.node !== undefined || e.pool !== undefined || e.region !== undefined, 'an exception needs a node, pool or region selector')
  .describe('A temporary, approved exception. It stops suppressing drift at `expiresAt` without a recompile.');

export const SymptomSchema = z
  .strictObject({
    name: z
      .string()
      .regex(/^[a-z][a-z0-9_]*$/, 'snake_case, e.g. consumer_lag')
      .describe('Symptom name, e.g. `consumer_lag`.'),
    description: z.string().optional().describe('What the symptom measures.'),
    query: z.string().min(1).describe('PromQL giving one series per node with a `node` label, e.g. `sum by (node) (plumb_kafka_consumergroup_lag)`.'),
    unit: z.string().describe('Unit, e.g. `messages`, `rows`, `failures`.'),
    worse: z.enum(['higher', 'lower']).describe('Which direction is worse.'),
    workloads: z.array(name).optional().describe('Workload types whose drift it may explain; default: all.'),
    slo: z
      .strictObject({
        threshold: z.number().describe('Regional value beyond which the SLO is breached.'),
        aggregate: z.enum(['sum', 'max', 'avg']).default('max').describe('How node values roll up per region.'),
        for: duration.default('5m'),
      })
      .optional()
      .describe('An SLO; while breached, PlumbSymptomSLOBreach fires and blocks disruptive remediation in the region.'),
    datadog: z
      .strictObject({
        query: z.string().min(1).describe('Datadog metric query giving one series per region, e.g. `sum:kafka.consumer_lag{*} by {region}`.'),
      })
      .optional()
      .describe('The same symptom in Datadog, for the SLO monitor `plumb compile --target datadog` writes.'),
  })
  .describe('A data symptom (lag, duplicate loads, DQ failures) to correlate drift with.');

export const SpecSchema = z
  .strictObject({
    apiVersion: z.literal('plumb/v1').describe('Spec version; must be `plumb/v1`.'),
    kind: z.literal('DesiredState').describe('Must be `DesiredState`.'),
    metadata: z
      .strictObject({
        name: name.describe('Spec name, e.g. `paywave`.'),
        description: z.string().optional().describe('What fleet this spec governs.'),
      })
      .describe('Spec metadata.'),
    settings: SettingsSchema.default(SettingsSchema.parse({})),
    workloads: z.array(WorkloadSchema).min(1).describe('Workload types.'),
    playbooks: z
      .strictObject({ info: PlaybookSchema.optional(), 'sla-risk': PlaybookSchema.optional(), 'correctness-risk': PlaybookSchema.optional() })
      .default({})
      .describe('Default playbook per severity, e.g. `{correctness-risk: {action: quarantine, approval: required}}`.'),
    dimensions: z.array(DimensionSchema).min(1).describe('Configuration dimensions.'),
    exceptions: z.array(ExceptionSchema).default([]).describe('Temporary, approved exceptions.'),
    symptoms: z.array(SymptomSchema).default([]).describe('Data symptoms.'),
  })
  .describe('A Plumb desired-state spec.');

export type Spec = z.infer<typeof SpecSchema>;
export type Dimension = z.infer<typeof DimensionSchema>;
export type Workload = z.infer<typeof WorkloadSchema>;
export type Source = z.infer<typeof SourceSchema>;
export type Symptom = z.infer<typeof SymptomSchema>;
export type Severity = (typeof SEVERITIES)[number];
export type PlaybookAction = (typeof PLAYBOOK_ACTIONS)[number];
export type ValueType = (typeof VALUE_TYPES)[number];
export type Normalisation = (typeof NORMALISATIONS)[number];
