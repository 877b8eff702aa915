#!/usr/bin/env python3
"""Writes the Code / Function / Function Item golden workflows.

Run from the repository root: python3 testdata/nodes/code/gen.py
Then record what real n8n does with each (needs the oracle install):
  testdata/oracle/record.sh testdata/nodes/code/*.workflow.json
Data comes from a raw-JSON Set plus Split Out, because `n8n execute` ignores pinData.
"""
import json, os

HERE = os.path.dirname(os.path.abspath(__file__))
ITEMS = [{"name": "a", "n": 1}, {"name": "b", "n": 2}, {"name": "c", "n": 3}]


class WF:
    def __init__(self, name):
        self.name, self.nodes, self.conns, self.n = name, [], {}, 0
        self.node("Start", "n8n-nodes-base.manualTrigger", 1, {}, (0, 0))
        self.node("Make items", "n8n-nodes-base.set", 3.4,
                  {"mode": "raw", "jsonOutput": json.dumps({"items": ITEMS}), "options": {}}, (200, 0))
        self.node("Data", "n8n-nodes-base.splitOut", 1, {"fieldToSplitOut": "items", "options": {}}, (400, 0))
        self.connect("Start", "Make items")
        self.connect("Make items", "Data")

    def node(self, name, typ, ver, params, pos, **extra):
        self.n += 1
        n = {"id": "n%d" % self.n, "name": name, "type": typ, "typeVersion": ver,
             "position": list(pos), "parameters": params}
        n.update(extra)
        self.nodes.append(n)
        return name

    def connect(self, src, dst, out=0, inp=0):
        outs = self.conns.setdefault(src, {"main": []})["main"]
        while len(outs) <= out:
            outs.append([])
        outs[out].append({"node": dst, "type": "main", "index": inp})

    def write(self):
        doc = {"name": self.name, "nodes": self.nodes, "connections": self.conns,
               "settings": {"executionOrder": "v1"}, "pinData": {}}
        with open("%s/%s.workflow.json" % (HERE, self.name), "w") as f:
            json.dump(doc, f, indent=2, ensure_ascii=False)
            f.write("\n")


def code(name, js, mode="runOnceForAllItems", version=2, after=None, src="Data", **extra):
    """Start → Make items → Data → Code; after(w) may add nodes behind it."""
    w = WF(name)
    params = {"jsCode": js}
    if mode != "runOnceForAllItems":
        params = {"mode": mode, "jsCode": js}
    w.node("Code", "n8n-nodes-base.code", version, params, (600, 0), **extra)
    w.connect(src, "Code")
    if after:
        after(w)
    w.write()
    return w


def fn(name, js, typ="function", **extra):
    w = WF(name)
    key = "functionCode"
    w.node("Fn", "n8n-nodes-base." + typ, 1, {key: js}, (600, 0), **extra)
    w.connect("Data", "Fn")
    w.write()


def then_set(expr):
    def add(w):
        w.node("After", "n8n-nodes-base.set", 3.4, {"assignments": {"assignments": [
            {"id": "a1", "name": "from", "value": expr, "type": "string"}]}, "options": {}}, (800, 0))
        w.connect("Code", "After")
    return add


EACH = "runOnceForEachItem"

# runOnceForAllItems: return shapes
code("all-map", "return $input.all().map(i => ({json: {...i.json, double: i.json.n * 2}}));")
code("all-template", "// Loop over input items and add a new field called 'myNewField' to the JSON of each one\nfor (const item of $input.all()) {\n  item.json.myNewField = 1;\n}\n\nreturn $input.all();")
code("all-plain-objects", "return [{a: 1}, {b: 2}, {c: 3}, {d: 4}];")
code("all-single-object", "return {x: 1, y: 'two'};")
code("all-single-json", "return {json: {x: 1}};")
code("all-legacy-items-v1", "return items.map(item => ({json: {name: item.json.name.toUpperCase()}}));", version=1)
code("all-null", "return null;")
code("all-empty-array", "return [];")
code("all-binary", "return [{json: {a: 1}, binary: {data: {data: 'aGVsbG8=', mimeType: 'text/plain', fileName: 'a.txt'}}}];")
code("all-binary-only", "return [{binary: {data: {data: 'aGVsbG8=', mimeType: 'text/plain'}}, x: 1}];")
code("all-paired-items", "return $input.all().reverse().map((it, i) => ({json: {name: it.json.name}, pairedItem: {item: 2 - i}}));",
     after=then_set("={{ $('Data').item.json.n }}"))
code("all-key-order", "return [{json: {b: 1, a: 2, 10: 3, 2: 4, '-1': 5, z: {y: 1, x: 2}}}];")
code("all-special-values", "return [{json: {u: undefined, n: NaN, inf: Infinity, nul: null, arr: [1, undefined, () => 1], f: () => 1, d: new Date(0), nested: {deep: [{k: 'v'}]}}}];")
code("all-class-instance", "class P { constructor() { this.a = 1; } }\nreturn [{json: {p: new P(), m: new Map([[1, 2]]), s: new Set([1]), r: /x/g}}];")
# errors
code("all-return-string", "return 'abc';")
code("all-return-nothing", "const x = 1;")
code("all-return-numbers", "return [1, 2];")
code("all-unknown-key", "return [{json: {a: 1}, foo: 2}];")
code("all-unknown-key-only", "return [{json: {a: 1}}, {b: 2}];")
code("all-inconsistent", "return [{json: {a: 1}}, {binary: {}}];")
code("all-json-not-object", "return [{json: 5}];")
code("all-throw-error", "throw new Error('boom');")
code("all-throw-line3", "const a = {};\nconst b = 1;\nreturn [{json: {v: a.missing.deep}}];")
code("all-reference-error", "\nreturn [{json: {v: notDefinedAnywhere}}];")
code("all-throw-string", "throw 'oops';")
code("all-throw-colon", "throw new Error('bad thing: details here');")
code("all-type-error-call", "const o = {};\no.nope();\nreturn [];")
code("all-continue-on-fail", "throw new Error('boom');", onError="continueRegularOutput")
code("all-error-output", "throw new Error('boom');", onError="continueErrorOutput")
code("all-syntax-error", "return [{json: {a: 1}];")
code("all-custom-error-class", "class MyError extends Error { constructor(m) { super(m); this.name = 'MyError'; } }\nthrow new MyError('custom');")
# async
code("all-async-timeout", "await new Promise(r => setTimeout(r, 10));\nreturn [{json: {ok: true}}];")
code("all-async-all", "const f = async x => x * 2;\nconst v = await Promise.all([f(1), f(2)]);\nreturn [{json: {v}}];")
code("all-async-reject", "await Promise.reject(new TypeError('rejected here'));\nreturn [];")
# workflow data
code("all-node-access", "const all = $('Data').all();\nconst first = $('Make items').first().json;\nreturn [{json: {count: all.length, last: $('Data').last().json.name, firstKeys: Object.keys(first), executed: $('Data').isExecuted, inputFirst: $input.first().json.n, inputLast: $input.last().json.n}}];")
code("all-item-matching", "return $input.all().map((it, i) => ({json: {m: $('Data').itemMatching(i).json.name}}));")
code("all-missing-node", "return $('Nope').all();")
code("all-workflow-vars", "return [{json: {wf: $workflow.name, active: $workflow.active, prev: $prevNode.name, run: $runIndex, mode: $execution.mode, ifv: $if(true, 'y', 'n'), ifEmpty: $ifEmpty('', 'dflt'), max: $max(1, 5, 3), min: $min(4, 2)}}];")
code("all-workflow-data", "return [{json: {wf: $workflow.name, active: $workflow.active, prev: $prevNode.name, run: $runIndex, mode: $execution.mode, vars: typeof $vars, param: $input.params.fieldToSplitOut, node: $node[\"Data\"].json.name, items: $items(\"Data\").length}}];")
code("all-jmespath", "return [{json: {v: $jmespath({a: [{b: 1}, {b: 2}]}, 'a[*].b')}}];")
code("all-extensions", "const r = {};\ntry { r.s = 'Hello World'.toSnakeCase(); } catch (e) { r.s = e.message; }\ntry { r.a = [1, 2, 2].unique(); } catch (e) { r.a = e.message; }\ntry { r.o = ({a: 1}).isEmpty(); } catch (e) { r.o = e.message; }\nreturn [{json: r}];")
# $env: n8n 1.123.81 allows it by default (N8N_BLOCK_ENV_ACCESS_IN_NODE=false); n8n-go only with
# AllowEnv. Recorded apart in differences/env-access.* and named by TestEnvDifference.
# code("all-env-denied", "return [{json: {home: $env.HOME}}];")
# DateTime (Luxon)
code("all-datetime", "const d = DateTime.fromISO('2024-01-15T10:20:30.000Z');\nreturn [{json: {y: d.year, m: d.month, f: d.plus({days: 1}).toFormat('yyyy-MM-dd'), iso: d.toISO(), start: d.startOf('month').toISO(), dur: Duration.fromObject({hours: 2}).as('minutes')}}];")
code("all-datetime-value", "return [{json: {d: DateTime.fromISO('2024-01-15T10:20:30.000Z').setZone('utc'), js: new Date(Date.UTC(2024, 0, 2))}}];")
# require
code("all-require-crypto", "const crypto = require('crypto');\nreturn [{json: {h: crypto.createHash('md5').update('x').digest('hex')}}];")
code("all-require-fs", "const fs = require('fs');\nreturn [];")
# runOnceForEachItem
code("each-return-json", "return {json: {...$json, x: 1}};", mode=EACH)
code("each-mutate-item", "$input.item.json.x = $json.n + 1;\nreturn $input.item;", mode=EACH)
code("each-plain-object", "return {a: $json.n, i: $itemIndex};", mode=EACH)
code("each-null", "if ($json.n % 2) return null;\nreturn $json;", mode=EACH)
code("each-array-error", "return [$json];", mode=EACH)
code("each-empty-array-error", "return [];", mode=EACH)
code("each-string-error", "return 'x';", mode=EACH)
code("each-undefined-error", "const y = 1;", mode=EACH)
code("each-disallowed", "// $input.all() is not allowed\nconst a = $input.all();\nreturn a[0];", mode=EACH)
code("each-throw", "if ($json.n == 2) throw new Error('bad ' + $json.n);\nreturn $json;", mode=EACH)
code("each-continue-on-fail", "if ($json.n == 2) throw new Error('bad ' + $json.n);\nreturn $json;", mode=EACH, onError="continueRegularOutput")
code("each-legacy-item", "return {json: {name: item.json.name, keys: Object.keys(item)}};", mode=EACH)
code("each-paired-lookup", "return {json: {fromData: $('Data').item.json.name, fromMake: $('Make items').item.json.items.length}};", mode=EACH)
code("each-binary", "return {json: $json, binary: {file: {data: 'aGk=', mimeType: 'text/plain', fileName: $json.name + '.txt'}}};", mode=EACH)
code("each-unknown-key", "return {json: $json, extra: 1};", mode=EACH)
code("each-own-paired", "return {json: $json, pairedItem: {item: 0}};", mode=EACH)
code("each-async", "const v = await Promise.resolve($json.n * 10);\nreturn {json: {v}};", mode=EACH)
code("each-datetime", "return {json: {d: $now.constructor.name, ok: DateTime.fromMillis(0, {zone: 'utc'}).plus({hours: $json.n}).toISO()}};", mode=EACH)
# Function and Function Item (legacy)
fn("function-map", "return items.map(item => ({json: {name: item.json.name, n2: item.json.n * 2}}));")
fn("function-mutate", "for (const item of items) {\n  item.json.added = true;\n}\nreturn items;")
fn("function-plain-error", "return [{a: 1}];")
fn("function-throw", "throw new Error('fn failed');")
fn("function-not-array", "return {json: {a: 1}};")
fn("function-item-mutate", "item.added = item.n + 1;\nreturn item;", typ="functionItem")
fn("function-item-new", "return {name: item.name, idx: $itemIndex};", typ="functionItem")
fn("function-item-throw", "if (item.n === 2) throw new Error('item bad');\nreturn item;", typ="functionItem")
# Function Item returning an array: n8n stores it as the item's json; n8n-go stops with an error.
# Recorded apart in differences/function-item-array.* and named by TestFunctionItemArrayDifference.
# fn("function-item-array", "return [item];", typ="functionItem")
fn("function-return-nothing", "const x = 1;")
fn("function-json-not-object", "return [{json: 5}];")
fn("function-continue-on-fail", "throw new Error('fn failed');", onError="continueRegularOutput")
fn("function-item-continue-on-fail", "if (item.n === 2) throw new Error('item bad');\nreturn item;", typ="functionItem", onError="continueRegularOutput")
fn("function-item-return-nothing", "item.x = 1;", typ="functionItem")
