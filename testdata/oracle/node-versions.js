// node-versions.js ORACLE_DIR — prints {type: {default, versions}} for every
// node n8n-nodes-base ships (read from the installed package: its
// descriptions list versions and defaultVersion). Output kept in
// testdata/oracle/node-versions.json; nodes/versions_test.go checks the
// registry against it. Regenerate:
//   node testdata/oracle/node-versions.js /root/.cache/n8n-oracle > testdata/oracle/node-versions.json
const path = require('path');
const base = path.join(process.argv[2], 'node_modules', 'n8n-nodes-base');
const pkg = require(path.join(base, 'package.json'));
const out = {};
for (const f of pkg.n8n.nodes) {
  let mod;
  try { mod = require(path.join(base, f)); } catch (e) { continue; }
  for (const k of Object.keys(mod)) {
    const C = mod[k];
    if (typeof C !== 'function') continue;
    let n;
    try { n = new C(); } catch (e) { continue; }
    const d = n.description || {};
    if (!d.name) continue;
    let versions, def;
    if (n.nodeVersions) {
      versions = Object.keys(n.nodeVersions).map(Number).sort((a, b) => a - b);
      def = d.defaultVersion ?? Math.max(...versions);
    } else {
      versions = Array.isArray(d.version) ? [...d.version] : [d.version];
      versions.sort((a, b) => a - b);
      def = d.defaultVersion ?? Math.max(...versions);
    }
    out['n8n-nodes-base.' + d.name] = { default: def, versions };
  }
}
const sorted = {};
for (const k of Object.keys(out).sort()) sorted[k] = out[k];
process.stdout.write(JSON.stringify(sorted, null, 1) + '\n');
