/**
 * The handler as a test fixture: started in-process once per file against a real
 * kube-apiserver, driven round by round (no background worker), stopped after the file;
 * or as child processes a test can kill, all killed after the file.
 */
import { afterAll, beforeAll } from 'vitest';
import type { LogClient } from '@plumb/history/log/port';
import { createKafkaAuditSink } from '@plumb/history/wire';
import type { KubeConfig } from '@kubernetes/client-node';
import type { HandlerConfig } from '@plumb/alertmanager-hooks/config/schema';
import { makeKubeClients } from '@plumb/alertmanager-hooks/kube/clients';
import { startHandler, type RunningHandler } from '@plumb/alertmanager-hooks/server';
import { startChild, type ChildHandler } from './handler-process';
import { startTestKafka, type KafkaBroker } from './kafka-broker';
import { useStarted } from './fixture';

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

export interface HandlerProcesses {
  /** Starts one more plumb-hooks process, as {@link startChild}. */
  start(configPath: string, port: number, logFile: string): Promise<ChildHandler>;
  /** Every process started, in order. */
  readonly all: readonly ChildHandler[];
}

/** Handler processes with `env` (role tokens) that are all killed after the file. */
export function useHandlerProcesses(env: Record<string, string>): HandlerProcesses {
  const all: ChildHandler[] = [];
  afterAll(async () => {
    for (const c of all) await c.kill();
  });
  return {
    all,
    async start(configPath, port, logFile) {
      const child = await startChild(configPath, port, logFile, env);
      all.push(child);
      return child;
    },
  };
}

export interface KafkaAuditedHandler {
  readonly broker: KafkaBroker;
  readonly client: LogClient;
  readonly handler: RunningHandler;
  readonly auditPath: string;
}

/**
 * A real Kafka broker (with Plumb's topics) and a handler started with `config()` (without
 * Kubernetes) whose audit is forwarded to it as chain `chainId`: started in `beforeAll`, stopped in `afterAll`.
 */
export function useKafkaAuditedHandler(o: { chainId: string; config: () => HandlerConfig; env: Record<string, string> }): KafkaAuditedHandler {
  return useStarted(
    'the Kafka-audited handler',
    async () => {
      const { broker, client } = await startTestKafka({ topics: true });
      const cfg = o.config();
      const result = await startHandler(cfg, {
        kube: null,
        env: { ...process.env, ...o.env },
        auditSink: (from) => createKafkaAuditSink({ brokers: broker.brokers, chainId: o.chainId, ...(from ? { resumeFrom: from } : {}) }),
      });
      if (!result.ok) throw new Error(result.errors.join('\n'));
      return { broker, client, handler: result.handler, auditPath: cfg.auditPath };
    },
    async ({ handler, broker }) => {
      await handler.stop().catch(() => {});
      await broker.dispose();
    },
  );
}
