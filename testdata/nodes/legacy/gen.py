#!/usr/bin/env python3
"""Writes the golden workflows of the legacy nodes (Cron, Merge 1-2.1,
Switch 1-2, Date & Time 1-2, Item Lists 1-3, Spreadsheet File 1-2).

Run from the repository root: python3 testdata/nodes/legacy/gen.py
Then record each with real n8n: testdata/oracle/record.sh testdata/nodes/legacy/NAME.workflow.json
Data comes from a raw-JSON Set plus Split Out, because `n8n execute` ignores pinData.
"""
import json, os

HERE = os.path.dirname(os.path.abspath(__file__))


class WF:
    def __init__(self, name, start=True):
        self.name, self.nodes, self.conns, self.n = name, [], {}, 0
        if start:
            self.node("Start", "n8n-nodes-base.manualTrigger", 1, {}, (0, 0))

    def node(self, name, typ, ver, params, pos=None, **extra):
        self.n += 1
        if pos is None:
            pos = (200 * self.n, 0)
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

    def items(self, label, items, y=0, src="Start"):
        """src → raw Set {"items": …} → Split Out: one item per entry."""
        make = self.node("Make " + label, "n8n-nodes-base.set", 3.4,
                         {"mode": "raw", "jsonOutput": json.dumps({"items": items}), "options": {}}, (200, y))
        split = self.node(label, "n8n-nodes-base.splitOut", 1, {"fieldToSplitOut": "items", "options": {}}, (400, y))
        self.connect(src, make)
        self.connect(make, split)
        return split

    def after(self, src, name, typ, ver, params, out=0, inp=0):
        self.node(name, typ, ver, params)
        self.connect(src, name, out, inp)
        return name

    def write(self):
        doc = {"name": self.name, "nodes": self.nodes, "connections": self.conns,
               "settings": {"executionOrder": "v1"}, "pinData": {}}
        with open("%s/%s.workflow.json" % (HERE, self.name), "w") as f:
            json.dump(doc, f, indent=2, ensure_ascii=False)
            f.write("\n")


# ---------------------------------------------------------------- Cron
w = WF("cron", start=False)
w.node("Cron", "n8n-nodes-base.cron", 1, {"triggerTimes": {"item": [
    {"hour": 9}, {"mode": "everyX", "unit": "minutes", "value": 5},
    {"mode": "custom", "cronExpression": "0 0 * * 7"}]}}, (0, 0))
w.after("Cron", "After", "n8n-nodes-base.noOp", 1, {})
w.write()

# ---------------------------------------------------------------- Merge
A = [{"k": "a0", "id": 1, "x": 1, "o": {"p": 1}}, {"k": "a1", "id": 2, "x": "", "name": "A2"},
     {"k": "a2", "id": 3, "name": None}, {"k": "a3"}, {"k": "a4", "id": True}, {"k": "a5", "id": None}]
B = [{"id": 1, "y": 1, "x": "fromB", "name": "B1", "o": {"q": 2}}, {"id": "2", "y": 2, "x": 5, "name": "B2"},
     {"id": 0, "y": 0}, {"id": 4, "name": "B4"}, {"id": "null", "name": "Bnull"}]


def merges(name, ver, variants, a=A, b=B):
    w = WF(name)
    sa = w.items("A", a, -200)
    sb = w.items("B", b, 200)
    for label, params in variants:
        m = w.node(label, "n8n-nodes-base.merge", ver, params)
        w.connect(sa, m, 0, 0)
        w.connect(sb, m, 0, 1)
    w.write()


merges("merge-v1", 1, [
    ("Append", {}),
    ("Index left", {"mode": "mergeByIndex"}),
    ("Index inner", {"mode": "mergeByIndex", "join": "inner"}),
    ("Index outer", {"mode": "mergeByIndex", "join": "outer"}),
    ("Multiplex", {"mode": "multiplex"}),
    ("Keep matches", {"mode": "keepKeyMatches", "propertyName1": "id", "propertyName2": "id"}),
    ("Remove matches", {"mode": "removeKeyMatches", "propertyName1": "id", "propertyName2": "id"}),
    ("By key", {"mode": "mergeByKey", "propertyName1": "id", "propertyName2": "id"}),
    ("By key blank", {"mode": "mergeByKey", "propertyName1": "id", "propertyName2": "id", "overwrite": "blank"}),
    ("By key missing", {"mode": "mergeByKey", "propertyName1": "id", "propertyName2": "id", "overwrite": "undefined"}),
    ("Pass 2", {"mode": "passThrough", "output": "input2"}),
    ("Wait", {"mode": "wait"}),
    ("Old name", {"mode": "mergeByPropertyName"}),
])

# One input never arrives (Split Out of an empty list outputs nothing).
w = WF("merge-v1-one-input")
sa = w.items("A", A[:2], -200)
se = w.items("Empty", [], 200)
for label, ver, params in [("Outer", 1, {"mode": "mergeByIndex", "join": "outer"}),
                           ("Left", 1, {"mode": "mergeByIndex", "join": "left"}),
                           ("Keys", 1, {"mode": "mergeByKey", "propertyName1": "id", "propertyName2": "id"}),
                           ("Fields 2.1", 2.1, {"mode": "combine", "mergeByFields": {"values": [{"field1": "id", "field2": "id"}]}, "options": {}}),
                           ("Position 2", 2, {"mode": "combine", "combinationMode": "mergeByPosition", "options": {}})]:
    m = w.node(label, "n8n-nodes-base.merge", ver, params)
    w.connect(sa, m, 0, 0)
    w.connect(se, m, 0, 1)
w.write()

F = {"mode": "combine", "mergeByFields": {"values": [{"field1": "id", "field2": "id"}]}}
merges("merge-v2", 2.1, [
    ("Append", {}),
    ("Fields", dict(F, options={})),
    ("Fields input1", dict(F, outputDataFrom="input1", options={})),
    ("Fields input2", dict(F, outputDataFrom="input2", options={})),
    ("Non-matches", dict(F, joinMode="keepNonMatches", options={})),
    ("Non-matches 2", dict(F, joinMode="keepNonMatches", outputDataFrom="input2", options={})),
    ("Everything", dict(F, joinMode="keepEverything", options={})),
    ("Everything suffix", dict(F, joinMode="keepEverything", options={"clashHandling": {"values": {"resolveClash": "addSuffix"}}})),
    ("Enrich 1", dict(F, joinMode="enrichInput1", options={})),
    ("Enrich 2", dict(F, joinMode="enrichInput2", options={})),
    ("Enrich 1 prefer 1", dict(F, joinMode="enrichInput1", options={"clashHandling": {"values": {"resolveClash": "preferInput1"}}})),
    ("Fuzzy", dict(F, options={"fuzzyCompare": True, "multipleMatches": "first"})),
    ("Position", {"mode": "combine", "combinationMode": "mergeByPosition", "options": {}}),
    ("Position unpaired", {"mode": "combine", "combinationMode": "mergeByPosition", "options": {"includeUnpaired": True}}),
    ("Position suffix", {"mode": "combine", "combinationMode": "mergeByPosition", "options": {"clashHandling": {"values": {"resolveClash": "addSuffix"}}}}),
    ("Position shallow", {"mode": "combine", "combinationMode": "mergeByPosition", "options": {"clashHandling": {"values": {"resolveClash": "preferInput1", "mergeMode": "shallowMerge"}}}}),
    ("Multiplex", {"mode": "combine", "combinationMode": "multiplex", "options": {}}),
    ("Choose 1", {"mode": "chooseBranch"}),
    ("Choose 2", {"mode": "chooseBranch", "output": "input2"}),
    ("Choose empty", {"mode": "chooseBranch", "output": "empty"}),
])

merges("merge-v2-missing-field", 2, [
    ("Fields 2.0", dict(F, mergeByFields={"values": [{"field1": "id", "field2": "nope"}]}, options={})),
])

# ---------------------------------------------------------------- Switch
S = [{"n": 1, "s": "apple", "b": True, "d": "2024-01-15T10:00:00Z"},
     {"n": 5, "s": "banana", "b": False, "d": "2024-03-01"},
     {"n": 12, "s": "cherry pie", "b": True, "d": 1700000000000},
     {"n": -3, "s": "", "b": False, "d": "2023-12-31T23:59:59+02:00"}]


def switches(name, variants, items=S):
    w = WF(name)
    src = w.items("Items", items)
    for label, ver, params, outs in variants:
        sw = w.after(src, label, "n8n-nodes-base.switch", ver, params)
        for o in range(outs):
            w.after(sw, "%s %d" % (label, o), "n8n-nodes-base.noOp", 1, {}, out=o)
    w.write()


switches("switch-legacy", [
    ("Number v1", 1, {"value1": "={{ $json.n }}", "rules": {"rules": [
        {"value2": 2}, {"operation": "equal", "value2": 5, "output": 1},
        {"operation": "largerEqual", "value2": 10, "output": 3}]}}, 4),
    ("String v1", 1, {"dataType": "string", "value1": "={{ $json.s }}", "rules": {"rules": [
        {"operation": "contains", "value2": "an", "output": 2}, {"operation": "regex", "value2": "/^CH/i", "output": 1},
        {"operation": "startsWith", "value2": "a"}]}, "fallbackOutput": 3}, 4),
    ("Boolean v1", 1, {"dataType": "boolean", "value1": "={{ $json.b }}", "rules": {"rules": [
        {"value2": True, "output": 2}]}, "fallbackOutput": 0}, 4),
    ("Date v1", 1, {"dataType": "dateTime", "value1": "={{ $json.d }}", "rules": {"rules": [
        {"value2": "2024-02-01", "output": 1}, {"operation": "before", "value2": "2024-01-01T00:00:00Z", "output": 2}]}}, 4),
    ("Expression v1", 1, {"mode": "expression", "output": "={{ $json.n > 3 ? 2 : 0 }}"}, 4),
    ("Number v2", 2, {"value1": "={{ $json.n }}", "rules": {"rules": [
        {"operation": "larger", "value2": 4}, {"operation": "smaller", "value2": 0},
        {"operation": "notEqual", "value2": 99}]}, "fallbackOutput": 1}, 3),
    ("String v2", 2, {"dataType": "string", "value1": "={{ $json.s }}", "rules": {"rules": [
        {"operation": "endsWith", "value2": "pie"}, {"operation": "notContains", "value2": "a"}]}}, 2),
    ("Expression v2", 2, {"mode": "expression", "outputsAmount": 3, "output": "={{ $json.b ? 1 : 2 }}"}, 3),
])

w = WF("switch-legacy-error")
src = w.items("Items", S)
sw = w.after(src, "Bad output", "n8n-nodes-base.switch", 1, {"mode": "expression", "output": "={{ $json.n }}"})
w.after(sw, "Out 0", "n8n-nodes-base.noOp", 1, {}, out=0)
w.write()

w = WF("switch-legacy-continue")
src = w.items("Items", S)
sw = w.after(src, "Bad date", "n8n-nodes-base.switch", 2, {"dataType": "dateTime", "value1": "={{ $json.n > 3 ? $json.d : $json.s }}", "rules": {"rules": [
    {"value2": "2024-02-01"}]}}, )
w.nodes[-1]["onError"] = "continueRegularOutput"
w.after(sw, "Out 0", "n8n-nodes-base.noOp", 1, {}, out=0)
w.write()

# ---------------------------------------------------------------- Item Lists
L = [{"name": "Ann", "team": "a", "score": 3, "tags": ["x", "y"], "meta": {"k": 1}},
     {"name": "Bob", "team": "b", "score": 5, "tags": ["z", "q"], "meta": {"k": 2}},
     {"name": "Ann", "team": "a", "score": 3, "tags": ["x", "y"], "meta": {"k": 1}},
     {"name": "Cid", "team": "a", "score": 1, "tags": ["w", "v"], "meta": {"k": 3}}]


def itemlists(name, variants, items=L):
    w = WF(name)
    src = w.items("Items", items)
    for label, ver, params in variants:
        w.after(src, label, "n8n-nodes-base.itemLists", ver, params)
    w.write()


itemlists("itemlists-v3", [
    ("Split 3", 3, {"fieldToSplitOut": "tags", "options": {}}),
    ("Split all fields 3.1", 3.1, {"fieldToSplitOut": "tags", "include": "allOtherFields", "options": {"destinationFieldName": "tag"}}),
    ("Concatenate", 3, {"operation": "concatenateItems", "fieldsToAggregate": {"fieldToAggregate": [{"fieldToAggregate": "name"}, {"fieldToAggregate": "score", "renameField": True, "outputFieldName": "scores"}]}, "options": {}}),
    ("Concatenate all", 3.1, {"operation": "concatenateItems", "aggregate": "aggregateAllItemData", "options": {}}),
    ("Dedupe", 3, {"operation": "removeDuplicates", "options": {}}),
    ("Dedupe fields", 3.1, {"operation": "removeDuplicates", "compare": "selectedFields", "fieldsToCompare": "team", "options": {}}),
    ("Sort", 3, {"operation": "sort", "sortFieldsUi": {"sortField": [{"fieldName": "score", "order": "descending"}, {"fieldName": "name"}]}, "options": {}}),
    ("Limit", 3.1, {"operation": "limit", "maxItems": 2, "keep": "lastItems"}),
    ("Summarize", 3, {"operation": "summarize", "fieldsToSummarize": {"values": [{"field": "score", "aggregation": "sum"}, {"field": "name", "aggregation": "countUnique"}]}, "fieldsToSplitBy": "team", "options": {}}),
])

itemlists("itemlists-v1-v2", [
    ("Split 1", 1, {"fieldToSplitOut": "tags", "options": {}}),
    ("Split 2 selected", 2, {"fieldToSplitOut": "tags", "include": "selectedOtherFields", "fieldsToInclude": {"fields": [{"fieldName": "name"}]}, "options": {}}),
    ("Split 2.2 object", 2.2, {"fieldToSplitOut": "meta", "options": {}}),
    ("Aggregate 2", 2, {"operation": "aggregateItems", "fieldsToAggregate": {"fieldToAggregate": [{"fieldToAggregate": "tags"}]}, "options": {"mergeLists": True}}),
    ("Dedupe 1", 1, {"operation": "removeDuplicates", "compare": "allFieldsExcept", "fieldsToExclude": {"fields": [{"fieldName": "meta"}]}, "options": {}}),
    ("Sort 2.1", 2.1, {"operation": "sort", "sortFieldsUi": {"sortField": [{"fieldName": "name", "order": "descending"}]}, "options": {}}),
    ("Summarize 2", 2, {"operation": "summarize", "fieldsToSummarize": {"values": [{"field": "score", "aggregation": "average"}]}, "options": {}}),
])

w = WF("itemlists-v1-missing-field")
src = w.items("Items", L)
w.after(src, "Split 1", "n8n-nodes-base.itemLists", 1, {"fieldToSplitOut": "nope", "options": {}})
w.write()

# ---------------------------------------------------------------- Date & Time v2
D = [{"d": "2024-01-15T10:30:45.123Z", "e": "2024-03-01"},
     {"d": "2023-12-31T23:59:59+02:00", "e": "2024-02-29T12:00:00Z"},
     {"d": 1700000000, "e": 1700000000123}]


def datetimes(name, variants, items=D):
    w = WF(name)
    src = w.items("Items", items)
    for label, params in variants:
        w.after(src, label, "n8n-nodes-base.dateTime", 2, params)
    w.write()


datetimes("datetime-v2", [
    ("Add", {"operation": "addToDate", "magnitude": "={{ $json.d }}", "timeUnit": "months", "duration": 3, "options": {}}),
    ("Subtract", {"operation": "subtractFromDate", "magnitude": "={{ $json.d }}", "timeUnit": "minutes", "duration": 90,
                  "outputFieldName": "earlier", "options": {"includeInputFields": True}}),
    ("Format custom", {"operation": "formatDate", "date": "={{ $json.d }}", "format": "custom", "customFormat": "yyyy-MM-dd HH:mm", "options": {"timezone": True}}),
    ("Format default", {"operation": "formatDate", "date": "={{ $json.d }}", "options": {}}),
    ("Format preset", {"operation": "formatDate", "date": "={{ $json.e }}", "format": "MMMM dd yyyy", "options": {}}),
    ("Format from", {"operation": "formatDate", "date": "15/01/2024 08:05", "format": "yyyy/MM/dd", "options": {"fromFormat": "dd/MM/yyyy HH:mm"}}),
    ("Round down", {"operation": "roundDate", "date": "={{ $json.d }}", "toNearest": "day", "options": {}}),
    ("Round up", {"operation": "roundDate", "date": "={{ $json.d }}", "mode": "roundUp", "options": {}}),
    ("Between", {"operation": "getTimeBetweenDates", "startDate": "={{ $json.d }}", "endDate": "={{ $json.e }}", "units": ["day", "hour"], "options": {}}),
    ("Between ISO", {"operation": "getTimeBetweenDates", "startDate": "={{ $json.d }}", "endDate": "={{ $json.e }}", "options": {"isoString": True}}),
    ("Extract week", {"operation": "extractDate", "date": "={{ $json.d }}", "part": "week", "options": {}}),
    ("Extract year", {"operation": "extractDate", "date": "={{ $json.e }}", "part": "year", "outputFieldName": "y", "options": {}}),
])

datetimes("datetime-v2-invalid", [
    ("Add", {"operation": "addToDate", "magnitude": "={{ $json.d }}", "duration": 1, "options": {}}),
], items=[{"d": "2024-01-15"}, {"d": "not a date"}])

# ---------------------------------------------------------------- Spreadsheet File
R = [{"name": "Ann", "score": 3, "note": "a, \"quoted\" value"}, {"name": "Bob", "score": 5.5, "note": ""},
     {"name": "Cid", "score": -1, "note": "line\nbreak"}]

w = WF("spreadsheet-v2")
src = w.items("Rows", R)
to = w.after(src, "To CSV", "n8n-nodes-base.spreadsheetFile", 2, {"operation": "toFile", "fileFormat": "csv", "options": {}})
w.after(to, "From CSV", "n8n-nodes-base.spreadsheetFile", 2, {"options": {}})
w.after(to, "From CSV empty cells", "n8n-nodes-base.spreadsheetFile", 2, {"fileFormat": "csv", "options": {"includeEmptyCells": True}})
w.after(src, "To CSV named", "n8n-nodes-base.spreadsheetFile", 2, {"operation": "toFile", "fileFormat": "csv", "binaryPropertyName": "sheet",
                                                                    "options": {"fileName": "out.csv", "headerRow": False}})
w.write()

w = WF("spreadsheet-v1")
src = w.items("Rows", R)
w.after(src, "To CSV v1", "n8n-nodes-base.spreadsheetFile", 1, {"operation": "toFile", "fileFormat": "csv", "options": {}})
w.write()

w = WF("spreadsheet-v2-no-binary")
src = w.items("Rows", R)
w.after(src, "From missing", "n8n-nodes-base.spreadsheetFile", 2, {"options": {}})
w.write()

# ---------------------------------------------------------------- Date & Time v1
datetimes_v1 = [
    ("Format default", {"value": "={{ $json.d }}", "options": {}}),
    ("Format custom", {"value": "={{ $json.d }}", "custom": True, "toFormat": "dddd, MMMM Do YYYY, h:mm:ss a [at] HH:mm Z", "dataPropertyName": "out", "options": {}}),
    ("Format to zone", {"value": "={{ $json.d }}", "custom": True, "toFormat": "YYYY-MM-DD HH:mm ZZ", "options": {"toTimezone": "Europe/Berlin"}}),
    ("Format unix", {"value": "={{ $json.e }}", "toFormat": "X", "dataPropertyName": "nested.unix", "options": {}}),
    ("Add", {"action": "calculate", "value": "={{ $json.d }}", "duration": 1, "timeUnit": "months", "dataPropertyName": "later", "options": {}}),
    ("Subtract", {"action": "calculate", "value": "={{ $json.e }}", "operation": "subtract", "duration": 36, "timeUnit": "hours", "options": {}}),
]
w = WF("datetime-v1")
src = w.items("Items", D)
for label, params in datetimes_v1:
    w.after(src, label, "n8n-nodes-base.dateTime", 1, params)
w.write()

w = WF("datetime-v1-invalid")
src = w.items("Items", [{"d": "2024-01-15"}, {"d": "not a date"}])
w.after(src, "Calc", "n8n-nodes-base.dateTime", 1, {"action": "calculate", "value": "={{ $json.d }}", "duration": 2, "options": {}})
w.write()
