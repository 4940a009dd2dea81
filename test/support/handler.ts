/**
 * The handler as a test fixture: started in-process once per file against a real
 * kube-apiserver, driven round by round (no background worker), stopped after the file.
 */
import { afterAll, beforeAll } from 'vitest';
import type { KubeConfig } from '@kubernetes/client-node';
import type { HandlerConfig } from '@plumb/alertmanager-hooks/config/schema';
import { makeKubeClients } from '@plumb/alertmanager-hooks/kube/clients';
import { startHandler, type RunningHandler } from '@plumb/alertmanager-hooks/server';

export interface HandlerSetup {
  config: HandlerConfig;
  kubeConfig: KubeConfig;
  /** Added to the process environment (role tokens). */
  env: Record<string, string>;
}

export interface HandlerFixture {
  readonly handler: RunningHandler;
  /** Where Alertmanager posts: `<url>/hooks/alertmanager`. */
  readonly hookUrl: string;
  /** Runs `n` worker rounds, each to idle. */
  rounds(n: number): Promise<void>;
  /** The first action the ledger holds for `node`. */
  actionFor(node: string): ReturnType<RunningHandler['engine']['ledger']['listActions']>[number];
}

/** Starts the handler in `beforeAll` from what `setup` returns (after its own servers start) and stops it in `afterAll`. */
export function useHandler(setup: () => Promise<HandlerSetup>): HandlerFixture {
  let running: RunningHandler | undefined;
  beforeAll(async () => {
    const { config, kubeConfig, env } = await setup();
    const started = await startHandler(config, { kube: makeKubeClients(kubeConfig), env: { ...process.env, ...env }, autoRun: false });
    if (!started.ok) throw new Error(started.errors.join('\n'));
    running = started.handler;
  });
  afterAll(async () => {
    await running?.stop();
  });
  const handler = (): RunningHandler => {
    if (running === undefined) throw new Error('the handler fixture is used before beforeAll started it');
    return running;
  };
  return {
    get handler() {
      return handler();
    },
    get hookUrl() {
      return `${handler().url}/hooks/alertmanager`;
    },
    async rounds(n) {
      for (let i = 0; i < n; i++) {
        await handler().worker.round();
        await handler().worker.idle();
      }
    },
    actionFor: (node) => handler().engine.ledger.listActions({ node })[0]!,
  };
}
