#!/usr/bin/env python3
"""Writes the Filter 1 golden workflows.

Run from the repository root: python3 testdata/nodes/filterv1/gen.py
then: testdata/oracle/record.sh testdata/nodes/filterv1/*.workflow.json
"""
import json, os

HERE = os.path.dirname(os.path.abspath(__file__))
F = "n8n-nodes-base.filter"


class WF:
    def __init__(self, name):
        self.name, self.nodes, self.conns, self.n = name, [], {}, 0
        self.node("Start", "n8n-nodes-base.manualTrigger", 1, {})

    def node(self, name, typ, ver, params, src=None, **extra):
        self.n += 1
        n = {"id": "n%d" % self.n, "name": name, "type": typ, "typeVersion": ver,
             "position": [200 * self.n, 0], "parameters": params}
        n.update(extra)
        self.nodes.append(n)
        if src:
            outs = self.conns.setdefault(src, {"main": [[]]})["main"]
            outs[0].append({"node": name, "type": "main", "index": 0})
        return name

    def items(self, items):
        make = self.node("Make Rows", "n8n-nodes-base.set", 3.4,
                         {"mode": "raw", "jsonOutput": json.dumps({"items": items}), "options": {}}, src="Start")
        return self.node("Rows", "n8n-nodes-base.splitOut", 1, {"fieldToSplitOut": "items", "options": {}}, src=make)

    def write(self):
        doc = {"name": self.name, "nodes": self.nodes, "connections": self.conns,
               "settings": {"executionOrder": "v1"}, "pinData": {}}
        with open("%s/%s.workflow.json" % (HERE, self.name), "w") as f:
            json.dump(doc, f, indent=2, ensure_ascii=False)
            f.write("\n")


ROWS = [
    {"name": "Ada", "age": 36, "active": True, "joined": "2024-01-15T10:00:00Z", "tags": ["a"], "email": "ada@example.com"},
    {"name": "bob", "age": 17, "active": False, "joined": "2023-06-01", "tags": [], "email": ""},
    {"name": "Carol", "age": "40", "active": True, "joined": "2025-03-01T00:00:00+02:00", "email": "carol@corp.example"},
    {"name": "", "age": None, "active": None, "joined": "2020-01-01"},
]

w = WF("filter-v1")
src = w.items(ROWS)
w.node("AND", F, 1, {"conditions": {
    "number": [{"value1": "={{ $json.age }}", "operation": "largerEqual", "value2": 18}],
    "string": [{"value1": "={{ $json.email }}", "operation": "contains", "value2": "example"},
               {"value1": "={{ $json.name }}", "operation": "regex", "value2": "/^[A-Z]/"}]}}, src=src)
w.node("OR", F, 1, {"combineConditions": "OR", "conditions": {
    "boolean": [{"value1": "={{ $json.active }}", "value2": True}],
    "dateTime": [{"value1": "={{ $json.joined }}", "operation": "before", "value2": "2023-12-31"}]}}, src=src)
w.node("Empty checks", F, 1, {"conditions": {
    "string": [{"value1": "={{ $json.name }}", "operation": "isNotEmpty"},
               {"value1": "={{ $json.email }}", "operation": "notEndsWith", "value2": ".org"},
               {"value1": "={{ $json.name }}", "operation": "notRegex", "value2": "b.b"}]}}, src=src)
w.write()

w = WF("filter-v1-defaults")
src = w.items(ROWS)
w.node("Defaults", F, 1, {"conditions": {"number": [{"value1": "={{ $json.age }}"}]}}, src=src)
w.node("No conditions", F, 1, {}, src=src)
w.node("OR none pass", F, 1, {"combineConditions": "OR", "conditions": {
    "string": [{"value1": "={{ $json.name }}", "operation": "startsWith", "value2": "Z"}],
    "number": [{"value1": "={{ $json.age }}", "operation": "smaller", "value2": 0}]}}, src=src)
w.write()

w = WF("filter-v1-error")
src = w.items(ROWS)
w.node("Bad date continues", F, 1, {"conditions": {
    "dateTime": [{"value1": "={{ $json.name }}", "operation": "after", "value2": "2020-01-01"}]}}, src=src, onError="continueRegularOutput")
w.node("Bad date", F, 1, {"conditions": {
    "dateTime": [{"value1": "={{ $json.name }}", "operation": "after", "value2": "2020-01-01"}]}}, src=src)
w.write()
