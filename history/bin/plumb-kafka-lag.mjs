#!/usr/bin/env node
import { register } from 'tsx/esm/api';
register();
const { runLagCli } = await import('../src/cli/lag-main.ts');
process.exitCode = await runLagCli(process.argv.slice(2));
