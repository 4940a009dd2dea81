#!/usr/bin/env node
// plumb-exporter: per-node config-state exporter. Runs the TypeScript sources through tsx.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/run.ts');
