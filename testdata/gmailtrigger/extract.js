// extract.js DB OUT — writes the one execution n8n stored in its SQLite
// database as `n8n execute --rawOutput` prints a run (IRun: data, mode,
// status, finished, startedAt, stoppedAt), its data un-flatted.
'use strict';
const path = require('path');
const fs = require('fs');
const mods = path.join(process.env.ORACLE_DIR || '/root/.cache/n8n-oracle', 'node_modules');
const sqlite3 = require(path.join(mods, 'sqlite3'));
const { parse } = require(path.join(mods, 'flatted'));
const [db, out] = process.argv.slice(2);
const conn = new sqlite3.Database(db, sqlite3.OPEN_READONLY);
conn.all(
  `SELECT e.id, e.mode, e.status, e.finished, e.startedAt, e.stoppedAt, d.data
     FROM execution_entity e JOIN execution_data d ON d.executionId = e.id ORDER BY e.id`,
  (err, rows) => {
    if (err) throw err;
    if (rows.length !== 1) {
      console.error(`extract.js: ${rows.length} executions stored, want 1`);
      process.exit(1);
    }
    const r = rows[0];
    const run = {
      data: parse(r.data),
      mode: r.mode,
      startedAt: new Date(r.startedAt).toISOString(),
      stoppedAt: new Date(r.stoppedAt).toISOString(),
      status: r.status,
      finished: !!r.finished,
    };
    fs.writeFileSync(out, JSON.stringify(run, null, 2) + '\n');
    conn.close();
  },
);
