// Node preload for recording with real n8n against local fakes.
//
// Loaded with NODE_OPTIONS="--require <this file>". It makes the host names
// listed in ORACLE_FAKE_HOSTS (comma separated; default api.notion.com and
// api.clockify.me) resolve to 127.0.0.1, so n8n's hard-coded API hosts reach
// the fake server on loopback. Nothing machine-wide changes, and any other
// name still resolves normally.
'use strict';

const dns = require('dns');

const hosts = new Set(
  (process.env.ORACLE_FAKE_HOSTS || 'api.notion.com,api.clockify.me')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean),
);

const original = dns.lookup;

function fakeLookup(hostname, options, callback) {
  if (typeof options === 'function') {
    callback = options;
    options = {};
  }
  if (typeof options === 'number') {
    options = { family: options };
  }
  options = options || {};
  if (typeof hostname === 'string' && hosts.has(hostname.toLowerCase())) {
    const answer = { address: '127.0.0.1', family: 4 };
    process.nextTick(() => {
      if (options.all) {
        callback(null, [answer]);
      } else {
        callback(null, answer.address, answer.family);
      }
    });
    return {};
  }
  return original.call(dns, hostname, options, callback);
}

dns.lookup = fakeLookup;
if (dns.promises && typeof dns.promises.lookup === 'function') {
  const originalPromise = dns.promises.lookup;
  dns.promises.lookup = function lookup(hostname, options) {
    if (typeof hostname === 'string' && hosts.has(hostname.toLowerCase())) {
      const answer = { address: '127.0.0.1', family: 4 };
      return Promise.resolve(options && options.all ? [answer] : answer);
    }
    return originalPromise.call(dns.promises, hostname, options);
  };
}
