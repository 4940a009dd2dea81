/**
 * The plugin's pages in Debian's Chromium, through the dev host, against a real
 * Prometheus (the test fleet with its known drift, rules compiled from the PayWave
 * spec) and the real remediation handler.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPluginAndHost, launchChromium, startDevHost, type Browser, type DevHost } from './support/browser';
import { ROUTE_TOKEN, startTestHandler, TOKENS, type TestHandler } from './support/handler';
import { startFleetPrometheus, type FleetPrometheus } from './support/prometheus';

/** The plugin's own test ids (grafana-plugin/src/testIds.ts), the ones its components render. */
interface TestIds {
  impact: { row(rank: number): string; chart(rank: number): string };
  overview: { compliance: string; topImpact: string; unknown: string };
  drift: {
    nodeLink(node: string): string;
    nodeDiff: string;
    cause(workloadDimension: string): string;
    timeline: string;
    timelineRow(workloadDimension: string): string;
  };
  remediation: { approvals: string; approve(id: string): string; chain: string; audit: string; pause(id: string): string; resume(id: string): string };
}
// Loaded at run time: the test project does not reference the plugin's TypeScript project.
const TEST_IDS_MODULE = '@plumb/grafana-plugin/testIds';
const { testIds } = (await import(/* @vite-ignore */ TEST_IDS_MODULE)) as { testIds: TestIds };

let prom: FleetPrometheus;
let hooks: TestHandler;
let host: DevHost;
let browser: Browser;

beforeAll(async () => {
  await buildPluginAndHost();
  prom = await startFleetPrometheus();
  hooks = await startTestHandler(prom.url);
  await hooks.raiseDrift([
    { node: 'spark-batch-us-east-1-00', region: 'us-east-1', workload: 'spark-batch', dimension: 'spark.sql.session.timeZone' },
    { node: 'spark-batch-us-east-1-01', region: 'us-east-1', workload: 'spark-batch', dimension: 'spark.sql.session.timeZone' },
  ]);
  host = await startDevHost(prom.url, hooks.handler.url, ROUTE_TOKEN);
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await host?.stop();
  await hooks?.stop();
  await prom?.stop();
});

const tid = (id: string) => `[data-testid="${id}"]`;

async function open(route: string, role: 'Viewer' | 'Editor' | 'Admin'): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(`${host.url}/a/plumb-app/${route}?role=${role}`);
  await page.waitForSelector('body[data-plumb-host="ready"]', { timeout: 30_000 });
  return page;
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(browser.screenshotDir, `${name}.png`), fullPage: true });

describe('the Impact page', () => {
  it('ranks the injected time-zone drift, the low fetch.min.bytes cohort and auto-commit at the top.', async () => {
    const page = await open('impact', 'Viewer');
    await page.waitForSelector(tid(testIds.impact.row(1)), { timeout: 30_000 });
    const top = await Promise.all([1, 2, 3].map((r) => page.locator(tid(testIds.impact.row(r))).innerText()));
    const rest = await page.locator('[data-testid^="data-testid impact-row-"]').count();
    await shot(page, 'impact');
    expect(top.some((t) => t.includes('spark.sql.session.timeZone = America/New_York'))).toBe(true);
    expect(top.some((t) => t.includes('fetch.min.bytes = 1024') && t.includes('consumer_lag'))).toBe(true);
    expect(top.some((t) => t.includes('enable.auto.commit = true') && t.includes('duplicate_loads'))).toBe(true);
    expect(rest).toBe(6);
    await page.close();
  });

  it("charts each top cohort's symptom over time beside its compliant peers, with drift onset and remediation marked (Grafana's TimeSeries).", async () => {
    // The symptoms are rates over the fleet Prometheus's own samples: on a busy machine the first
    // load can come before each cohort has two of them, so the page is opened again until it has.
    const drawn = async () => {
      const page = await open('impact', 'Viewer');
      const charts = [1, 2, 3].map((r) => page.locator(tid(testIds.impact.chart(r))));
      for (const c of charts) await c.locator('canvas').first().waitFor({ timeout: 30_000 });
      await page.waitForTimeout(500); // uPlot draws on the next frame
      const lasts = await Promise.all(charts.map((c) => c.getAttribute('data-drifted-last')));
      return { page, charts, hasData: lasts.every((v) => Number(v) > 0) };
    };
    let { page, charts, hasData } = await drawn();
    for (let attempt = 0; !hasData && attempt < 6; attempt++) {
      await page.close();
      await new Promise((r) => setTimeout(r, 5_000));
      ({ page, charts, hasData } = await drawn());
    }
    await shot(page, 'impact-charts');
    for (const [i, c] of charts.entries()) await c.screenshot({ path: join(browser.screenshotDir, `impact-chart-${i + 1}.png`) });
    const texts = await Promise.all(charts.map((c) => c.innerText()));
    const rows = await Promise.all([1, 2, 3].map((r) => page.locator(tid(testIds.impact.row(r))).innerText()));
    for (const t of texts) {
      expect(t).toContain('drifted cohort (median)');
      expect(t).toContain('compliant peers (median)');
      expect(t).toContain('drift onset');
    }
    // The time-zone cohort's nodes have quarantines awaiting approval: marked on its chart.
    // The drifted cohort's median is far above its compliant peers' on the symptom that ranked it.
    for (const c of charts) {
      const [drifted, peers] = await Promise.all([c.getAttribute('data-drifted-last'), c.getAttribute('data-peers-last')]);
      expect(Number(drifted)).toBeGreaterThan(Number(peers) * 5);
    }
    const tz = rows.findIndex((r) => r.includes('spark.sql.session.timeZone'));
    expect(texts[tz]).toMatch(/quarantine spark-batch-us-east-1-0[01] \(awaiting-approval\)/);
    // uPlot drew the two series and the markers on a sized canvas.
    const canvas = await charts[0]!
      .locator('canvas')
      .first()
      .evaluate((el) => {
        // The test project has no DOM types: the canvas, as far as this check reads it.
        const c = el as unknown as {
          width: number;
          height: number;
          getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } };
        };
        const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        let painted = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) painted++;
        return { width: c.width, height: c.height, painted };
      });
    expect(canvas.width).toBeGreaterThan(400);
    expect(canvas.painted).toBeGreaterThan(1000);
    await page.close();
  });
});

describe('the Overview page', () => {
  it('shows compliance per region and workload, the unknown nodes and the top drift.', async () => {
    const page = await open('overview', 'Viewer');
    await page.waitForSelector(`${tid(testIds.overview.compliance)} table`, { timeout: 30_000 });
    await page.waitForSelector(`${tid(testIds.overview.topImpact)} ${tid(testIds.impact.row(1))}`, { timeout: 30_000 });
    const unknown = await page.locator(tid(testIds.overview.unknown)).innerText();
    const compliance = await page.locator(tid(testIds.overview.compliance)).innerText();
    await shot(page, 'overview');
    expect(unknown).toContain('3');
    expect(unknown).toContain('2 collector-failed');
    expect(compliance).toMatch(/spark-streaming/);
    await page.close();
  });
});

describe('the Drift explorer', () => {
  it('drills into a flapping node and shows its diff against compliant nodes, secrets as hashes only, and who made the change and when.', async () => {
    const page = await open('drift', 'Viewer');
    const node = 'spark-streaming-us-east-1-01';
    await page
      .locator(tid(testIds.drift.nodeLink(node)))
      .first()
      .click({ timeout: 30_000 });
    await page.waitForSelector(`${tid(testIds.drift.nodeDiff)} table`, { timeout: 30_000 });
    const diff = await page.locator(tid(testIds.drift.nodeDiff)).innerText();
    await shot(page, 'drift-explorer');
    expect(diff).toMatch(/fetch\.min\.bytes\s+1024\s+1048576/);
    expect(diff).toContain('flapping');
    expect(diff).toMatch(/KAFKA_SASL_PASSWORD\s+#[0-9a-f]{8}\s+\(secret\)/);
    expect(diff).not.toContain('sasl-password');
    const cause = await page.locator(tid(testIds.drift.cause('spark-streaming/fetch.min.bytes'))).innerText();
    expect(cause).toMatch(/^changed by jane\.doe-hotfix at \S+/);
    // The node's dimension history as a state timeline, and its cohort's symptom over time.
    const row = page.locator(tid(testIds.drift.timelineRow('spark-streaming/fetch.min.bytes')));
    await row.waitFor({ timeout: 30_000 });
    expect(await row.locator('[data-state="drifted"]').count()).toBeGreaterThan(0);
    expect(await row.innerText()).toContain('1024');
    const chart = page.locator(`${tid(testIds.impact.chart(2))}, ${tid(testIds.impact.chart(1))}, ${tid(testIds.impact.chart(3))}`).first();
    await chart.locator('canvas').first().waitFor({ timeout: 30_000 });
    expect(await chart.innerText()).toContain('consumer_lag');
    await page.waitForTimeout(500);
    await shot(page, 'drift-explorer-node');
    await page.locator(tid(testIds.drift.timeline)).screenshot({ path: join(browser.screenshotDir, 'drift-timeline.png') });
    await page.close();
  });
});

describe('the Remediation page', () => {
  it('hides approve and rollback from a viewer.', async () => {
    const page = await open('remediation', 'Viewer');
    await page.waitForSelector(tid(testIds.remediation.approvals), { timeout: 30_000 });
    expect(await page.locator('[data-testid^="data-testid approve-"]').count()).toBe(0);
    expect(await page.locator(tid(testIds.remediation.approvals)).innerText()).toContain('Needs an approver');
    await page.close();
  });
  it('lets an approver approve a pending quarantine, which changes the handler’s state and extends the audit chain.', async () => {
    const page = await open('remediation', 'Admin');
    const pending = hooks.handler.engine.ledger.actionsInState(['awaiting-approval']);
    expect(pending.length).toBe(2);
    const id = pending[0]!.id;
    await page.waitForSelector(tid(testIds.remediation.approve(id)), { timeout: 30_000 });
    await shot(page, 'remediation');
    await page.locator(tid(testIds.remediation.approve(id))).click();
    await expect.poll(() => hooks.handler.engine.ledger.getAction(id)?.state, { timeout: 15_000 }).not.toBe('awaiting-approval');
    // The person signed in to Grafana, forwarded by the route, is the approver on record.
    expect(hooks.handler.engine.ledger.getAction(id)?.approvedBy).toBe('dev-admin');
    await page.waitForSelector(`${tid(testIds.remediation.approvals)} >> text=Pending approvals (1)`, { timeout: 15_000 });
    const chain = await page.locator(tid(testIds.remediation.chain)).innerText();
    expect(chain).toContain('Chain intact');
    const audit = await page.locator(tid(testIds.remediation.audit)).innerText();
    expect(audit).toContain('dev-admin');
    await page.close();
  });
  it('shows the banner of an active pause with scope, reason, who and expiry, and resumes it for an approver.', async () => {
    const paused = await fetch(`${hooks.handler.url}/api/v1/pause`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKENS.approver}`, 'content-type': 'application/json' },
      body: JSON.stringify({ scope: 'region', region: 'us-east-1', reason: 'incident 4711', expiresInMinutes: 90 }),
    });
    const { pause } = (await paused.json()) as { pause: { id: string } };
    const page = await open('remediation', 'Admin');
    const banner = tid(testIds.remediation.pause(pause.id));
    await page.waitForSelector(banner, { timeout: 30_000 });
    await shot(page, 'remediation-paused');
    const text = await page.locator(banner).innerText();
    expect(text).toContain('Remediation paused in region us-east-1');
    expect(text).toContain('incident 4711 — paused by anna.approver');
    await page.locator(tid(testIds.remediation.resume(pause.id))).click();
    await expect.poll(() => hooks.handler.engine.ledger.pauses.get(pause.id)?.endedBy, { timeout: 15_000 }).toBe('dev-admin');
    await page.close();
  });
});
