// prepare.js <in.workflow.json> <out.json> [creds.json]
//
// Writes the copy of a workflow that record.sh hands to `n8n import:workflow`:
// it gets an id, an unconnected Manual Trigger when it has none (`n8n
// execute` refuses a workflow without one; n8n then starts at the real
// trigger with one empty item), and each node's credentials point at the id
// of the imported credential of the same type.
'use strict';

const fs = require('fs');

const [, , input, output, credsFile] = process.argv;
const wf = JSON.parse(fs.readFileSync(input, 'utf8'));

wf.id = wf.id || 'oracleWorkflow01';
wf.name = wf.name || 'oracle';
wf.active = false;
wf.connections = wf.connections || {};
wf.settings = wf.settings || {};

const hasManual = wf.nodes.some((n) => n.type === 'n8n-nodes-base.manualTrigger' && !n.disabled);
if (!hasManual) {
  let name = 'Oracle Manual Trigger';
  while (wf.nodes.some((n) => n.name === name)) name += ' 1';
  wf.nodes.push({
    id: 'oracle-manual-trigger',
    name,
    type: 'n8n-nodes-base.manualTrigger',
    typeVersion: 1,
    position: [-2000, -2000],
    parameters: {},
  });
}

if (credsFile) {
  const creds = JSON.parse(fs.readFileSync(credsFile, 'utf8'));
  const byType = {};
  for (const c of creds) byType[c.type] = c;
  for (const n of wf.nodes) {
    for (const type of Object.keys(n.credentials || {})) {
      const c = byType[type];
      if (c) n.credentials[type] = { id: c.id, name: c.name };
    }
  }
}

fs.writeFileSync(output, JSON.stringify(wf, null, 2));
