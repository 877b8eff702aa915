// executions.js <n8n user folder> <mode> <out.json>
//
// Writes the newest execution of the given mode (e.g. "error": an error
// workflow that n8n started after a failed run) from the n8n database in a
// user folder kept by `ORACLE_KEEP=1 record.sh`, in the shape `n8n execute
// --rawOutput` prints (IRun: {data, mode, status, finished, …}). n8n stores
// the run data with the flatted encoding; this decodes it.
'use strict';

const path = require('path');
const fs = require('fs');

const oracle = process.env.ORACLE_DIR || '/root/.cache/n8n-oracle';
const sqlite3 = require(path.join(oracle, 'node_modules/sqlite3'));
const { parse } = require(path.join(oracle, 'node_modules/flatted'));

const [, , home, mode, out] = process.argv;
if (!home || !mode || !out) {
  console.error('usage: executions.js <n8n user folder> <mode> <out.json>');
  process.exit(2);
}
const db = new sqlite3.Database(path.join(home, '.n8n', 'database.sqlite'), sqlite3.OPEN_READONLY);
db.all(
  `SELECT e.id, e.mode, e.status, e.finished, e.workflowId, d.data
     FROM execution_entity e JOIN execution_data d ON d.executionId = e.id
    WHERE e.mode = ? ORDER BY CAST(e.id AS INTEGER) DESC LIMIT 1`,
  [mode],
  (err, rows) => {
    if (err) throw err;
    if (rows.length === 0) {
      console.error(`executions.js: no execution of mode ${mode}`);
      process.exit(1);
    }
    const r = rows[0];
    const doc = { data: parse(r.data), mode: r.mode, status: r.status, finished: !!r.finished, workflowId: r.workflowId, id: r.id };
    fs.writeFileSync(out, JSON.stringify(doc, null, 2) + '\n');
    console.error(`executions.js: execution ${r.id} (${r.mode}, ${r.status}) -> ${out}`);
  },
);
