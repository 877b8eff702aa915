// record-item.js — record the item n8n 1.123.81's own Form Trigger code
// emits for a form submission, without running n8n (the fallback when the
// machine-wide recording lock is busy; record-serve.sh -r records the
// whole served execution instead).
//
//   node record-item.js WF.workflow.json REQUEST_FILE OUT.item.json
//
// It resolves the trigger's parameters with n8n-workflow's
// NodeHelpers.getNodeParameters (defaults and hidden parameters as n8n's
// Workflow does), listens on 127.0.0.1, sends REQUEST_FILE with curl (the
// same file record-serve.sh -r takes: one curl argument per line, {{BASE}}
// and {{DIR}} replaced), parses the multipart body with n8n's own
// createMultiFormDataParser, runs n8n-nodes-base's formWebhook with a
// webhook context (mode "webhook", the workflow's time zone, binary data
// in memory through n8n-core's copyBinaryFile) and writes the first item
// of workflowData plus the HTTP answer n8n would send.
'use strict';

const path = require('path');
const fs = require('fs');
const http = require('http');
const { execFileSync } = require('child_process');

const oracle = process.env.ORACLE_DIR || '/root/.cache/n8n-oracle';
const nm = (p) => require(path.join(oracle, 'node_modules', p));
const { Container } = nm('@n8n/di');
const { NodeHelpers } = nm('n8n-workflow');
const core = nm('n8n-core');
const { BinaryDataService } = core;
const binaryHelpers = nm('n8n-core/dist/execution-engine/node-execution-context/utils/binary-helper-functions.js');
const { createMultiFormDataParser } = nm('n8n/dist/webhooks/webhook-form-data.js');
const { FormTrigger } = nm('n8n-nodes-base/dist/nodes/Form/FormTrigger.node.js');
const { formWebhook } = nm('n8n-nodes-base/dist/nodes/Form/utils/utils.js');
const get = nm('lodash/get');

const [, , wfFile, requestFile, out] = process.argv;
if (!wfFile || !requestFile || !out) {
  console.error('usage: node record-item.js WF.workflow.json REQUEST_FILE OUT.item.json');
  process.exit(2);
}
const wf = JSON.parse(fs.readFileSync(wfFile, 'utf8'));
const node = wf.nodes.find((n) => n.type === 'n8n-nodes-base.formTrigger');
const nodeType = new FormTrigger().nodeVersions[node.typeVersion];
const params = NodeHelpers.getNodeParameters(nodeType.description.properties, node.parameters, true, false, node, nodeType.description);
Container.set(BinaryDataService, new BinaryDataService({ mode: 'default', availableModes: ['default'] }, { error() {} }, { debug() {} }));

const parse = createMultiFormDataParser(16);
const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  core.parseIncomingMessage(req); // contentType and encoding, as n8n's rawBodyReader
  req.query = Object.fromEntries(url.searchParams);
  const body = await parse(req);
  if (process.env.DEBUG) console.error(JSON.stringify(body));
  const ctx = {
    getNode: () => node,
    getNodeParameter: (name, fallback) => {
      const v = get(params, name);
      return v === undefined ? fallback : v;
    },
    getRequestObject: () => req,
    getResponseObject: () => res,
    getBodyData: () => body,
    getHeaderData: () => req.headers,
    getMode: () => 'webhook',
    getTimezone: () => (wf.settings && wf.settings.timezone) || 'UTC',
    getChildNodes: () => [],
    getInstanceId: () => 'record-item',
    getCredentials: async () => { throw new Error('no credentials'); },
    nodeHelpers: {
      copyBinaryFile: (filePath, fileName, mimeType) =>
        binaryHelpers.copyBinaryFile(wf.id, 'record-item', filePath, fileName, mimeType),
    },
  };
  const result = await formWebhook(ctx);
  fs.writeFileSync(out, JSON.stringify({ webhookResponse: result.webhookResponse, item: result.workflowData[0][0] }, null, 2) + '\n');
  res.end('ok');
  server.close();
});
server.listen(0, '127.0.0.1', () => {
  const base = `http://127.0.0.1:${server.address().port}`;
  const dir = path.dirname(path.resolve(requestFile));
  const args = fs.readFileSync(requestFile, 'utf8').split('\n').filter((l, i, all) => i < all.length - 1 || l !== '')
    .map((l) => l.replaceAll('{{BASE}}', base).replaceAll('{{DIR}}', dir));
  require('child_process').execFile('curl', ['-s', ...args], (err) => {
    if (err) { console.error(err); process.exit(1); }
    console.error(`record-item.js: ${out}`);
  });
});
