/**
 * `dev-host --prometheus URL --handler URL [--port N]`: serves the built plugin with the
 * runtime services it needs. The handler route token comes from PLUMB_ROUTE_TOKEN and
 * never reaches the browser; the signed-in user is `dev-<role>`. Prints
 * `dev host listening on http://127.0.0.1:PORT` when ready.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createDevHost } from './server';

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    prometheus: { type: 'string' },
    handler: { type: 'string' },
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
  },
});
if (!values.prometheus || !values.handler) {
  process.stderr.write('usage: dev-host --prometheus URL --handler URL [--port N]\n');
  process.exit(2);
}
const tokens = process.env.PLUMB_ROUTE_TOKEN ? { routeToken: process.env.PLUMB_ROUTE_TOKEN } : {};
const server = createDevHost({
  pluginDist: join(here, '../dist'),
  hostDist: join(here, 'dist'),
  prometheusUrl: values.prometheus,
  handlerUrl: values.handler,
  tokens,
});
server.listen(Number(values.port), values.host, () => {
  const addr = server.address() as { port: number };
  process.stdout.write(`dev host listening on http://${values.host}:${addr.port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
