/**
 * Debian's Chromium driven by playwright-core, with a fresh profile per run, and the
 * builds and dev host the browser tests need. Screenshots go to docs/screenshots when
 * PLUMB_SCREENSHOTS=1, otherwise to a temp dir.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type BrowserContext } from 'playwright-core';
import { stopChild } from './prometheus';

const run = promisify(execFile);
export const REPO = resolve(import.meta.dirname, '../../..');
export const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Builds the plugin (dist/) and the dev host page; both builds are idempotent. */
export async function buildPluginAndHost(): Promise<void> {
  const vite = join(REPO, 'node_modules/.bin/vite');
  // The test runner sets NODE_ENV=test; a production build must not inherit it.
  const env = { ...process.env, NODE_ENV: 'production' };
  await run(vite, ['build', '--config', 'grafana-plugin/vite.config.ts'], { cwd: REPO, env, maxBuffer: 32 * 1024 * 1024 });
  await run(vite, ['build', '--config', 'grafana-plugin/dev-host/vite.config.ts', '--logLevel', 'error'], { cwd: REPO, env, maxBuffer: 32 * 1024 * 1024 });
}

export interface DevHost {
  url: string;
  stop(): Promise<void>;
}

/** Starts the dev host against a Prometheus and a handler; the route token goes in its environment only. */
export async function startDevHost(prometheusUrl: string, handlerUrl: string, routeToken: string): Promise<DevHost> {
  const child: ChildProcess = spawn(
    process.execPath,
    [join(REPO, 'grafana-plugin/dev-host/bin/dev-host.mjs'), '--prometheus', prometheusUrl, '--handler', handlerUrl],
    {
      cwd: REPO,
      env: { ...process.env, PLUMB_ROUTE_TOKEN: routeToken },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`dev host did not start: ${err}`)), 30_000);
    child.stdout?.on('data', (d: Buffer) => {
      const m = /listening on (http:\/\/\S+)/.exec(d.toString());
      if (m) (clearTimeout(timer), ok(m[1]!));
    });
    child.once('exit', (code) => (clearTimeout(timer), fail(new Error(`dev host exited ${code}: ${err}`))));
  });
  return { url, stop: () => stopChild(child) };
}

export interface Browser {
  context: BrowserContext;
  screenshotDir: string;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'plumb-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1440, height: 1000 },
  });
  const screenshotDir = process.env.PLUMB_SCREENSHOTS === '1' ? join(REPO, 'docs/screenshots') : mkdtempSync(join(tmpdir(), 'plumb-shots-'));
  mkdirSync(screenshotDir, { recursive: true });
  return {
    context,
    screenshotDir,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
