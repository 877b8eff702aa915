// compare-export.js <export dir> <pull dir>
//
// Checks that every workflow `n8n export:workflow --backup` wrote was
// written by `n8n-go pull` with the same content: the same keys in the same
// order and equal values, but for "shared" (the owning project, which the
// public API does not give; pull leaves it out). Prints each difference
// and exits 1 if there is one.
'use strict';
const fs = require('fs');
const path = require('path');
const [, , exportDir, pullDir] = process.argv;
const show = (v) => (v === undefined ? 'undefined' : JSON.stringify(v).slice(0, 300));
let bad = 0, n = 0;
for (const f of fs.readdirSync(exportDir).filter((f) => f.endsWith('.json')).sort()) {
  const want = JSON.parse(fs.readFileSync(path.join(exportDir, f), 'utf8'));
  delete want.shared;
  const p = path.join(pullDir, f);
  if (!fs.existsSync(p)) { console.log(`${f}: not pulled`); bad++; continue; }
  const got = JSON.parse(fs.readFileSync(p, 'utf8'));
  n++;
  const wk = Object.keys(want).join(','), gk = Object.keys(got).join(',');
  if (wk !== gk) { console.log(`${f}: keys\n  export: ${wk}\n  pull:   ${gk}`); bad++; }
  for (const k of new Set([...Object.keys(want), ...Object.keys(got)])) {
    if (JSON.stringify(want[k]) !== JSON.stringify(got[k])) {
      console.log(`${f}: ${k}\n  export: ${show(want[k])}\n  pull:   ${show(got[k])}`);
      bad++;
    }
  }
}
console.error(`compare-export.js: ${n} workflow(s) compared, ${bad} difference(s)`);
process.exit(bad ? 1 : 0);
