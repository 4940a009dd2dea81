// The least a Node exporter can be: the Node builtins plumb-exporter needs (node:http to serve,
// node:crypto to hash, node:zlib to gzip, node:fs to read the host) and nothing of Plumb's.
// Every second it reads a file and hashes BODY_BYTES of text, as a collection would; each
// scrape answers the same fixed body, gzipped when asked. Started by run.ts with the
// exporter's own flags; its RSS is the floor below which no Node exporter can go.
//
//   node [flags] least-server.mjs <port> <body bytes>
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { gzipSync } from 'node:zlib';

const [port, bodyBytes] = process.argv.slice(2).map(Number);
const line = 'plumb_config_info{dimension="spark.executor.memory",hash="0123456789abcdef"} 1\n';
const body = line.repeat(Math.ceil(bodyBytes / line.length)).slice(0, bodyBytes);
let digest = '';
setInterval(() => {
  digest = createHmac('sha256', 'salt').update(readFileSync('/proc/self/stat')).update(body).digest('hex');
}, 1000);
createServer((req, res) => {
  const gzip = /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
  res.setHeader('content-type', 'text/plain; version=0.0.4');
  res.setHeader('x-digest', digest);
  if (gzip) res.setHeader('content-encoding', 'gzip');
  res.end(gzip ? gzipSync(body) : body);
}).listen(port, '127.0.0.1');
