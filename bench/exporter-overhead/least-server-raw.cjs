// The least a Node exporter can be, pared further than least-server.mjs: CommonJS (no ESM
// loader), HTTP written by hand on node:net (no node:http), no gzip (no node:zlib); still
// node:crypto to hash and node:fs to read the host every second. Started by run.ts with
// the exporter's own flags.
//
//   node [flags] least-server-raw.cjs <port> <body bytes>
'use strict';
const { createHmac } = require('node:crypto');
const { readFileSync } = require('node:fs');
const { createServer } = require('node:net');

const [port, bodyBytes] = process.argv.slice(2).map(Number);
const line = 'plumb_config_info{dimension="spark.executor.memory",hash="0123456789abcdef"} 1\n';
const body = line.repeat(Math.ceil(bodyBytes / line.length)).slice(0, bodyBytes);
let digest = '';
setInterval(() => {
  digest = createHmac('sha256', 'salt').update(readFileSync('/proc/self/stat')).update(body).digest('hex');
}, 1000);
createServer((socket) => {
  socket.once('data', () => {
    const head = `HTTP/1.1 200 OK\r\ncontent-type: text/plain; version=0.0.4\r\ncontent-length: ${Buffer.byteLength(body)}\r\nx-digest: ${digest}\r\nconnection: close\r\n\r\n`;
    socket.end(head + body);
  });
  socket.on('error', () => socket.destroy());
}).listen(port, '127.0.0.1');
