/**
 * The exporter runs with one set of Node/V8 flags everywhere it is deployed (the container
 * image the DaemonSet runs, the EMR unit), and those flags keep what its options need.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXPORTER_NODE_FLAGS } from '@plumb/exporter/deploy/node-flags';

const REPO = resolve(import.meta.dirname, '../..');

function unitNodeFlags(): string[] {
  const unit = readFileSync(join(REPO, 'deploy/emr/plumb-exporter.service'), 'utf8');
  const exec = /^ExecStart=(.*)$/m.exec(unit)?.[1] ?? '';
  const words = exec.split(/\s+/);
  return words.slice(
    1,
    words.findIndex((w) => w.endsWith('plumb-exporter.mjs')),
  );
}

function imageNodeFlags(): string[] {
  const dockerfile = readFileSync(join(REPO, 'exporter/Dockerfile'), 'utf8');
  const entry = JSON.parse(/^ENTRYPOINT (\[.*\])$/m.exec(dockerfile)?.[1] ?? '[]') as string[];
  return entry.slice(
    1,
    entry.findIndex((w) => w.endsWith('plumb-exporter.mjs')),
  );
}

describe('exporter Node flags', () => {
  it('The EMR systemd unit starts the exporter with exactly the deploy flags.', () => {
    expect(unitNodeFlags()).toEqual([...EXPORTER_NODE_FLAGS]);
  });

  it('The container image the DaemonSet runs starts the exporter with exactly the deploy flags.', () => {
    expect(imageNodeFlags()).toEqual([...EXPORTER_NODE_FLAGS]);
  });

  it('The deploy flags keep WebAssembly, which the Kubernetes client (undici) needs for --kubernetes.', () => {
    const out = execFileSync(process.execPath, [...EXPORTER_NODE_FLAGS, '-p', 'typeof WebAssembly.compile'], { encoding: 'utf8' });
    expect(out.trim()).toBe('function');
  });

  it('The deploy flags turn the optimising compilers off (the memory they cost is what the flags save).', () => {
    const out = execFileSync(
      process.execPath,
      [
        ...EXPORTER_NODE_FLAGS,
        '--allow-natives-syntax',
        '-p',
        'function f(x){return x+1};%PrepareFunctionForOptimization(f);f(1);%OptimizeFunctionOnNextCall(f);f(2);%GetOptimizationStatus(f) & 16',
      ],
      { encoding: 'utf8' },
    );
    expect(Number(out.trim())).toBe(0);
  });
});
