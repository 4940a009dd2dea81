/**
 * `plumb-query-history`: reads the warehouse's query history through Snowflake's SQL API
 * at each scrape and serves failed queries and query anomalies per node and workload.
 *   plumb-query-history --account-url https://ORG-ACCOUNT.snowflakecomputing.com [--listen 127.0.0.1:9309]
 *     [--warehouse W] [--role R] [--token-type KEYPAIR_JWT|OAUTH|PROGRAMMATIC_ACCESS_TOKEN]
 * The token comes from PLUMB_SNOWFLAKE_TOKEN, never from the command line.
 */
import { QueryHistoryCollector } from '../queries/collector';
import { createQueryHistoryRegistry } from '../queries/metrics';
import { executeStatement, type SqlApiOptions } from '../queries/sql-api';
import { createMetricsServer } from '../lag/server';
import { parseArgs } from './args';

const USAGE =
  'usage: plumb-query-history --account-url URL [--listen 127.0.0.1:9309] [--warehouse W] [--role R] [--token-type KEYPAIR_JWT|OAUTH|PROGRAMMATIC_ACCESS_TOKEN]  (token in PLUMB_SNOWFLAKE_TOKEN)';
const TOKEN_TYPES = ['KEYPAIR_JWT', 'OAUTH', 'PROGRAMMATIC_ACCESS_TOKEN'] as const;

export async function runQueryHistoryCli(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const args = parseArgs(argv, ['account-url', 'listen', 'warehouse', 'role', 'token-type'], ['help']);
  if (!args.ok) return usage(args.error);
  if (args.switches.has('help')) return usage();
  const accountUrl = args.flags['account-url'];
  if (!accountUrl || !/^https?:\/\/[^/\s]+\/?$/.test(accountUrl))
    return usage('--account-url must be the account URL, e.g. https://myorg-myaccount.snowflakecomputing.com');
  const tokenType = (args.flags['token-type'] ?? 'KEYPAIR_JWT') as SqlApiOptions['tokenType'];
  if (!TOKEN_TYPES.includes(tokenType)) return usage(`--token-type must be one of ${TOKEN_TYPES.join(', ')}`);
  const token = env.PLUMB_SNOWFLAKE_TOKEN;
  if (!token) return usage('PLUMB_SNOWFLAKE_TOKEN must hold the SQL API token');
  const listen = /^(.+):(\d+)$/.exec(args.flags.listen ?? '127.0.0.1:9309');
  if (!listen) return usage(`--listen must be host:port, got ${args.flags.listen ?? ''}`);
  const api: SqlApiOptions = { baseUrl: accountUrl, token, tokenType, warehouse: args.flags.warehouse, role: args.flags.role };
  const collector = new QueryHistoryCollector({ run: (statement, bindings) => executeStatement(api, statement, bindings) });
  const server = createMetricsServer(createQueryHistoryRegistry(collector));
  await new Promise<void>((resolve) => server.listen(Number(listen[2]), (listen[1] as string).replace(/^\[|\]$/g, ''), resolve));
  process.stdout.write(`plumb-query-history serving http://${args.flags.listen ?? '127.0.0.1:9309'}/metrics\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => void server.close(() => resolve());
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}

function usage(error?: string): number {
  process.stderr.write(`${error ? `plumb-query-history: ${error}\n` : ''}${USAGE}\n`);
  return error ? 2 : 0;
}
