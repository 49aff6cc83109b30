/**
 * Preloaded (node --require) into a child process and, by node, into each of its
 * worker threads: any attempt to reach the network is written to NO_NETWORK_LOG
 * and fails. Used to prove that OCR fetches nothing.
 */
'use strict';
const { appendFileSync } = require('node:fs');
const { isMainThread } = require('node:worker_threads');

const log = process.env.NO_NETWORK_LOG;
function attempt(what) {
  if (log) appendFileSync(log, `${isMainThread ? 'main' : 'worker'} ${what}\n`);
  return new Error(`network use refused in this test: ${what}`);
}

const net = require('node:net');
const origConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function connect(...args) {
  // node passes its normalised [options, callback] pair as the first argument.
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  // Local pipes (tsx's IPC, the test runner's) are not the network.
  const isPipe = typeof first === 'string' || Boolean(first && typeof first === 'object' && first.path);
  if (!isPipe) throw attempt(`net.connect ${JSON.stringify(first)}`);
  return origConnect.apply(this, args);
};
for (const name of ['http', 'https']) {
  const mod = require(`node:${name}`);
  mod.request = (...a) => {
    throw attempt(`${name}.request ${String(a[0] && (a[0].href || a[0].host || a[0]))}`);
  };
  mod.get = mod.request;
}
require('node:tls').connect = (...a) => {
  throw attempt(`tls.connect ${JSON.stringify(a[0])}`);
};
const dns = require('node:dns');
dns.lookup = (host) => {
  throw attempt(`dns.lookup ${host}`);
};
dns.promises.lookup = async (host) => {
  throw attempt(`dns.promises.lookup ${host}`);
};
globalThis.fetch = async (url) => {
  throw attempt(`fetch ${String(url && (url.href || url.url || url))}`);
};
if (log) appendFileSync(log, `${isMainThread ? 'main' : 'worker'} guarded\n`);
