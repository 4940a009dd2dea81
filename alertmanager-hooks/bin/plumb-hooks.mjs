#!/usr/bin/env node
// plumb-hooks: the remediation handler. TypeScript runs through tsx's loader.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
