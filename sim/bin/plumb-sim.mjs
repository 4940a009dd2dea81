#!/usr/bin/env node
// plumb-sim: the fleet simulator and the local stack runner.
import { register } from 'tsx/esm/api';
register();
const { runSimCli } = await import('../src/cli.ts');
process.exitCode = await runSimCli(process.argv.slice(2));
