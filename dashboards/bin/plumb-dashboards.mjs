#!/usr/bin/env node
import { register } from 'tsx/esm/api';
register();
const { runDashboardsCli } = await import('../src/cli.ts');
process.exitCode = runDashboardsCli(process.argv.slice(2));
