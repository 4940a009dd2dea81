/** Public surface of @plumb/alertmanager-hooks. */
export { createApp } from './http/app';
export { startHandler, type HandlerOptions, type RunningHandler } from './server';
export { runAuditCli } from './cli/audit';
export { loadConfigFile, validateConfig } from './config/load';
export { HandlerConfigSchema, type HandlerConfig } from './config/schema';
export { evaluateGuardrails } from './guardrails/evaluate';
export { verifyChain } from './audit/chain';
