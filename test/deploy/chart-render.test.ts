/**
 * The Helm chart rendered by the real helm: lint, schema, and what a quarantined node, a
 * read-only host and a Kafka outage need from the exporter DaemonSet.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { QUARANTINE_TAINT } from '@plumb/alertmanager-hooks/kube/clients';
import { validateConfig } from '@plumb/alertmanager-hooks/config/load';
import { kafkaSecurityFromEnv } from '@plumb/history/log/security';
import { CHART_DIR, helm, renderChart, type Manifest } from '../support/helm';
import { compiledRulesFile, EXAMPLE_SPEC, KUBE_VERSION_FLAG, PRODUCTION_VALUES } from './chart-values';

type Toleration = { key?: string; operator?: string; value?: string; effect?: string };
type Mount = { name: string; mountPath: string; readOnly?: boolean; subPath?: string };
type Volume = { name: string; hostPath?: { path: string }; emptyDir?: object };
type Container = { name: string; volumeMounts?: Mount[]; securityContext?: Record<string, unknown>; args?: string[] };
type PodSpec = {
  tolerations?: Toleration[];
  volumes: Volume[];
  containers: Container[];
  initContainers?: Container[];
  hostPID?: boolean;
  securityContext?: Record<string, unknown>;
};

/** Kubernetes' own matching: an empty key with Exists matches every taint; an empty effect matches every effect. */
function tolerates(t: Toleration, taint: { key: string; effect: string }): boolean {
  const keyOk = t.key === undefined || t.key === '' ? t.operator === 'Exists' : t.key === taint.key;
  const effectOk = t.effect === undefined || t.effect === '' || t.effect === taint.effect;
  return keyOk && effectOk && (t.operator === 'Exists' || t.value !== undefined);
}

let rulesFile: string;
let objects: Manifest[];
const setFiles = () => ({ 'spec.content': EXAMPLE_SPEC, 'prometheusRule.rules': rulesFile });
const find = (kind: string, name?: string) => objects.find((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
const podSpec = (kind: string): PodSpec => (find(kind) as unknown as { spec: { template: { spec: PodSpec } } }).spec.template.spec;

beforeAll(() => {
  rulesFile = compiledRulesFile();
  const r = renderChart(PRODUCTION_VALUES, { setFiles: setFiles(), extra: KUBE_VERSION_FLAG });
  if (!r.ok) throw new Error(r.error);
  objects = r.objects;
});

describe('helm lint and template', () => {
  it('The chart passes helm lint with production values.', () => {
    const r = helm([
      'lint',
      CHART_DIR,
      '--kube-version',
      '1.37.2',
      '--set-file',
      `spec.content=${EXAMPLE_SPEC}`,
      '--set-file',
      `prometheusRule.rules=${rulesFile}`,
      '--set',
      'hooks.secrets.existingSecret=plumb-hooks',
    ]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('0 chart(s) failed');
  });

  it.each([
    {
      name: 'A port that is not a number is refused by the values schema, naming the field.',
      values: { exporter: { port: 'metrics' } },
      error: /\/exporter\/port/,
    },
    { name: 'A misspelt key is refused by the values schema.', values: { exporter: { tolerration: [] } }, error: /tolerration/ },
    { name: 'A Kafka broker without a port is refused.', values: { kafka: { brokers: ['b-1.msk.internal'] } }, error: /\/kafka\/brokers\/0/ },
    { name: 'A release without the spec is refused with the flag to use.', values: {}, error: /--set-file spec\.content/, noSpec: true },
    { name: 'plumb-hooks without a Secret for its webhook token is refused.', values: { hooks: { secrets: { create: {} } } }, error: /webhook-token/ },
  ])('$name', ({ values, error, noSpec }) => {
    const r = renderChart({ ...PRODUCTION_VALUES, ...values }, { setFiles: noSpec ? {} : setFiles(), extra: KUBE_VERSION_FLAG });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(error);
  });
});

describe('exporter DaemonSet', () => {
  it('The exporter tolerates the quarantine taint plumb-hooks sets, NoExecute included, so a quarantined node stays observed.', () => {
    const tolerations = podSpec('DaemonSet').tolerations ?? [];
    for (const effect of ['NoSchedule', 'NoExecute']) {
      expect(
        tolerations.some((t) => tolerates(t, { key: QUARANTINE_TAINT, effect })),
        effect,
      ).toBe(true);
    }
  });

  it('The quarantine tolerations stay when a user replaces exporter.tolerations.', () => {
    const r = renderChart({ ...PRODUCTION_VALUES, exporter: { tolerations: [] } }, { setFiles: setFiles(), extra: KUBE_VERSION_FLAG });
    if (!r.ok) throw new Error(r.error);
    const ds = r.objects.find((o) => o.kind === 'DaemonSet') as unknown as { spec: { template: { spec: PodSpec } } };
    expect((ds.spec.template.spec.tolerations ?? []).some((t) => tolerates(t, { key: QUARANTINE_TAINT, effect: 'NoExecute' }))).toBe(true);
  });

  it('Every host mount of the exporter is read-only except the spool, and its root filesystem is read-only.', () => {
    const spec = podSpec('DaemonSet');
    const exporter = spec.containers.find((c) => c.name === 'plumb-exporter') as Container;
    const hostVolumes = new Set(spec.volumes.filter((v) => v.hostPath).map((v) => v.name));
    const writableHostMounts = (exporter.volumeMounts ?? []).filter((m) => hostVolumes.has(m.name) && m.readOnly !== true).map((m) => m.mountPath);
    expect(writableHostMounts).toEqual(['/var/lib/plumb-exporter']);
    expect(exporter.securityContext?.readOnlyRootFilesystem).toBe(true);
    expect(exporter.securityContext?.allowPrivilegeEscalation).toBe(false);
    expect(spec.hostPID).toBe(true);
  });

  it('The exporter reads workload processes through the host /proc with only ptrace-read and search capabilities added.', () => {
    const spec = podSpec('DaemonSet');
    const exporter = spec.containers.find((c) => c.name === 'plumb-exporter') as Container;
    expect(exporter.args).toContain('--proc-root=/proc');
    const sc = exporter.securityContext as { runAsUser?: number; capabilities?: { add?: string[]; drop?: string[] } };
    expect(sc.capabilities).toEqual({ drop: ['ALL'], add: ['SYS_PTRACE', 'DAC_READ_SEARCH'] });
    expect(sc.runAsUser).toBe(0);
    expect(exporter.securityContext?.allowPrivilegeEscalation).toBe(false);
  });

  it('The spool the exporter is told to use sits on a writable volume owned by its user.', () => {
    const spec = podSpec('DaemonSet');
    const exporter = spec.containers.find((c) => c.name === 'plumb-exporter') as Container;
    const spoolArg = (exporter.args ?? []).find((a) => a.startsWith('--spool='))?.slice('--spool='.length);
    const mount = (exporter.volumeMounts ?? []).find((m) => spoolArg?.startsWith(`${m.mountPath}/`));
    expect(mount, `a mount holding ${spoolArg}`).toBeDefined();
    expect(mount?.readOnly).not.toBe(true);
    const volume = spec.volumes.find((v) => v.name === mount?.name);
    expect(volume?.hostPath?.path).toBe('/var/lib/plumb-exporter');
    const chown = (spec.initContainers ?? []).find((c) => c.name === 'spool-owner') as unknown as { command: string[] };
    expect(chown.command).toEqual(['chown', `${String(spec.securityContext?.runAsUser)}:${String(spec.securityContext?.runAsGroup)}`, mount?.mountPath]);
  });

  it('An emptyDir spool is writable too, for clusters that forbid hostPath writes.', () => {
    const r = renderChart(
      { ...PRODUCTION_VALUES, exporter: { spool: { type: 'emptyDir', sizeLimit: '96Mi' } } },
      { setFiles: setFiles(), extra: KUBE_VERSION_FLAG },
    );
    if (!r.ok) throw new Error(r.error);
    const spec = (r.objects.find((o) => o.kind === 'DaemonSet') as unknown as { spec: { template: { spec: PodSpec } } }).spec.template.spec;
    expect(spec.volumes.find((v) => v.name === 'spool')?.emptyDir).toEqual({ sizeLimit: '96Mi' });
    expect(spec.initContainers).toBeUndefined();
  });

  it('Kafka brokers from values reach the exporter as --kafka-brokers.', () => {
    const exporter = podSpec('DaemonSet').containers[0] as Container;
    expect(exporter.args).toContain('--kafka-brokers=b-1.msk.internal:9096,b-2.msk.internal:9096');
  });
});

describe('Kafka security from values', () => {
  type EnvVar = { name: string; value?: string };
  type Mounted = { env?: EnvVar[]; volumeMounts?: Mount[] };
  it('SCRAM over TLS with a private CA reaches both Kafka clients as settings their code accepts, secrets as files.', () => {
    const values = {
      ...PRODUCTION_VALUES,
      kafka: { ...PRODUCTION_VALUES.kafka, caSecret: 'plumb-kafka-ca', sasl: { mechanism: 'scram-sha-512', username: 'plumb', passwordSecret: 'plumb-kafka' } },
    };
    const r = renderChart(values, { setFiles: setFiles(), extra: KUBE_VERSION_FLAG });
    if (!r.ok) throw new Error(r.error);
    for (const kind of ['DaemonSet', 'StatefulSet']) {
      const c = (r.objects.find((o) => o.kind === kind) as unknown as { spec: { template: { spec: { containers: Mounted[] } } } }).spec.template.spec
        .containers[0] as Mounted;
      const env = Object.fromEntries((c.env ?? []).filter((e) => e.value !== undefined).map((e) => [e.name, e.value as string]));
      const mounted = (c.volumeMounts ?? []).map((m) => m.mountPath);
      // Files exist exactly where a mount puts them.
      const readFile = (path: string) => {
        if (!mounted.some((m) => path.startsWith(`${m}/`))) throw Object.assign(new Error('no mount'), { code: 'ENOENT' });
        return 'x';
      };
      expect(kafkaSecurityFromEnv(env, readFile), kind).toEqual({
        ok: true,
        security: { tls: true, ca: 'x', sasl: { mechanism: 'scram-sha-512', username: 'plumb', password: 'x' } },
      });
      expect(JSON.stringify(c.env), kind).not.toContain('PLUMB_KAFKA_SASL_PASSWORD"');
    }
  });
});

describe('plumb-hooks and the monitoring objects', () => {
  it('The handler configuration the chart writes is valid for plumb-hooks and reads every secret from a file.', () => {
    const cm = find('ConfigMap', 'plumb-hooks') as unknown as { data: Record<string, string> };
    const loaded = validateConfig(parse(cm.data['plumb-hooks.yaml'] as string), 'chart');
    expect(loaded.ok ? [] : loaded.errors).toEqual([]);
    if (!loaded.ok) return;
    expect(loaded.config.leaderElection).toMatchObject({ enabled: true, namespace: 'plumb' });
    expect(loaded.config.auth.webhook.bearer).toEqual({ file: '/etc/plumb/secrets/webhook-token' });
    expect(loaded.config.auditKafka?.brokers).toEqual(PRODUCTION_VALUES.kafka.brokers);
  });

  it('plumb-hooks runs two replicas behind a PodDisruptionBudget.', () => {
    expect((find('StatefulSet') as unknown as { spec: { replicas: number } }).spec.replicas).toBe(2);
    expect((find('PodDisruptionBudget') as unknown as { spec: { maxUnavailable: number } }).spec.maxUnavailable).toBe(1);
  });

  it('Each plumb-hooks replica writes its ledger, audit log and checkpoints to its own claim, kept when pods or the release go.', () => {
    type Sts = {
      spec: {
        serviceName: string;
        persistentVolumeClaimRetentionPolicy: { whenDeleted: string; whenScaled: string };
        volumeClaimTemplates: { metadata: { name: string }; spec: { accessModes: string[]; resources: { requests: { storage: string } } } }[];
        template: { spec: { volumes: { name: string }[]; containers: { volumeMounts: { name: string; mountPath: string }[] }[] } };
      };
    };
    const sts = find('StatefulSet') as unknown as Sts;
    const cm = find('ConfigMap', 'plumb-hooks') as unknown as { data: Record<string, string> };
    const config = parse(cm.data['plumb-hooks.yaml'] as string) as { auditPath: string; ledgerPath: string };
    const claim = sts.spec.volumeClaimTemplates.find((t) => t.metadata.name === 'state');
    expect(claim?.spec.accessModes).toEqual(['ReadWriteOnce']);
    expect(claim?.spec.resources.requests.storage).toBe('2Gi');
    expect(sts.spec.template.spec.volumes.map((v) => v.name)).not.toContain('state');
    const mount = sts.spec.template.spec.containers[0]?.volumeMounts.find((m) => m.name === 'state');
    expect(config.auditPath.startsWith(`${mount?.mountPath}/`)).toBe(true);
    expect(config.ledgerPath.startsWith(`${mount?.mountPath}/`)).toBe(true);
    expect(sts.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    expect(find('Service', sts.spec.serviceName)).toMatchObject({ spec: { clusterIP: 'None' } });
  });

  it('With persistence off, plumb-hooks mounts the volume source given instead of claims.', () => {
    const values = {
      ...PRODUCTION_VALUES,
      hooks: {
        ...(PRODUCTION_VALUES as { hooks: object }).hooks,
        state: { mountPath: '/var/lib/plumb-hooks', persistence: { enabled: false, size: '1Gi' }, volume: { emptyDir: {} } },
      },
    };
    const r = renderChart(values, { setFiles: setFiles(), extra: KUBE_VERSION_FLAG });
    if (!r.ok) throw new Error(r.error);
    const sts = r.objects.find((o) => o.kind === 'StatefulSet') as unknown as {
      spec: { volumeClaimTemplates?: unknown; template: { spec: { volumes: { name: string; emptyDir?: object }[] } } };
    };
    expect(sts.spec.volumeClaimTemplates).toBeUndefined();
    expect(sts.spec.template.spec.volumes.find((v) => v.name === 'state')).toEqual({ name: 'state', emptyDir: {} });
  });

  it('The PrometheusRule carries the configured release label and exactly the compiled groups.', () => {
    const rule = find('PrometheusRule', 'plumb') as unknown as { metadata: { labels: Record<string, string> }; spec: { groups: unknown } };
    expect(rule.metadata.labels.release).toBe('kps-prod');
    expect(rule.spec.groups).toEqual((parse(readFileSync(rulesFile, 'utf8')) as { groups: unknown }).groups);
  });

  it('PodMonitor and ServiceMonitor are off by default and render when enabled.', () => {
    expect(find('PodMonitor')).toBeUndefined();
    expect(find('ServiceMonitor')).toBeUndefined();
    const r = renderChart(
      { ...PRODUCTION_VALUES, podMonitor: { enabled: true }, serviceMonitor: { enabled: true } },
      { setFiles: setFiles(), extra: KUBE_VERSION_FLAG },
    );
    if (!r.ok) throw new Error(r.error);
    expect(r.objects.map((o) => o.kind)).toEqual(expect.arrayContaining(['PodMonitor', 'ServiceMonitor']));
  });

  it("With regions, the app provisioning lists each region in route-slot order and gives each slot the route token its routes read (that region's handler's), from the environment.", () => {
    const regions = [
      { name: 'eu-west-1', prometheusUid: 'prom-eu', handlerUrl: 'http://plumb-hooks.plumb-eu.svc:9095' },
      { name: 'us-east-1', prometheusUid: 'prom-use', handlerUrl: 'http://plumb-hooks.plumb-use.svc:9095' },
      { name: 'us-west-2', prometheusUid: 'prom-usw', handlerUrl: 'http://plumb-hooks.plumb-usw.svc:9095' },
    ];
    const r = renderChart(
      { ...PRODUCTION_VALUES, grafana: { ...PRODUCTION_VALUES.grafana, plugin: { prometheusUid: 'prom-global', regions } } },
      { setFiles: setFiles(), extra: KUBE_VERSION_FLAG },
    );
    if (!r.ok) throw new Error(r.error);
    const cm = r.objects.find((o) => o.metadata.name === 'plumb-grafana-app') as unknown as { data: Record<string, string> };
    type App = { jsonData: { prometheusUid: string; regions: unknown }; secureJsonData: Record<string, string> };
    const app = (parse(cm.data['plumb-app.yaml'] as string) as { apps: App[] }).apps[0] as App;
    expect(app.jsonData.prometheusUid).toBe('prom-global');
    expect(app.jsonData.regions).toEqual(regions);
    // The plugin's own routes say which secureJsonData field each region slot's calls carry.
    type Route = { path: string; headers: { content: string }[] };
    const routes = (JSON.parse(readFileSync(`${CHART_DIR}/../../../grafana-plugin/src/plugin.json`, 'utf8')) as { routes: Route[] }).routes;
    regions.forEach((_, slot) => {
      for (const route of routes.filter((x) => x.path.endsWith(`-r${slot}`))) {
        const field = /SecureJsonData\.(\w+)/.exec(route.headers[0]?.content ?? '')?.[1] as string;
        expect(app.secureJsonData[field], `${route.path} reads ${field}`).toBe(`$__env{PLUMB_R${slot}_ROUTE_TOKEN}`);
      }
    });
    expect(Object.keys(app.secureJsonData).filter((k) => k.startsWith('r3'))).toEqual([]);
  });

  it('More regions than the app has route slots are refused by the values schema.', () => {
    const five = Array.from({ length: 5 }, (_, i) => ({ name: `r${i}`, prometheusUid: `p${i}`, handlerUrl: `http://h${i}` }));
    const r = renderChart(
      { ...PRODUCTION_VALUES, grafana: { ...PRODUCTION_VALUES.grafana, plugin: { regions: five } } },
      { setFiles: setFiles(), extra: KUBE_VERSION_FLAG },
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/grafana\/plugin\/regions/);
  });

  it('Dashboards are ConfigMaps with the Grafana sidecar label.', () => {
    const dashboards = objects.filter((o) => o.kind === 'ConfigMap' && o.metadata.labels?.grafana_dashboard === '1');
    expect(dashboards.map((d) => d.metadata.name)).toEqual(['plumb-dashboard-fleet-overview']);
  });

  it('No rendered object other than the opt-in handler Secret carries a token value.', () => {
    const others = objects.filter((o) => !(o.kind === 'Secret' && o.metadata.name === 'plumb-hooks-secrets'));
    expect(JSON.stringify(others)).not.toMatch(/test-webhook-token|test-viewer-token/);
  });
});

describe('Datadog Autodiscovery', () => {
  it('The generated annotations name the exporter container and its port, so the Agent scrapes the DaemonSet as rendered.', () => {
    const generated = parse(readFileSync('deploy/datadog/datadog-agent/autodiscovery-annotations.yaml', 'utf8')) as { podAnnotations: Record<string, string> };
    const r = renderChart({ ...PRODUCTION_VALUES, exporter: { podAnnotations: generated.podAnnotations } }, { setFiles: setFiles(), extra: KUBE_VERSION_FLAG });
    if (!r.ok) throw new Error(r.error);
    const ds = r.objects.find((o) => o.kind === 'DaemonSet') as unknown as {
      spec: { template: { metadata: { annotations: Record<string, string> }; spec: PodSpec } };
    };
    const annotations = ds.spec.template.metadata.annotations;
    const key = Object.keys(annotations).find((k) => k.startsWith('ad.datadoghq.com/'));
    const container = /^ad\.datadoghq\.com\/(.+)\.checks$/.exec(key ?? '')?.[1];
    expect(ds.spec.template.spec.containers.map((c) => c.name)).toContain(container);
    const port = (ds.spec.template.spec.containers.find((c) => c.name === container) as Container & { ports?: { containerPort: number }[] }).ports?.[0]
      ?.containerPort;
    expect(annotations[key!]).toContain(`http://%%host%%:${port}/metrics`);
  });
});
