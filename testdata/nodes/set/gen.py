#!/usr/bin/env python3
"""Writes the Set / Split Out / Aggregate / Merge golden workflows.

Run from the repository root: python3 testdata/nodes/set/gen.py
Then record what real n8n does with each (needs the oracle install):
  testdata/oracle/record.sh testdata/nodes/set/*.workflow.json testdata/nodes/merge/*.workflow.json
Data comes from a raw-JSON Set plus Split Out, because `n8n execute` ignores pinData.
"""
import copy, json, os

ROOT = os.path.dirname(os.path.abspath(__file__)) + "/../../.."
TEMPLATE = json.load(open(ROOT + "/workflows/notion-clockify-sync.json"))
TNODES = {n["name"]: n for n in TEMPLATE["nodes"]}


class WF:
    def __init__(self, name):
        self.name, self.nodes, self.conns, self.n = name, [], {}, 0
        self.node("Start", "n8n-nodes-base.manualTrigger", 1, {}, (0, 0))

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

    def items(self, label, items, y):
        """Start → raw Set {"items": …} → Split Out: one item per entry."""
        make = self.node("Make " + label, "n8n-nodes-base.set", 3.4,
                         {"mode": "raw", "jsonOutput": json.dumps({"items": items}), "options": {}}, (200, y))
        split = self.node(label, "n8n-nodes-base.splitOut", 1, {"fieldToSplitOut": "items", "options": {}}, (400, y))
        self.connect("Start", make)
        self.connect(make, split)
        return split

    def write(self, folder):
        doc = {"name": self.name, "nodes": self.nodes, "connections": self.conns,
               "settings": {"executionOrder": "v1"}, "pinData": {}}
        path = "%s/testdata/nodes/%s/%s.workflow.json" % (ROOT, folder, self.name)
        with open(path, "w") as f:
            json.dump(doc, f, indent=2, ensure_ascii=False)
            f.write("\n")


def tset(w, name, src, pos):
    """A copy of one of the template's Set nodes, fed by src."""
    t = TNODES[name]
    w.node(name, t["type"], t["typeVersion"], copy.deepcopy(t["parameters"]), pos)
    w.connect(src, name)


def set34(w, name, src, pos, assignments, ver=3.4, **params):
    p = {"assignments": {"assignments": [
        {"id": "a%d" % i, "name": a[0], "type": a[1], "value": a[2]} for i, a in enumerate(assignments)]},
        "options": params.pop("options", {})}
    p.update(params)
    extra = params.pop("_extra", {}) if "_extra" in params else {}
    w.node(name, "n8n-nodes-base.set", ver, p, pos, **extra)
    w.connect(src, name)


# ---------------------------------------------------------------- template
w = WF("set-template")
ws = w.items("Workspaces", [{"id": "64a0f0c1d2e3f4a5b6c7d8e9", "name": "Acme Workspace",
                             "hourlyRate": {"amount": 0, "currency": "USD"}, "memberships": []}], -400)
tset(w, "Globals", ws, (600, -400))
clients_notion = [
    {"id": "1a878e40-f803-8012-a1b2-c3d4e5f60001", "name": "Acme Corp", "url": "https://www.notion.so/Acme-Corp-1a878e40f8038012a1b2c3d4e5f60001",
     "property_archive": False, "property_clockify_client_id": "65b1c2d3e4f5a6b7c8d9e0f1", "property_name": "Acme Corp"},
    {"id": "1a878e40-f803-8012-a1b2-c3d4e5f60002", "name": "Globex", "url": "https://www.notion.so/Globex-1a878e40f8038012a1b2c3d4e5f60002",
     "property_archive": False, "property_clockify_client_id": "", "property_name": "Globex"},
    {"id": "1a878e40-f803-8012-a1b2-c3d4e5f60003", "name": "Initech", "url": "https://www.notion.so/Initech-1a878e40f8038012a1b2c3d4e5f60003",
     "property_archive": True, "property_clockify_client_id": "65b1c2d3e4f5a6b7c8d9e0f3", "property_name": "Initech"},
]
clients_clockify = [
    {"id": "65b1c2d3e4f5a6b7c8d9e0f1", "name": "Acme Corp", "workspaceId": "64a0f0c1d2e3f4a5b6c7d8e9", "archived": False, "address": None, "note": "", "email": None},
    {"id": "65b1c2d3e4f5a6b7c8d9e0f9", "name": "Umbrella", "workspaceId": "64a0f0c1d2e3f4a5b6c7d8e9", "archived": False, "address": "1 Way", "note": None, "email": None},
]
cn = w.items("Notion Clients", clients_notion, -200)
cc = w.items("Clockify Clients", clients_clockify, 0)
tset(w, "Map values", cn, (600, -200))
tset(w, "Map values1", cc, (600, 0))
# "Set new values" gets Compare Datasets' "In B only" shape.
cmp = w.items("In B only", [{"name": "Umbrella", "archived": False, "clockify_client_id": "65b1c2d3e4f5a6b7c8d9e0f9"}], 200)
tset(w, "Set new values", cmp, (600, 200))
projects_notion = [
    {"id": "1a878e40-f803-80bf-0000-000000000011", "name": "Website relaunch", "property_status": "In progress",
     "property_clockify_project_id": "66c1", "property_clockify_client_id": ["65b1c2d3e4f5a6b7c8d9e0f1"], "property_clients": ["1a878e40-f803-8012-a1b2-c3d4e5f60001"]},
    {"id": "1a878e40-f803-80bf-0000-000000000012", "name": "Old audit", "property_status": "Done",
     "property_clockify_project_id": "", "property_clockify_client_id": [], "property_clients": []},
    {"id": "1a878e40-f803-80bf-0000-000000000013", "name": "Cancelled", "property_status": "Obsolete",
     "property_clockify_project_id": "66c3", "property_clockify_client_id": ["65b1c2d3e4f5a6b7c8d9e0f3"]},
]
projects_clockify = [
    {"id": "66c1", "name": "Website relaunch", "archived": False, "clientId": "65b1c2d3e4f5a6b7c8d9e0f1", "clientName": "Acme Corp", "billable": True, "color": "#03A9F4"},
    {"id": "66c4", "name": "Internal", "archived": True, "clientId": "", "billable": False},
]
pn = w.items("Notion Projects", projects_notion, 400)
pc = w.items("Clockify Projects", projects_clockify, 600)
tset(w, "Map values2", pn, (600, 400))
tset(w, "Map values3", pc, (600, 600))
tset(w, "Set new values1", pc, (800, 600))
tasks_notion = [
    {"id": "1a878e40-f803-80e6-0000-000000000021", "name": "Design mockups", "property_status": "In progress",
     "property_clockify_task_id": "67d1", "property_clockify_project_id": ["66c1"]},
    {"id": "1a878e40-f803-80e6-0000-000000000022", "name": "Write copy", "property_status": "Done",
     "property_clockify_task_id": "", "property_clockify_project_id": []},
]
tasks_clockify = [
    {"id": "67d1", "name": "Design mockups", "projectId": "66c1", "status": "ACTIVE", "assigneeIds": [], "estimate": "PT0S", "duration": None},
    {"id": "67d2", "name": "QA", "projectId": "66c1", "status": "DONE", "assigneeIds": ["u1"], "estimate": "PT2H"},
]
tn = w.items("Notion Tasks", tasks_notion, 800)
tc = w.items("Clockify Tasks", tasks_clockify, 1000)
tset(w, "Map values4", tn, (600, 800))
tset(w, "Map values5", tc, (600, 1000))
tset(w, "Set new values2", tn, (800, 800))
w.write("set")

# ---------------------------------------------------------------- conversions
w = WF("set-conversions")
data = [{"name": "Alpha", "n": 1, "nested": {"inner": "i1", "keep": True}, "list": [1, None, 2], "a.b": "literal dot"},
        {"name": "Beta", "n": 2.5, "nested": {"inner": "i2"}, "list": []}]
src = w.items("Items", data, 0)
set34(w, "Types", src, (600, -400), [
    ("n1", "number", "42"), ("n2", "number", " 5 "), ("n3", "number", ""), ("n4", "number", "0x1f"),
    ("n5", "number", "={{ true }}"), ("n6", "number", "={{ [7] }}"), ("n7", "number", "={{ $json.missing }}"),
    ("n8", "number", 3.5), ("n9", "number", "1e3"),
    ("b1", "boolean", "TRUE"), ("b2", "boolean", "0"), ("b3", "boolean", "={{ 1 }}"), ("b4", "boolean", False),
    ("a1", "array", "[1,2]"), ("a2", "array", "['a','b']"), ("a3", "array", "={{ $json.list }}"),
    ("o1", "object", "{a:1, 'b': 'x', c: [true], d: y}"), ("o2", "object", "={{ {\"k\":[1]} }}"), ("o3", "object", "{\"q\": null}"),
    ("s1", "string", "={{ 5 }}"), ("s2", "string", "={{ {a:1} }}"), ("s3", "string", "={{ [1,2] }}"),
    ("s4", "string", "={{ null }}"), ("s5", "string", "={{ $json.missing }}"), ("s6", "string", "=a{{ null }}b{{ {a:1} }}c{{ [1,2] }}"),
    ("s7", "string", "={{ $json.n }}"), ("s8", "string", "={{ true }}"), ("s9", "string", 0.1),
    ("deep.a.b", "string", "x"), ("arr[1].x", "number", "3"), ("name", "string", "={{ $json.name }} (renamed)"),
])
set34(w, "Include selected", src, (600, -200), [("added", "string", "yes")],
      includeOtherFields=True, include="selected", includeFields="name, nested.inner, nope,list")
set34(w, "Include except", src, (600, 0), [("added", "number", "1")],
      includeOtherFields=True, include="except", excludeFields="name,nested.inner")
set34(w, "Include all", src, (600, 200), [("nested.extra", "boolean", "true"), ("n", "string", "={{ $json.n }}")],
      includeOtherFields=True)
set34(w, "No dot", src, (600, 400), [("x.y", "string", "v"), ("a.b", "string", "changed")],
      includeOtherFields=True, options={"dotNotation": False})
set34(w, "Ignore errors", src, (600, 600), [("n", "number", "abc"), ("b", "boolean", "yes"),
      ("a", "array", "x"), ("o", "object", "[1]"), ("nul", "number", "={{ null }}")],
      options={"ignoreConversionErrors": True})
set34(w, "Set 3.3", src, (600, 800), [("only", "string", "={{ $json.name }}")], ver=3.3)
w.node("Set 3.2 fields", "n8n-nodes-base.set", 3.2, {"fields": {"values": [
    {"name": "s", "stringValue": "={{ $json.name }}"},
    {"name": "num", "type": "numberValue", "numberValue": "={{ $json.n }}"},
    {"name": "bool", "type": "booleanValue", "booleanValue": "false"},
    {"name": "bdef", "type": "booleanValue"},
    {"name": "arr", "type": "arrayValue", "arrayValue": "[\"x\", 2]"},
    {"name": "obj", "type": "objectValue", "objectValue": "={ \"v\": {{ $json.n }}, \"nm\": \"{{ $json.name }}\", \"nested\": {{ $json.nested }} }"},
    {"name": "nul", "type": "stringValue", "stringValue": "={{ null }}"},
]}, "include": "selected", "includeFields": "name", "options": {}}, (600, 1000))
w.connect(src, "Set 3.2 fields")
w.node("Set 3.0 fields", "n8n-nodes-base.set", 3, {"fields": {"values": [
    {"name": "nul", "stringValue": "={{ null }}"}, {"name": "und", "stringValue": "={{ $json.nope }}"},
    {"name": "num", "type": "numberValue", "numberValue": "={{ null }}"}]}, "options": {}}, (600, 1200))
w.connect(src, "Set 3.0 fields")
w.node("Set v1", "n8n-nodes-base.set", 1, {"keepOnlySet": True, "values": {
    "string": [{"name": "s", "value": "={{ $json.name }}"}, {"value": "def name"}],
    "number": [{"name": "num", "value": 7}, {"name": "deep.n", "value": "={{ $json.n }}"}],
    "boolean": [{"name": "b", "value": "={{ $json.name }}"}, {"name": "b0"}]}, "options": {}}, (600, 1400))
w.connect(src, "Set v1")
w.node("Set v2", "n8n-nodes-base.set", 2, {"values": {
    "number": [{"name": "num.str", "value": "={{ '12' }}"}, {"name": "bad", "value": "={{ 'x1' }}"}],
    "string": [{"name": "plain.key", "value": "v"}]}, "options": {"dotNotation": False}}, (600, 1600))
w.connect(src, "Set v2")
w.node("Raw expr", "n8n-nodes-base.set", 3.4, {"mode": "raw", "includeOtherFields": True, "include": "except", "excludeFields": "nested",
    "jsonOutput": "={ \"n\": {{ $json.n }}, \"obj\": {{ $json.nested }}, \"s\": \"{{ $json.name }}\", \"list\": {{ $json.list }} }", "options": {}}, (600, 1800))
w.connect(src, "Raw expr")
w.node("Raw loose", "n8n-nodes-base.set", 3.4, {"mode": "raw", "jsonOutput": "{a: 1, 'b': 'two', \"c.d\": [1,2,],}", "options": {}}, (600, 2000))
w.connect(src, "Raw loose")
w.node("Raw dotted", "n8n-nodes-base.set", 3.4, {"mode": "raw", "jsonOutput": "{\"x.y\": 1, \"arr[0]\": true}", "options": {"dotNotation": False}}, (600, 2200))
w.connect(src, "Raw dotted")
w.write("set")

# ---------------------------------------------------------------- errors
w = WF("set-error")
src = w.items("Items", [{"v": "12"}, {"v": "abc"}], 0)
set34(w, "Strict number", src, (600, 0), [("x", "number", "={{ $json.v }}")])
w.node("After", "n8n-nodes-base.noOp", 1, {}, (800, 0))
w.connect("Strict number", "After")
w.write("set")

w = WF("set-error-continue")
src = w.items("Items", [{"v": "12"}, {"v": "abc"}, {"v": None}], 0)
w.node("Continue", "n8n-nodes-base.set", 3.4, {"assignments": {"assignments": [
    {"id": "1", "name": "x", "type": "number", "value": "={{ $json.v }}"}]}, "options": {}}, (600, -100), onError="continueRegularOutput")
w.connect(src, "Continue")
w.node("Error output", "n8n-nodes-base.set", 3.4, {"assignments": {"assignments": [
    {"id": "1", "name": "flag", "type": "boolean", "value": "={{ $json.v }}"}]}, "options": {}}, (600, 100), onError="continueErrorOutput")
w.connect(src, "Error output")
w.node("OK branch", "n8n-nodes-base.noOp", 1, {}, (800, 50))
w.node("Error branch", "n8n-nodes-base.noOp", 1, {}, (800, 200))
w.connect("Error output", "OK branch", 0)
w.connect("Error output", "Error branch", 1)
w.node("Null string 3.1", "n8n-nodes-base.set", 3.1, {"fields": {"values": [{"name": "s", "stringValue": "={{ $json.v }}"}]},
       "include": "none", "options": {}}, (600, 300), onError="continueRegularOutput")
w.connect(src, "Null string 3.1")
w.node("Bad JSON", "n8n-nodes-base.set", 3.4, {"mode": "raw", "jsonOutput": "={ \"v\": {{ $json.v }} }", "options": {}}, (600, 500), onError="continueRegularOutput")
w.connect(src, "Bad JSON")
w.write("set")

# ---------------------------------------------------------------- split out / aggregate
w = WF("splitout-aggregate")
data = [{"id": 1, "tags": ["a", "b"], "meta": {"owner": "x", "lines": [{"sku": "s1", "qty": 2}, {"sku": "s2", "qty": None}]}, "single": "one"},
        {"id": 2, "tags": [], "meta": {"owner": "y", "lines": [{"sku": "s3", "qty": 1}]}, "single": None},
        {"id": 3, "tags": "solo", "meta": {"owner": None}, "obj": {"k1": "v1", "k2": "v2"}}]
src = w.items("Items", data, 0)
def so(name, y, **p):
    p.setdefault("options", {})
    w.node(name, "n8n-nodes-base.splitOut", 1, p, (600, y))
    w.connect(src, name)
def ag(name, y, **p):
    p.setdefault("options", {})
    w.node(name, "n8n-nodes-base.aggregate", 1, p, (800, y))
    w.connect(src, name)
so("Split tags", -600, fieldToSplitOut="tags")
so("Split lines all", -400, fieldToSplitOut="meta.lines", include="allOtherFields")
so("Split lines selected", -200, fieldToSplitOut="$json.meta.lines", include="selectedOtherFields", fieldsToInclude="id, meta.owner")
so("Split multi", 0, fieldToSplitOut="tags, meta.lines", options={"destinationFieldName": "tag, line"})
so("Split obj", 200, fieldToSplitOut="obj")
so("Split missing", 400, fieldToSplitOut="nope")
so("Split no dot", 600, fieldToSplitOut="meta.lines", options={"disableDotNotation": True})
ag("Agg fields", -600, fieldsToAggregate={"fieldToAggregate": [{"fieldToAggregate": "id"}, {"fieldToAggregate": "meta.owner"},
   {"fieldToAggregate": "tags", "renameField": True, "outputFieldName": "allTags"}]})
ag("Agg merge lists", -400, fieldsToAggregate={"fieldToAggregate": [{"fieldToAggregate": "tags"}, {"fieldToAggregate": "single"}]},
   options={"mergeLists": True})
ag("Agg keep missing", -200, fieldsToAggregate={"fieldToAggregate": [{"fieldToAggregate": "single"}, {"fieldToAggregate": "meta.owner"}]},
   options={"keepMissing": True})
ag("Agg all", 0, aggregate="aggregateAllItemData")
ag("Agg all except", 200, aggregate="aggregateAllItemData", destinationFieldName="rows", include="allFieldsExcept", fieldsToExclude="meta, tags")
ag("Agg all specified", 400, aggregate="aggregateAllItemData", include="specifiedFields", fieldsToInclude="obj")
w.write("set")

# ---------------------------------------------------------------- merge: append
w = WF("merge-append")
a = w.items("A", [{"src": "a", "i": 0}, {"src": "a", "i": 1}], -200)
b = w.items("B", [{"src": "b", "i": 0}], 0)
c = w.items("C", [{"src": "c", "i": 0}, {"src": "c", "i": 1}, {"src": "c", "i": 2}], 200)
e = w.items("Empty", [], 400)
w.node("Merge 3", "n8n-nodes-base.merge", 3, {"numberInputs": 3}, (800, 0))
w.connect(a, "Merge 3", 0, 0); w.connect(b, "Merge 3", 0, 1); w.connect(c, "Merge 3", 0, 2)
w.node("Merge dead branch", "n8n-nodes-base.merge", 3.2, {}, (800, 300))
w.connect(e, "Merge dead branch", 0, 0); w.connect(b, "Merge dead branch", 0, 1)
w.node("After merge", "n8n-nodes-base.set", 3.4, {"assignments": {"assignments": [
    {"id": "1", "name": "from", "type": "string", "value": "={{ $json.src }}{{ $json.i }}"}]}, "options": {}}, (1000, 0))
w.connect("Merge 3", "After merge")
w.write("merge")

# ---------------------------------------------------------------- merge: fields
w = WF("merge-fields")
A = [{"id": 1, "name": "Acme", "city": "Berlin", "tags": ["x"], "info": {"a": 1, "n": {"p": 1}}},
     {"id": 2, "name": "Globex", "city": "", "info": {"a": 2}},
     {"id": 3, "name": "Initech", "city": None},
     {"name": "No id"}]
B = [{"id": 1, "city": "Paris", "phone": "123", "tags": ["y", "z"], "info": {"b": 1, "n": {"q": 2}}},
     {"id": "2", "city": "Rome", "phone": None},
     {"id": 1, "city": "Madrid", "phone": "999"},
     {"id": 4, "name": "Umbrella", "city": "Oslo"}]
a = w.items("A", A, -200)
b = w.items("B", B, 200)
def mf(name, y, **p):
    p.setdefault("mode", "combine")
    p.setdefault("options", {})
    w.node(name, "n8n-nodes-base.merge", p.pop("_v", 3), p, (800, y))
    w.connect(a, name, 0, 0)
    w.connect(b, name, 0, 1)
mf("Keep matches", -1200, fieldsToMatchString="id")
mf("Keep matches input1", -1000, fieldsToMatchString="id", outputDataFrom="input1", _v=3.1)
mf("Keep matches input2", -800, fieldsToMatchString="id", outputDataFrom="input2")
mf("Keep non-matches", -600, fieldsToMatchString="id", joinMode="keepNonMatches")
mf("Keep non-matches input2", -400, fieldsToMatchString="id", joinMode="keepNonMatches", outputDataFrom="input2")
mf("Keep everything suffix", -200, fieldsToMatchString="id", joinMode="keepEverything",
   options={"clashHandling": {"values": {"resolveClash": "addSuffix"}}})
mf("Enrich 1", 0, fieldsToMatchString="id", joinMode="enrichInput1", _v=3.2)
mf("Enrich 2", 200, fieldsToMatchString="id", joinMode="enrichInput2")
mf("Advanced first", 400, advanced=True, mergeByFields={"values": [{"field1": "name", "field2": "name"}, {"field1": "id", "field2": "id"}]},
   joinMode="keepEverything", options={"multipleMatches": "first"})
mf("Fuzzy", 600, fieldsToMatchString="id", options={"fuzzyCompare": True})
mf("Prefer 1 shallow empty", 800, fieldsToMatchString="id", joinMode="enrichInput1",
   options={"clashHandling": {"values": {"resolveClash": "preferInput1", "mergeMode": "shallowMerge", "overrideEmpty": True}}})
mf("Dot path", 1200, advanced=True, mergeByFields={"values": [{"field1": "info.a", "field2": "id"}]}, joinMode="keepMatches")
w.write("merge")

# Deep merge with "Minimize Empty Fields" runs lodash mergeWith on a shallow
# copy of input 1's json, so n8n changes nested objects of input 1 in place
# (visible in every node sharing them). Flat data keeps that out of the
# recording; n8n-go never changes its inputs.
w = WF("merge-override-empty")
a = w.items("A", [{"id": 1, "name": "Acme", "city": "Berlin", "zip": ""}, {"id": 2, "name": "", "city": None}], -200)
b = w.items("B", [{"id": 1, "city": "", "zip": "10115", "name": None}, {"id": 2, "name": "Globex", "city": "Rome"}], 200)
mf("Deep override empty", 0, fieldsToMatchString="id",
   options={"clashHandling": {"values": {"resolveClash": "preferLast", "overrideEmpty": True}}})
mf("Prefer 1 deep override empty", 200, fieldsToMatchString="id", joinMode="enrichInput2",
   options={"clashHandling": {"values": {"resolveClash": "preferInput1", "overrideEmpty": True}}})
w.write("merge")

# ---------------------------------------------------------------- merge: position, combinations, branch
w = WF("merge-position")
a = w.items("A", [{"k": "a0", "x": 1, "o": {"p": 1}}, {"k": "a1", "x": 2}], -200)
b = w.items("B", [{"k": "b0", "y": 1, "o": {"q": 2}}, {"k": "b1"}, {"k": "b2"}], 0)
c = w.items("C", [{"k": "c0", "z": 1}], 200)
def mp(name, y, inputs=(0, 1), **p):
    p.setdefault("options", {})
    w.node(name, "n8n-nodes-base.merge", p.pop("_v", 3), p, (800, y))
    srcs = [a, b, c]
    for i, s in enumerate(inputs):
        w.connect(srcs[s], name, 0, i)
mp("Position", -800, mode="combine", combineBy="combineByPosition")
mp("Position unpaired", -600, mode="combine", combineBy="combineByPosition", options={"includeUnpaired": True})
mp("Position suffix", -400, mode="combine", combineBy="combineByPosition",
   options={"clashHandling": {"values": {"resolveClash": "addSuffix"}}})
mp("Position 3 prefer 1", -200, inputs=(0, 1, 2), mode="combine", combineBy="combineByPosition", numberInputs=3,
   options={"includeUnpaired": True, "clashHandling": {"values": {"resolveClash": "preferInput1"}}})
mp("All combinations", 0, mode="combine", combineBy="combineAll")
mp("All combinations suffix", 200, mode="combine", combineBy="combineAll",
   options={"clashHandling": {"values": {"resolveClash": "addSuffix"}}}, _v=3.2)
mp("All combinations prefer 1", 400, mode="combine", combineBy="combineAll",
   options={"clashHandling": {"values": {"resolveClash": "preferInput1"}}})
mp("Choose input 2", 600, mode="chooseBranch", useDataOfInput=2)
mp("Choose empty", 800, mode="chooseBranch", output="empty", _v=3.1)
mp("Choose default", 1000, mode="chooseBranch")
w.write("merge")
