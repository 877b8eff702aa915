// Dev tool: evaluates every conformance case with real n8n's expression
// engine (n8n-workflow as shipped with n8n 1.123.81) and reports where the
// recorded expectation differs. Not used by the Go tests.
//
//   flock /tmp/n8n-oracle.lock env N8N_EXPRESSION_ENGINE=legacy TZ=UTC \
//     NODE_PATH=/root/.cache/n8n-oracle/node_modules node testdata/expressions/oracle.js [--mark]
//
// With --mark, cases whose expectation matches n8n get "checked": "n8n 1.123.81".
'use strict';
const fs = require('fs');
const path = require('path');
const { Workflow, Expression } = require('n8n-workflow');
const { DateTime, Settings } = require('luxon');

const dir = __dirname;
const mark = process.argv.includes('--mark');
const record = process.argv.includes('--record');
const filter = process.argv.find((a) => a.startsWith('--only='));

const nodeTypes = {
	getByName: () => ({ description: { properties: [], defaults: {}, inputs: ['main'], outputs: ['main'] } }),
	getByNameAndVersion: () => ({
		description: { properties: [], defaults: {}, inputs: ['main'], outputs: ['main'] },
	}),
	getKnownTypes: () => ({}),
};

function merge(base, over) {
	return Object.assign({}, base, over || {});
}

function encode(v) {
	if (v === undefined) return { undefined: true };
	if (typeof v === 'function') return { error: 'function' };
	if (typeof v === 'number' && !isFinite(v)) return { wantNumber: String(v) };
	if (DateTime.isDateTime(v)) return { want: v.toISO() };
	if (v instanceof Date) return { want: isNaN(v) ? null : v.toISOString() };
	return { want: JSON.parse(JSON.stringify(v, (k, x) => (x === undefined ? null : x))) };
}

function sortKeys(v) {
	if (Array.isArray(v)) return v.map(sortKeys);
	if (v && typeof v === 'object') {
		const o = {};
		for (const k of Object.keys(v).sort()) o[k] = sortKeys(v[k]);
		return o;
	}
	return v;
}

function evaluate(c, tc) {
	const nodes = (c.nodes || []).map((n, i) => ({
		id: 'n' + i, name: n.name, type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [i * 200, 0], parameters: {},
	}));
	const params = c.params || {};
	nodes.push({ id: 'eval', name: 'Eval', type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [0, 300], parameters: params });
	const connections = {};
	const chain = nodes.map((n) => n.name);
	for (let i = 0; i + 1 < chain.length; i++) {
		connections[chain[i]] = { main: [[{ node: chain[i + 1], type: 'main', index: 0 }]] };
	}
	const tz = c.tz || 'UTC';
	Settings.defaultZone = tz;
	const now = c.now ? new Date(c.now) : new Date('2024-03-30T18:49:07.234Z');
	Settings.now = () => now.getTime();
	const wf = new Workflow({
		id: (c.workflow && c.workflow.ID) || 'wf1', name: (c.workflow && c.workflow.Name) || 'Test',
		nodes, connections, active: false, nodeTypes, settings: { timezone: tz },
	});
	const runData = {};
	(c.nodes || []).forEach((n, i) => {
		if (n.unexecuted) return;
		runData[n.name] = [{
			startTime: 0, executionTime: 0, executionIndex: i,
			source: i === 0 ? [] : [{ previousNode: c.nodes[i - 1].name, previousNodeOutput: 0, previousNodeRun: 0 }],
			data: { main: [n.items] },
		}];
	});
	const items = c.items || [];
	const last = (c.nodes || []).length ? c.nodes[c.nodes.length - 1].name : undefined;
	const runExecutionData = { resultData: { runData } };
	const executeData = {
		node: nodes[nodes.length - 1], data: { main: [items] },
		source: last ? { main: [{ previousNode: last, previousNodeOutput: 0, previousNodeRun: 0 }] } : null,
	};
	const additionalKeys = {
		$execution: { id: (c.execution && c.execution.ID) || '1', mode: 'test', resumeUrl: '' },
		$vars: c.vars || {},
	};
	if (c.env) {
		for (const [k, v] of Object.entries(c.env)) process.env[k] = v;
	}
	process.env.N8N_BLOCK_ENV_ACCESS_IN_NODE = tc.allowEnv ? 'false' : 'true';
	const itemIndex = c.itemIndex !== undefined ? c.itemIndex : 0;
	try {
		const v = wf.expression.getParameterValue(
			tc.expr, runExecutionData, c.runIndex || 0, itemIndex, 'Eval', items, 'manual', additionalKeys, executeData,
		);
		return encode(v);
	} catch (e) {
		return { error: e.message };
	}
}

let total = 0, same = 0;
for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
	const file = path.join(dir, f);
	const suite = JSON.parse(fs.readFileSync(file, 'utf8'));
	let changed = false;
	suite.cases.forEach((tc, i) => {
		if (filter && !(f + '/' + tc.name).includes(filter.slice(7))) return;
		const c = merge(suite.context, tc.context);
		if (tc.json) c.items = [{ json: tc.json, pairedItem: { item: 0 } }];
		const got = evaluate(c, tc);
		total++;
		if (record && got.wantNumber !== undefined && tc.want === null) delete tc.want;
		if (record && tc.error === undefined && tc.wantNumber === undefined && !tc.undefined && tc.want === undefined) {
			if (got.wantNumber !== undefined) tc.wantNumber = got.wantNumber;
			else if (got.error !== undefined) tc.error = got.error;
			else if (got.undefined) tc.undefined = true;
			else tc.want = got.want;
			tc.checked = 'n8n 1.123.81';
			changed = true;
		}
		let ok;
		if (tc.error !== undefined) ok = got.error !== undefined && got.error.includes(tc.error);
		else if (tc.undefined) ok = got.undefined === true;
		else if (tc.wantNumber !== undefined) ok = got.wantNumber === tc.wantNumber;
		else ok = got.want !== undefined && JSON.stringify(got.want) === JSON.stringify(tc.want); // key order included
		if (ok) {
			same++;
			if (mark && tc.checked !== 'n8n 1.123.81') {
				tc.checked = 'n8n 1.123.81';
				changed = true;
			}
		} else {
			if (mark && tc.checked) {
				delete tc.checked;
				changed = true;
			}
			console.log(`DIFF ${f} #${i} ${tc.name}\n  expr: ${tc.expr}\n  n8n:  ${JSON.stringify(got)}\n  case: ${JSON.stringify({ want: tc.want, undefined: tc.undefined, error: tc.error })}`);
		}
	});
	if (changed) fs.writeFileSync(file, JSON.stringify(suite, null, 1) + '\n');
}
console.log(`${same}/${total} cases agree with n8n`);
