#!/usr/bin/env python3
"""Writes the *.workflow.json files of this folder (the inputs recorded from
real n8n with testdata/oracle/record.sh). Items are made by a raw-JSON Set
and Split Out per input, because `n8n execute` ignores pinData.

    python3 testdata/nodes/conditions/gen.py
    testdata/oracle/record.sh testdata/nodes/conditions/*.workflow.json
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def node(name, typ, ver, pos, params, **extra):
    n = {"id": name.lower().replace(" ", "-"), "name": name, "type": typ,
         "typeVersion": ver, "position": pos, "parameters": params}
    n.update(extra)
    return n


def source(name, items, y):
    """A Set (raw JSON) + Split Out pair emitting items; returns nodes, tail name."""
    return [
        node("Make " + name, "n8n-nodes-base.set", 3.4, [250, y],
             {"mode": "raw", "jsonOutput": json.dumps({"items": items}), "options": {}}),
        node(name, "n8n-nodes-base.splitOut", 1, [500, y],
             {"fieldToSplitOut": "items", "options": {}}),
    ], name


def workflow(name, nodes, conns):
    c = {}
    for (src, out, dst, inp) in conns:
        outs = c.setdefault(src, {"main": []})["main"]
        while len(outs) <= out:
            outs.append([])
        outs[out].append({"node": dst, "type": "main", "index": inp})
    return {"name": name, "nodes": nodes, "connections": c,
            "settings": {"executionOrder": "v1"}, "active": False}


START = node("Start", "n8n-nodes-base.manualTrigger", 1, [0, 300], {})


def two_sources(a, b):
    na, ta = source("A", a, 200)
    nb, tb = source("B", b, 500)
    conns = [("Start", 0, "Make A", 0), ("Make A", 0, "A", 0),
             ("Start", 0, "Make B", 0), ("Make B", 0, "B", 0)]
    return [START] + na + nb, conns


def if_unmapped(name, field, pos):
    # The template's "If unmapped in Notion" node, verbatim but for the field.
    return node(name, "n8n-nodes-base.if", 2.2, pos, {
        "options": {},
        "conditions": {
            "options": {"version": 2, "leftValue": "", "caseSensitive": True, "typeValidation": "strict"},
            "combinator": "and",
            "conditions": [{"id": "26af0d64-ef8d-492e-87ca-6a893e8f85a1",
                            "operator": {"type": "string", "operation": "empty", "singleValue": True},
                            "leftValue": "={{ $json.%s }}" % field, "rightValue": ""}]}})


def compare(name, params, pos, ver=2.3):
    return node(name, "n8n-nodes-base.compareDatasets", ver, pos, params)


def mix(field):
    return {"options": {}, "resolve": "mix",
            "mergeByFields": {"values": [{"field1": field, "field2": field}]}}


def template_block(fname, key, a, b, extra_fields=False):
    nodes, conns = two_sources(a, b)
    nodes += [compare("Compare Datasets", mix(key), [800, 350]),
              if_unmapped("If unmapped in Notion", key, [1100, 200])]
    conns += [("A", 0, "Compare Datasets", 0), ("B", 0, "Compare Datasets", 1),
              ("Compare Datasets", 0, "If unmapped in Notion", 0)]
    write(fname, workflow(fname, nodes, conns))


def write(fname, wf):
    with open(os.path.join(HERE, fname + ".workflow.json"), "w") as f:
        json.dump(wf, f, indent=2)
        f.write("\n")


# 1. Clients block: same, different (renamed), A-only unmapped, A-only mapped
#    (archived in Clockify), B-only, an empty Notion item.
template_block("template-clients", "clockify_client_id", [
    {"name": "Acme", "archived": False, "clockify_client_id": "c1"},
    {"name": "Globex Corp", "archived": False, "clockify_client_id": "c2"},
    {"name": "Initech", "archived": False, "clockify_client_id": ""},
    {"name": "Umbrella", "archived": False, "clockify_client_id": "c9"},
    {},
    {"name": "Hooli", "archived": False, "clockify_client_id": ""},
], [
    {"name": "Acme", "archived": False, "clockify_client_id": "c1"},
    {"name": "Globex", "archived": False, "clockify_client_id": "c2"},
    {"name": "Stark", "archived": False, "clockify_client_id": "c3"},
])

# 2. Projects block: compares client ids too (re-parented project is Different).
template_block("template-projects", "clockify_project_id", [
    {"name": "Website", "archived": False, "clockify_project_id": "p1", "clockify_client_id": "c1"},
    {"name": "App", "archived": False, "clockify_project_id": "p2", "clockify_client_id": "c2"},
    {"name": "New thing", "archived": False, "clockify_project_id": "", "clockify_client_id": "c1"},
    {"name": "No client", "archived": False, "clockify_project_id": "", "clockify_client_id": ""},
], [
    {"name": "Website", "archived": False, "clockify_project_id": "p1", "clockify_client_id": "c1"},
    {"name": "App", "archived": False, "clockify_project_id": "p2", "clockify_client_id": "c1"},
    {"name": "Old", "archived": False, "clockify_project_id": "p7", "clockify_client_id": "c3"},
])

# 3. Tasks block: duplicates in B (first match wins, the rest are not B-only),
#    an A item without the key (A-only without lookup), a null key.
template_block("template-tasks", "clockify_task_id", [
    {"name": "Design", "archived": False, "clockify_task_id": "t1", "clockify_project_id": "p1"},
    {"name": "Build", "archived": True, "clockify_task_id": "t2", "clockify_project_id": "p1"},
    {"name": "Test", "archived": False, "clockify_project_id": "p1"},
    {"name": "Ship", "archived": False, "clockify_task_id": "", "clockify_project_id": "p2"},
    {"name": "Design", "archived": False, "clockify_task_id": "t1", "clockify_project_id": "p1"},
], [
    {"name": "Design", "archived": False, "clockify_task_id": "t1", "clockify_project_id": "p1"},
    {"name": "Build", "archived": False, "clockify_task_id": "t2", "clockify_project_id": "p1"},
    {"name": "Build copy", "archived": False, "clockify_task_id": "t2", "clockify_project_id": "p1"},
    {"name": "Other", "archived": False, "clockify_task_id": "t5", "clockify_project_id": "p2"},
])

# 4. Strict type error: a number where the string operator expects a string.
nodes, conns = two_sources([{"name": "Acme", "clockify_client_id": 5}], [])
nodes = [n for n in nodes if n["name"] not in ("Make B", "B")]
conns = [c for c in conns if c[2] not in ("Make B", "B")]
nodes.append(if_unmapped("If unmapped in Notion", "clockify_client_id", [800, 200]))
conns.append(("A", 0, "If unmapped in Notion", 0))
write("if-strict-error", workflow("if-strict-error", nodes, conns))

# 5. Compare Datasets resolve modes and options on the same inputs.
A = [
    {"id": 1, "name": "a", "meta": {"x": 1, "y": 2}, "tag": "t"},
    {"id": 2, "name": "b", "meta": {"x": 1, "y": 2}, "n": 0},
    {"id": 3, "name": "c", "extra": True},
    {"id": "4", "name": "d"},
    {"id": 5, "name": "e", "meta": {"x": 1}},
    {"name": "no id"},
]
B = [
    {"id": 1, "name": "a", "meta": {"y": 2, "x": 1}, "tag": "t"},
    {"id": 2, "name": "B", "meta": {"x": 9, "y": 2}, "n": None},
    {"id": 3, "name": "c"},
    {"id": 4, "name": "d"},
    {"id": 5, "name": "e", "meta": {"x": 2}},
    {"id": 2, "name": "b2", "meta": {"x": 1, "y": 2}, "n": 0},
    {"id": 6, "name": "f"},
]
nodes, conns = two_sources(A, B)
variants = [
    ("Prefer A", {"resolve": "preferInput1"}, 2.3),
    ("Prefer B", {"resolve": "preferInput2"}, 2.3),
    ("Mix B except", {"resolve": "mix", "preferWhenMix": "input2", "exceptWhenMix": "name, meta.x, tag"}, 2.3),
    ("Include both", {}, 2.3),
    ("All matches", {"resolve": "includeBoth", "options": {"multipleMatches": "all"}}, 2.3),
    ("Skip fields", {"resolve": "includeBoth", "options": {"skipFields": "name, meta.x"}}, 2.3),
    ("Fuzzy", {"resolve": "includeBoth", "fuzzyCompare": True}, 2.3),
    ("Fuzzy prefer B", {"resolve": "preferInput2", "fuzzyCompare": True}, 2.3),
    ("No dots", {"resolve": "includeBoth", "options": {"disableDotNotation": True, "skipFields": "tag"}}, 2.3),
    ("V2 default", {}, 2),
    ("V1 fuzzy", {"options": {"fuzzyCompare": True}}, 1),
]
for i, (name, p, ver) in enumerate(variants):
    params = {"mergeByFields": {"values": [{"field1": "id", "field2": "id"}]}, "options": {}}
    params.update(p)
    nodes.append(compare(name, params, [800, 100 + 100 * i], ver))
    conns += [("A", 0, name, 0), ("B", 0, name, 1)]
write("compare-modes", workflow("compare-modes", nodes, conns))

# 6. Operators: a Switch 3.2 (send to all matching outputs, extra fallback)
#    with one rule per operator, strict types; and a loose one.
ITEMS = [
    {"s": "Hello World", "n": 5, "b": True, "d": "2024-03-01T10:00:00Z", "a": [1, "x", "Y"], "o": {"k": 1}},
    {"s": "", "n": 0, "b": False, "d": "2023-12-31", "a": [], "o": {}},
    {"s": "hello", "n": -2.5, "d": "2024-03-01T10:00:00.000Z", "a": ["hello"]},
    {"n": 10, "s": "abc123"},
]


def rule(typ, op, left, right=None, rtype=None, single=False):
    o = {"type": typ, "operation": op}
    if rtype:
        o["rightType"] = rtype
    if single:
        o["singleValue"] = True
    c = {"id": "x", "leftValue": left, "operator": o}
    c["rightValue"] = right if right is not None else ""
    return c


def switch(name, rules, pos, loose=False, case=True, ver=3.2):
    vals = []
    for r in rules:
        vals.append({"conditions": {
            "options": {"caseSensitive": case, "leftValue": "", "typeValidation": "loose" if loose else "strict", "version": 2},
            "conditions": [r], "combinator": "and"}})
    p = {"rules": {"values": vals}, "options": {"allMatchingOutputs": True, "fallbackOutput": "extra"}}
    if loose:
        p["looseTypeValidation"] = True
    return node(name, "n8n-nodes-base.switch", ver, pos, p)


strict_rules = [
    rule("string", "exists", "={{ $json.s }}", single=True),
    rule("string", "notExists", "={{ $json.s }}", single=True),
    rule("string", "empty", "={{ $json.s }}", single=True),
    rule("string", "notEmpty", "={{ $json.s }}", single=True),
    rule("string", "equals", "={{ $json.s }}", "hello"),
    rule("string", "notEquals", "={{ $json.s }}", "hello"),
    rule("string", "contains", "={{ $json.s }}", "World"),
    rule("string", "notContains", "={{ $json.s }}", "World"),
    rule("string", "startsWith", "={{ $json.s }}", "Hel"),
    rule("string", "notStartsWith", "={{ $json.s }}", "Hel"),
    rule("string", "endsWith", "={{ $json.s }}", "123"),
    rule("string", "notEndsWith", "={{ $json.s }}", "123"),
    rule("string", "regex", "={{ $json.s }}", "/^h\\w+$/i"),
    rule("string", "notRegex", "={{ $json.s }}", "\\d"),
    rule("number", "equals", "={{ $json.n }}", 5),
    rule("number", "notEquals", "={{ $json.n }}", 5),
    rule("number", "gt", "={{ $json.n }}", 0),
    rule("number", "lt", "={{ $json.n }}", 0),
    rule("number", "gte", "={{ $json.n }}", 0),
    rule("number", "lte", "={{ $json.n }}", 0),
    rule("number", "empty", "={{ $json.n }}", single=True),
    rule("boolean", "true", "={{ $json.b }}", single=True),
    rule("boolean", "false", "={{ $json.b }}", single=True),
    rule("boolean", "equals", "={{ $json.b }}", False),
    rule("boolean", "notEmpty", "={{ $json.b }}", single=True),
    rule("dateTime", "after", "={{ $json.d }}", "2024-01-01T00:00:00Z"),
    rule("dateTime", "before", "={{ $json.d }}", "2024-01-01"),
    rule("dateTime", "equals", "={{ $json.d }}", "2024-03-01T11:00:00+01:00"),
    rule("dateTime", "afterOrEquals", "={{ $json.d }}", "2024-03-01T10:00:00Z"),
    rule("array", "contains", "={{ $json.a }}", "x", rtype="any"),
    rule("array", "notContains", "={{ $json.a }}", 1, rtype="any"),
    rule("array", "lengthGt", "={{ $json.a }}", 1, rtype="number"),
    rule("array", "lengthEquals", "={{ $json.a }}", 0, rtype="number"),
    rule("array", "empty", "={{ $json.a }}", single=True),
    rule("object", "notEmpty", "={{ $json.o }}", single=True),
    rule("object", "empty", "={{ $json.o }}", single=True),
]
loose_rules = [
    rule("string", "equals", "={{ $json.n }}", "5"),
    rule("number", "equals", "={{ $json.b }}", 1),
    rule("number", "gt", "={{ $json.n }}", "3"),
    rule("boolean", "true", "={{ $json.s }}", single=True),
    rule("boolean", "equals", "={{ $json.n }}", "false"),
    rule("array", "contains", "={{ $json.a }}", "y", rtype="any"),
    rule("string", "contains", "={{ $json.a }}", "hello"),
    rule("object", "notEmpty", "={{ $json.o }}", single=True),
]
n1, t1 = source("Items", ITEMS, 300)
nodes = [START] + n1 + [switch("Strict ops", strict_rules, [800, 200]),
                        switch("Loose ops", loose_rules, [800, 400], loose=True, case=False)]
conns = [("Start", 0, "Make Items", 0), ("Make Items", 0, "Items", 0),
         ("Items", 0, "Strict ops", 0), ("Items", 0, "Loose ops", 0)]
write("operators", workflow("operators", nodes, conns))

# 7. If 2.0 (filter version 1, or), Filter 2.2, If v1, Switch expression mode
#    and a Switch with a fallback output index.
if20 = node("If 2.0", "n8n-nodes-base.if", 2, [800, 100], {
    "conditions": {"options": {"caseSensitive": False, "leftValue": "", "typeValidation": "loose"},
                   "conditions": [rule("boolean", "true", "={{ $json.s }}", single=True),
                                  rule("number", "gt", "={{ $json.n }}", 7)],
                   "combinator": "or"},
    "options": {"ignoreCase": True, "looseTypeValidation": True}})
filt = node("Filter", "n8n-nodes-base.filter", 2.2, [800, 250], {
    "conditions": {"options": {"caseSensitive": True, "leftValue": "", "typeValidation": "strict", "version": 2},
                   "conditions": [rule("string", "notEmpty", "={{ $json.s }}", single=True)],
                   "combinator": "and"}, "options": {}})
ifv1 = node("If v1", "n8n-nodes-base.if", 1, [800, 400], {
    "conditions": {"number": [{"value1": "={{ $json.n }}", "operation": "larger", "value2": 1}],
                   "string": [{"value1": "={{ $json.s }}", "operation": "contains", "value2": "l"}]},
    "combineOperation": "any"})
swexpr = node("Switch expr", "n8n-nodes-base.switch", 3, [800, 550], {
    "mode": "expression", "numberOutputs": 3, "output": "={{ $json.n > 4 ? 2 : 0 }}"})
swfb = node("Switch fallback", "n8n-nodes-base.switch", 3.1, [800, 700], {
    "rules": {"values": [
        {"conditions": {"options": {"caseSensitive": True, "leftValue": "", "typeValidation": "strict"},
                        "conditions": [rule("number", "gt", "={{ $json.n }}", 4)], "combinator": "and"},
         "renameOutput": True, "outputKey": "big"},
        {"conditions": {"options": {"caseSensitive": True, "leftValue": "", "typeValidation": "strict"},
                        "conditions": [rule("number", "gt", "={{ $json.n }}", 1)], "combinator": "and"}}]},
    "options": {"fallbackOutput": 0}})
n1, t1 = source("Items", ITEMS, 300)
nodes = [START] + n1 + [if20, filt, ifv1, swexpr, swfb]
conns = [("Start", 0, "Make Items", 0), ("Make Items", 0, "Items", 0)]
for n in ("If 2.0", "Filter", "If v1", "Switch expr", "Switch fallback"):
    conns.append(("Items", 0, n, 0))
write("if-filter-switch", workflow("if-filter-switch", nodes, conns))


# 8. Error texts, one workflow each (an error stops the run).
def single_if(fname, cond_list, options, items, **extra):
    n1, _ = source("Items", items, 300)
    ifn = node("If", "n8n-nodes-base.if", 2.2, [800, 300], {
        "conditions": {"options": options, "conditions": cond_list, "combinator": "and"}, "options": {}}, **extra)
    conns = [("Start", 0, "Make Items", 0), ("Make Items", 0, "Items", 0), ("Items", 0, "If", 0)]
    write(fname, workflow(fname, [START] + n1 + [ifn], conns))


LOOSE = {"caseSensitive": True, "leftValue": "", "typeValidation": "loose", "version": 2}
STRICT = {"caseSensitive": True, "leftValue": "", "typeValidation": "strict", "version": 2}
single_if("err-loose-conversion", [rule("number", "gt", "={{ $json.s }}", 3)], LOOSE, [{"s": "abc"}])
single_if("err-both-invalid", [rule("number", "equals", "={{ $json.s }}", "={{ $json.s }}")], STRICT, [{"s": "x"}])
single_if("err-strict-right", [rule("array", "lengthGt", "={{ $json.a }}", "={{ $json.s }}", rtype="number")], STRICT,
          [{"a": [1], "s": "2"}])
single_if("if-continue-on-fail", [rule("string", "equals", "={{ $json.s }}", "x")], STRICT,
          [{"s": "x"}, {"s": 1}, {"s": "y"}], onError="continueRegularOutput")


def single_compare(fname, params, a, b, ver=2.3):
    nodes, conns = two_sources(a, b)
    nodes.append(compare("Compare", params, [800, 350], ver))
    conns += [("A", 0, "Compare", 0), ("B", 0, "Compare", 1)]
    write(fname, workflow(fname, nodes, conns))


single_compare("err-compare-no-fields", {"options": {}}, [{"id": 1}], [{"id": 1}])
single_compare("err-compare-missing-field", {"mergeByFields": {"values": [{"field1": "id", "field2": "key"}]}, "options": {}},
               [{"id": 1}], [{"id": 1}], ver=2.1)
single_compare("err-compare-dot-disabled", {"mergeByFields": {"values": [{"field1": "id", "field2": "id"}]},
                                            "options": {"disableDotNotation": True, "skipFields": "a.b"}},
               [{"id": 1}], [{"id": 1}])
single_compare("err-compare-not-object", {"mergeByFields": {"values": [{"field1": "id", "field2": "id"}]},
                                          "options": {"skipFields": "m.x"}},
               [{"id": 1, "m": "str", "z": 1}], [{"id": 1, "m": {"x": 1}, "z": 2}])

# 9. Input B never delivers (0 items): Compare Datasets runs last with [] for
#    B (requiredInputs 1), everything goes to In A only.
nodes, conns = two_sources([{"id": 1, "name": "a"}, {"id": 2, "name": "b"}], [])
nodes.append(compare("Compare", {"mergeByFields": {"values": [{"field1": "id", "field2": "id"}]}, "resolve": "mix", "options": {}}, [800, 350]))
nodes.append(if_unmapped("If unmapped", "name", [1100, 200]))
conns += [("A", 0, "Compare", 0), ("B", 0, "Compare", 1), ("Compare", 0, "If unmapped", 0)]
write("compare-empty-b", workflow("compare-empty-b", nodes, conns))
