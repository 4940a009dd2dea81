/**
 * docker-compose.yml cannot run here (no Docker engine), so it is checked at its
 * contract: its services, ports and mounted configs must match what the stack runner
 * generates (`plumb sim compose`) and what the other packages expect.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadSpecFile } from '@plumb/io';
import { REGIONS } from '@plumb/sim/fleet';
import { loadScenario } from '@plumb/sim/scenario';
import { SimWorld } from '@plumb/sim/world';
import { COMPOSE_PORTS, composeConfigFiles, composeServiceName, grafanaRouteTokenFile, hooksServiceName, regionDatasourceUid } from '@plumb/sim/stack/compose';

const root = resolve(import.meta.dirname, '../..');
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8')) as { services: Record<string, Service> };
interface Service {
  image?: string;
  command?: string[];
  entrypoint?: string[];
  ports?: string[];
  volumes?: string[];
  environment?: Record<string, string>;
}
const svc = (name: string): Service => {
  const s = compose.services[name];
  if (!s) throw new Error(`docker-compose.yml has no service "${name}"`);
  return s;
};
const spec = loadSpecFile(join(root, 'examples/paywave/desired-state.yaml'));
if (!spec.ok) throw new Error('the example spec must load');
const generated = composeConfigFiles(new SimWorld(spec.model, loadScenario(join(root, 'sim/scenarios/default.yaml'))));

describe('docker-compose.yml', () => {
  it.each(Object.keys(generated))('ships deploy/compose/%s exactly as plumb sim compose generates it', (name) => {
    const file = join(root, 'deploy/compose', name);
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, generated[name] ?? '');
    expect(readFileSync(file, 'utf8')).toBe(generated[name]);
  });

  it.each(REGIONS)('runs a Prometheus for %s on its port with its generated config, the compiled rules and file_sd', (region) => {
    const s = svc(composeServiceName(region));
    const port = COMPOSE_PORTS.prometheus[region];
    expect(s.command).toContain(`--web.listen-address=:${port}`);
    expect(s.ports).toContain(`${port}:${port}`);
    expect(s.volumes).toContain(`./deploy/compose/prometheus-${region}.yml:/etc/prometheus/prometheus.yml:ro`);
    const cfg = parse(generated[`prometheus-${region}.yml`] ?? '') as {
      rule_files: string[];
      global: { external_labels: Record<string, string> };
      scrape_configs: { file_sd_configs?: { files: string[] }[] }[];
    };
    expect(cfg.global.external_labels.region).toBe(region);
    const rulesDir = cfg.rule_files[0]?.replace(/\/[^/]+$/, '');
    expect(s.volumes).toContain(`rules:${rulesDir}:ro`);
    const sdDir = cfg.scrape_configs[0]?.file_sd_configs?.[0]?.files[0]?.replace(/\/[^/]+$/, '');
    expect(s.volumes).toContain(`file_sd:${sdDir}:ro`);
  });

  it('federates every regional Prometheus into the global one at the ports compose publishes', () => {
    const cfg = parse(generated['prometheus-global.yml'] ?? '') as { scrape_configs: { static_configs: { targets: string[] }[] }[] };
    const targets = cfg.scrape_configs[0]?.static_configs.flatMap((c) => c.targets).sort();
    expect(targets).toEqual(REGIONS.map((r) => `${composeServiceName(r)}:${COMPOSE_PORTS.prometheus[r]}`).sort());
    expect(svc('prometheus-global').ports).toContain(`${COMPOSE_PORTS.global}:${COMPOSE_PORTS.global}`);
  });

  it('serves the simulator where the regional configs and file_sd targets point', () => {
    const s = svc('simulator');
    expect(s.command?.join(' ')).toContain(`--port ${COMPOSE_PORTS.simulator}`);
    expect(s.command?.join(' ')).toContain(`--advertise simulator:${COMPOSE_PORTS.simulator}`);
    for (const r of REGIONS) expect(generated[`prometheus-${r}.yml`]).toContain(`simulator:${COMPOSE_PORTS.simulator}`);
  });

  type AlertmanagerFile = {
    route: { receiver: string; routes: { matchers: string[]; receiver: string }[] };
    receivers: { name: string; webhook_configs?: { url: string; http_config: { authorization: { credentials_file: string } } }[] }[];
  };
  const am = parse(generated['alertmanager.yml'] ?? '') as AlertmanagerFile;

  it.each(REGIONS)("routes the alerts of %s to that region's plumb-hooks, on the port and path it serves, with the shared token file", (region) => {
    const route = am.route.routes.find((r) => r.matchers.includes(`region="${region}"`));
    const hook = am.receivers.find((r) => r.name === route?.receiver)?.webhook_configs?.[0];
    expect(hook?.url).toBe(`http://${hooksServiceName(region)}:${COMPOSE_PORTS.hooks[region]}/hooks/alertmanager`);
    expect(readFileSync(join(root, 'alertmanager-hooks/src/http/webhook-route.ts'), 'utf8')).toContain("'/hooks/alertmanager'");
    expect(svc('alertmanager').volumes).toContain(`secrets:${hook?.http_config.authorization.credentials_file.replace(/\/[^/]+$/, '')}:ro`);
    expect(svc('alertmanager').command).toContain(`--web.listen-address=:${COMPOSE_PORTS.alertmanager}`);
    expect(generated[`prometheus-${region}.yml`]).toContain(`alertmanager:${COMPOSE_PORTS.alertmanager}`);
    expect(svc(hooksServiceName(region)).ports).toContain(`${COMPOSE_PORTS.hooks[region]}:${COMPOSE_PORTS.hooks[region]}`);
  });

  it('sends an alert that names no region to no handler', () => {
    expect(am.receivers.find((r) => r.name === am.route.receiver)?.webhook_configs).toBeUndefined();
  });

  it.each(REGIONS)("gives the plumb-hooks of %s a config file that exists and points at its own region's Prometheus alone", (region) => {
    const s = svc(hooksServiceName(region));
    const file = s.command?.[1]?.replace('/app/', '') ?? '';
    expect(existsSync(join(root, file)), file).toBe(true);
    const cfg = parse(readFileSync(join(root, file), 'utf8')) as {
      replica: string;
      listen: { port: number };
      prometheus: { regions: Record<string, string> };
      alertmanagerUrl: string;
      specPath: string;
      auth: { webhook: { bearer: { file: string } } };
    };
    expect(existsSync(join(root, cfg.specPath.replace('/app/', ''))), cfg.specPath).toBe(true);
    const hook = am.receivers.find((r) => r.name === hooksServiceName(region))?.webhook_configs?.[0];
    expect(cfg.auth.webhook.bearer.file).toBe(hook?.http_config.authorization.credentials_file);
    expect(cfg.replica).toBe(hooksServiceName(region));
    expect(cfg.listen.port).toBe(COMPOSE_PORTS.hooks[region]);
    expect(cfg.alertmanagerUrl).toBe(`http://alertmanager:${COMPOSE_PORTS.alertmanager}`);
    expect(cfg.prometheus.regions).toEqual({ [region]: `http://${composeServiceName(region)}:${COMPOSE_PORTS.prometheus[region]}` });
    expect(s.volumes).toContain(`hooks-state-${region}:/var/lib/plumb-hooks`);
  });

  it("shows every region in Grafana: a data source per regional Prometheus, and the app listing each region's handler with that handler's own route token", () => {
    const g = svc('grafana');
    const mounted = (name: string) => g.volumes?.find((v) => v.startsWith(`./deploy/compose/${name}:`))?.split(':')[1];
    expect(mounted('grafana-datasources.yaml')).toMatch(/^\/etc\/grafana\/provisioning\/datasources\//);
    expect(mounted('grafana-plumb-app.yaml')).toBe('/etc/grafana/provisioning/plugins/plumb-app.yaml');
    const ds = parse(generated['grafana-datasources.yaml'] ?? '') as { datasources: { uid: string; url: string }[] };
    type App = {
      jsonData: { prometheusUid: string; regions: { name: string; prometheusUid: string; handlerUrl: string }[] };
      secureJsonData: Record<string, string>;
    };
    const app = (parse(generated['grafana-plumb-app.yaml'] ?? '') as { apps: App[] }).apps[0] as App;
    expect(app.jsonData.regions.map((r) => r.name)).toEqual([...REGIONS]);
    REGIONS.forEach((region, slot) => {
      const r = app.jsonData.regions[slot];
      expect(r?.handlerUrl).toBe(`http://${hooksServiceName(region)}:${COMPOSE_PORTS.hooks[region]}`);
      expect(r?.prometheusUid).toBe(regionDatasourceUid(region));
      expect(ds.datasources.find((d) => d.uid === r?.prometheusUid)?.url).toBe(`http://${composeServiceName(region)}:${COMPOSE_PORTS.prometheus[region]}`);
      // The slot's route token is the file its region's handler trusts for X-Grafana-User, made by init.
      expect(app.secureJsonData[`r${slot}RouteToken`]).toBe(`$__env{PLUMB_R${slot}_ROUTE_TOKEN}`);
      expect(g.entrypoint?.join('\n')).toContain(`export PLUMB_R${slot}_ROUTE_TOKEN=$$(cat ${grafanaRouteTokenFile(region)})`);
      const hooks = parse(generated[`${hooksServiceName(region)}.yaml`] ?? '') as { auth: { grafana: { token: { file: string } } } };
      expect(hooks.auth.grafana.token.file).toBe(grafanaRouteTokenFile(region));
      expect(svc('init').command?.join('\n')).toContain(grafanaRouteTokenFile(region).split('/').pop());
    });
    // The global view reads the global Prometheus: the generated data source the app names.
    expect(app.jsonData.prometheusUid).toBe('plumb-prometheus');
    expect(Object.keys(app.secureJsonData).sort()).toEqual(REGIONS.map((_, slot) => `r${slot}RouteToken`).sort());
    // Grafana forwards the signed-in user (X-Grafana-User) to every handler.
    expect(g.environment?.GF_DATAPROXY_SEND_USER_HEADER).toBe('true');
    expect(g.environment?.PLUMB_PROMETHEUS_URL).toBe(`http://prometheus-global:${COMPOSE_PORTS.global}`);
  });

  it('loads the plumb-app plugin and the generated dashboards into Grafana', () => {
    const g = svc('grafana');
    const pluginId = (JSON.parse(readFileSync(join(root, 'grafana-plugin/src/plugin.json'), 'utf8')) as { id: string }).id;
    expect(g.environment?.GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS).toBe(pluginId);
    expect(g.volumes).toContain(`plugin:/var/lib/grafana/plugins/${pluginId}:ro`);
    for (const v of g.volumes ?? []) if (v.startsWith('./')) expect(existsSync(join(root, v.split(':')[0] ?? '')), v).toBe(true);
    const provisioning = readFileSync(join(root, 'dashboards/generated/provisioning/dashboards/plumb.yaml'), 'utf8');
    expect(g.volumes?.some((v) => provisioning.includes(v.split(':')[1]?.replace(/:ro$/, '') ?? '\0'))).toBe(true);
  });
});
