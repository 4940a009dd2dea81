#!/usr/bin/env node
import { register } from 'tsx/esm/api';
register();
const { runQueryHistoryCli } = await import('../src/cli/query-main.ts');
process.exitCode = await runQueryHistoryCli(process.argv.slice(2));
