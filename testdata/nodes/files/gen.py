#!/usr/bin/env python3
"""Writes the Convert to File / Extract from File and data-node golden workflows.

Run from the repository root: python3 testdata/nodes/files/gen.py
Then record what real n8n does with each (needs the oracle install):
  testdata/oracle/record.sh testdata/nodes/files/*.workflow.json
Data comes from a raw-JSON Set plus Split Out (`n8n execute` ignores pinData);
files come from Convert to File, so every file's bytes are n8n's own.
"""
import json, os

HERE = os.path.dirname(os.path.abspath(__file__))


class WF:
    def __init__(self, name):
        self.name, self.nodes, self.conns, self.n = name, [], {}, 0
        self.node("Start", "n8n-nodes-base.manualTrigger", 1, {}, (0, 0))

    def node(self, name, typ, ver, params, pos=None, src=None, **extra):
        self.n += 1
        pos = pos or (200 * self.n, 0)
        n = {"id": "n%d" % self.n, "name": name, "type": typ, "typeVersion": ver,
             "position": list(pos), "parameters": params}
        n.update(extra)
        self.nodes.append(n)
        if src:
            self.connect(src, name)
        return name

    def connect(self, src, dst, out=0, inp=0):
        outs = self.conns.setdefault(src, {"main": []})["main"]
        while len(outs) <= out:
            outs.append([])
        outs[out].append({"node": dst, "type": "main", "index": inp})

    def items(self, label, items):
        make = self.node("Make " + label, "n8n-nodes-base.set", 3.4,
                         {"mode": "raw", "jsonOutput": json.dumps({"items": items}), "options": {}}, src="Start")
        return self.node(label, "n8n-nodes-base.splitOut", 1, {"fieldToSplitOut": "items", "options": {}}, src=make)

    def write(self):
        doc = {"name": self.name, "nodes": self.nodes, "connections": self.conns,
               "settings": {"executionOrder": "v1"}, "pinData": {}}
        with open("%s/%s.workflow.json" % (HERE, self.name), "w") as f:
            json.dump(doc, f, indent=2, ensure_ascii=False)
            f.write("\n")


TO = "n8n-nodes-base.convertToFile"
FROM = "n8n-nodes-base.extractFromFile"

ROWS = [
    {"id": 1, "name": "Ada, Countess", "ok": True, "score": 0.1, "big": 12345678901234, "note": 'say "hi"', "nested": {"a": 1, "b": [1, 2]}},
    {"id": 2, "name": "line\nbreak", "ok": False, "score": 1 / 3, "big": -1.5e-7, "empty": "", "nil": None},
    {"id": 3, "name": "ID", "extra": "only here", "score": 100000000000, "ok": None, "unicode": "héllo €"},
]

# 1. CSV both ways: Convert to File csv (v1.1 default name, and v1 with
# options), then Extract from File csv (default options, and options).
w = WF("csv-roundtrip")
src = w.items("Rows", ROWS)
c1 = w.node("To CSV", TO, 1.1, {"options": {}}, src=src)
w.node("From CSV", FROM, 1, {"options": {}}, src=c1)
w.write()

w = WF("csv-options")
src = w.items("Rows", ROWS)
c2 = w.node("To CSV semicolon", TO, 1, {"options": {"delimiter": ";", "fileName": "out/rows.csv", "headerRow": True}}, src=src)
w.node("From CSV semicolon", FROM, 1.1, {"options": {"delimiter": ";", "includeEmptyCells": True, "encoding": "utf-8"}}, src=c2)
w.write()

w = WF("csv-noheader")
src = w.items("Rows", ROWS)
c3 = w.node("To CSV no header", TO, 1.1, {"options": {"headerRow": False}}, src=src)
w.node("From CSV no header", FROM, 1, {"options": {"headerRow": False, "fromLine": 2, "maxRowCount": 1}}, src=c3)
w.write()

# 2. JSON, text and base64 files, and back.
w = WF("json-text-base64")
src = w.items("Rows", [{"id": 1, "text": "hello\nworld", "b64": "aGVsbG8gd29ybGQ=", "obj": {"x": [1, "two"]}},
                       {"id": 2, "text": "ünïcode ✓", "b64": "AAEC/w==", "obj": {}}])
j1 = w.node("To JSON once", TO, 1.1, {"operation": "toJson", "options": {}}, src=src)
w.node("From JSON", FROM, 1, {"operation": "fromJson", "options": {}}, src=j1)
j2 = w.node("To JSON each", TO, 1.1, {"operation": "toJson", "mode": "each", "options": {"format": True, "fileName": "item.json"}}, src=src)
w.node("From JSON keep", FROM, 1, {"operation": "fromJson", "destinationKey": "parsed", "options": {"keepSource": "both"}}, src=j2)
t1 = w.node("To Text", TO, 1.1, {"operation": "toText", "sourceProperty": "text", "options": {"fileName": "=note-{{ $json.id }}.txt"}}, src=src)
w.node("From Text", FROM, 1, {"operation": "text", "destinationKey": "content", "options": {}}, src=t1)
t2 = w.node("To Text object", TO, 1.1, {"operation": "toText", "sourceProperty": "obj", "options": {}}, src=src)
w.node("To Base64", FROM, 1, {"operation": "binaryToPropery", "options": {}}, src=t2)
b1 = w.node("From Base64", TO, 1.1, {"operation": "toBinary", "sourceProperty": "b64", "options": {"fileName": "blob.bin", "mimeType": "application/octet-stream"}}, src=src)
w.node("Base64 again", FROM, 1, {"operation": "binaryToPropery", "destinationKey": "again", "options": {"keepSource": "json"}}, src=b1)
b2 = w.node("From Base64 no name", TO, 1.1, {"operation": "toBinary", "sourceProperty": "b64", "options": {}}, src=src)
w.node("Text of it", FROM, 1, {"operation": "text", "options": {"encoding": "utf8"}}, src=b2)
w.write()

# 3. Errors: no binary on the item; a missing source field under
# continueOnFail; a file that is not JSON.
w = WF("files-errors")
src = w.items("Rows", [{"id": 1, "text": "not json {"}, {"id": 2}])
w.node("No Binary", FROM, 1, {"options": {}}, src=src, onError="continueRegularOutput")
t = w.node("Missing Field", TO, 1.1, {"operation": "toText", "sourceProperty": "text", "options": {}}, src=src, onError="continueRegularOutput")
w.node("Not JSON", FROM, 1, {"operation": "fromJson", "options": {}}, src=t)
w.write()

w = WF("csv-error")
src = w.items("Rows", [{"t": "a,b\n1,2\n3,4,5\n"}])
t = w.node("Ragged", TO, 1.1, {"operation": "toText", "sourceProperty": "t", "options": {"fileName": "r.csv"}}, src=src)
w.node("CSV v1 keeps rows", FROM, 1, {"options": {}}, src=t)
w.node("CSV v1.1 fails", FROM, 1.1, {"options": {}}, src=t)
w.write()


# 4. Binary data through the core nodes and expressions.
w = WF("binary-flow")
src = w.items("Rows", [{"id": 1, "text": "first"}, {"id": 2, "text": "second"}])
t = w.node("To Text", TO, 1.1, {"operation": "toText", "sourceProperty": "text", "options": {"fileName": "=note-{{ $json.id }}.txt"}}, src=src)
s1 = w.node("Set keeps binary", "n8n-nodes-base.set", 3.4, {"assignments": {"assignments": [
    {"id": "a1", "name": "file", "value": "={{ $binary.data.fileName }}", "type": "string"},
    {"id": "a2", "name": "size", "value": "={{ $binary.data.fileSize }}", "type": "string"},
    {"id": "a3", "name": "keys", "value": "={{ Object.keys($input.item.binary) }}", "type": "array"}]}, "options": {}}, src=t)
w.node("Set strips binary", "n8n-nodes-base.set", 3.4, {"assignments": {"assignments": [
    {"id": "b1", "name": "mime", "value": "={{ $binary.data.mimeType }}", "type": "string"}]}, "options": {"stripBinary": True}}, src=t)
a = w.node("Aggregate", "n8n-nodes-base.aggregate", 1, {"aggregate": "aggregateAllItemData", "options": {"includeBinaries": True}}, src=s1)
w.node("Split binary", "n8n-nodes-base.splitOut", 1, {"fieldToSplitOut": "$binary", "options": {}}, src=a)
m = w.node("Merge", "n8n-nodes-base.merge", 3, {}, src=t)
w.connect(s1, m, inp=1)
w.node("Extract merged", FROM, 1, {"operation": "text", "options": {"keepSource": "both"}}, src=m)
w.write()


# Data nodes (written to ../transform).
def twrite(w):
    doc = {"name": w.name, "nodes": w.nodes, "connections": w.conns,
           "settings": {"executionOrder": "v1"}, "pinData": {}}
    with open("%s/../transform/%s.workflow.json" % (HERE, w.name), "w") as f:
        json.dump(doc, f, indent=2, ensure_ascii=False)
        f.write("\n")


SORT = "n8n-nodes-base.sort"
DEDUP = "n8n-nodes-base.removeDuplicates"
RENAME = "n8n-nodes-base.renameKeys"
PEOPLE = [
    {"name": "bob", "age": 30, "city": "Paris", "tags": ["a"], "meta": {"rank": 2}},
    {"name": "Alice", "age": 25, "city": "Berlin", "tags": ["b"], "meta": {"rank": 1}},
    {"name": "carol", "age": 30, "city": "paris", "tags": ["a"], "meta": {"rank": 2}},
    {"name": "bob", "age": 30, "city": "Paris", "tags": ["a"], "meta": {"rank": 2}},
    {"name": "Dave", "age": "40", "city": "Rome", "meta": {"rank": 3}},
    {"name": "alice", "age": 25, "city": "Berlin", "tags": ["b"], "meta": {"rank": 1}},
]

w = WF("sort")
src = w.items("People", PEOPLE)
w.node("By name", SORT, 1, {"sortFieldsUi": {"sortField": [{"fieldName": "name"}]}, "options": {}}, src=src)
w.node("By age desc then city", SORT, 1, {"sortFieldsUi": {"sortField": [{"fieldName": "age", "order": "descending"}, {"fieldName": "city"}]}, "options": {}}, src=src)
w.node("By nested", SORT, 1, {"sortFieldsUi": {"sortField": [{"fieldName": "meta.rank", "order": "ascending"}]}, "options": {}}, src=src)
w.node("Dot disabled", SORT, 1, {"sortFieldsUi": {"sortField": [{"fieldName": "meta.rank", "order": "ascending"}]}, "options": {"disableDotNotation": True}}, src=src, onError="continueRegularOutput")
twrite(w)

w = WF("sort-error")
src = w.items("People", PEOPLE)
w.node("Missing field", SORT, 1, {"sortFieldsUi": {"sortField": [{"fieldName": "salary"}]}, "options": {}}, src=src)
twrite(w)

w = WF("remove-duplicates-missing")
src = w.items("People", [p for p in PEOPLE if p["name"] != "Dave"] + [{"name": "Dave", "age": 40, "city": "Rome", "meta": {"rank": 3}, "tags": None}])
w.node("All fields v2", DEDUP, 2, {}, src=src)
twrite(w)

w = WF("remove-duplicates")
src = w.items("People", [p for p in PEOPLE if p["name"] != "Dave"] + [{"name": "Dave", "age": 40, "city": "Rome", "meta": {"rank": 3}, "tags": ["c"]}])
w.node("All fields v2", DEDUP, 2, {}, src=src)
w.node("Selected v2", DEDUP, 2, {"compare": "selectedFields", "fieldsToCompare": "city, age", "options": {}}, src=src, onError="continueRegularOutput")
w.node("Except v1.1", DEDUP, 1.1, {"compare": "allFieldsExcept", "fieldsToExclude": "name,age", "options": {}}, src=src)
w.node("Selected remove other v1", DEDUP, 1, {"compare": "selectedFields", "fieldsToCompare": "meta.rank", "options": {"removeOtherFields": True}}, src=src)
w.node("Selected name v2", DEDUP, 2, {"compare": "selectedFields", "fieldsToCompare": "name", "options": {}}, src=src)
twrite(w)

w = WF("remove-duplicates-error")
src = w.items("People", PEOPLE)
w.node("Mixed types", DEDUP, 2, {"compare": "selectedFields", "fieldsToCompare": "age", "options": {}}, src=src)
twrite(w)

w = WF("rename-keys")
src = w.items("People", PEOPLE[:3])
w.node("Rename", RENAME, 1, {"keys": {"key": [{"currentKey": "name", "newKey": "fullName"}, {"currentKey": "meta.rank", "newKey": "rank"}, {"currentKey": "missing", "newKey": "x"}, {"currentKey": "city", "newKey": "address.city"}]}, "additionalOptions": {}}, src=src)
w.node("Regex", RENAME, 1, {"keys": {}, "additionalOptions": {"regexReplacement": {"replacements": [{"searchRegex": "^(a|c)", "replaceRegex": "x_$1", "options": {"caseInsensitive": True, "depth": -1}}, {"searchRegex": "an", "replaceRegex": "AN", "options": {"depth": 0}}]}}}, src=src)
w.node("Bad regex", RENAME, 1, {"keys": {}, "additionalOptions": {"regexReplacement": {"replacements": [{"searchRegex": "([", "replaceRegex": "x", "options": {}}]}}}, src=src, onError="continueRegularOutput")
twrite(w)

SUM = "n8n-nodes-base.summarize"
SALES = [
    {"region": "EU", "rep": "ann", "amount": 10, "tags": ["x"], "note": "a"},
    {"region": "US", "rep": "bob", "amount": 5.5, "note": ""},
    {"region": "EU", "rep": "bob", "amount": 2, "note": None},
    {"region": 1, "rep": "cy", "amount": "7", "note": "b"},
    {"region": "1", "rep": "ann", "amount": 3, "note": "c"},
    {"rep": "dee", "amount": 1},
]
AGGS = {"values": [
    {"field": "amount"},
    {"aggregation": "sum", "field": "amount"},
    {"aggregation": "average", "field": "amount"},
    {"aggregation": "min", "field": "rep"},
    {"aggregation": "max", "field": "amount"},
    {"aggregation": "countUnique", "field": "rep"},
    {"aggregation": "append", "field": "note"},
    {"aggregation": "append", "field": "note", "includeEmpty": True},
    {"aggregation": "concatenate", "field": "rep", "separateBy": "other", "customSeparator": " | "},
    {"aggregation": "concatenate", "field": "tags"},
]}
w = WF("summarize")
src = w.items("Sales", SALES)
w.node("All v1.1", SUM, 1.1, {"fieldsToSummarize": AGGS, "options": {}}, src=src)
w.node("By region v1.1", SUM, 1.1, {"fieldsToSummarize": AGGS, "fieldsToSplitBy": "region", "options": {}}, src=src)
w.node("By region v1", SUM, 1, {"fieldsToSummarize": AGGS, "fieldsToSplitBy": "region", "options": {}}, src=src)
w.node("By region and rep single", SUM, 1.1, {"fieldsToSummarize": {"values": [{"aggregation": "sum", "field": "amount"}]}, "fieldsToSplitBy": "region, rep", "options": {"outputFormat": "singleItem"}}, src=src)
w.node("Skip empty", SUM, 1.1, {"fieldsToSummarize": {"values": [{"field": "rep"}]}, "fieldsToSplitBy": "region", "options": {"skipEmptySplitFields": True}}, src=src)
w.node("Missing field v1.1", SUM, 1.1, {"fieldsToSummarize": {"values": [{"aggregation": "sum", "field": "nope"}]}, "options": {}}, src=src)
twrite(w)

w = WF("summarize-error")
src = w.items("Sales", SALES)
w.node("Missing field v1", SUM, 1, {"fieldsToSummarize": {"values": [{"aggregation": "sum", "field": "nope"}]}, "options": {}}, src=src)
twrite(w)

w = WF("summarize-no-field")
src = w.items("Sales", SALES)
w.node("No field", SUM, 1.1, {"options": {}}, src=src)
twrite(w)

CRYPTO = "n8n-nodes-base.crypto"
# A throwaway RSA key made for this golden only (openssl genrsa 2048).
TEST_KEY = '-----BEGIN PRIVATE KEY-----\nMIIEuwIBADANBgkqhkiG9w0BAQEFAASCBKUwggShAgEAAoIBAQCTFpIciQSUAyhG\nPRJhpan1s5qEOpVbLPdfo/D73C9MBjt+jcdpOM4yHN/JclsSlM1hmUnGR0jHNgh4\noOdYt+QlL60+awUBv0zqlqNaSrtC1nuSIi0xy0tevxDZapxyeA9U4ELZ9HG29cxB\nzWbPoXG8E9soV6eFepQVxtHkw7n50tyRZk3PAMnoClkL5e4xE7s5HnRxkjLwWV1f\nCk9iyfoMoHu6ViNQdQnPIC5YJxS4MIf8zuaxUShaLVCOxgd3pBevG5FwACgTqwFi\njdpCSoLSO//CD2GhPom+7IWOQ1L62VCeAiefF5Hef6Nb8LVjIIDjRRQS7frv2B2S\nM2rX94m/AgMBAAECgf8W2GqcTSWyCFGalzcS518Q1q/4a/xlLOwajTd/PEYD9pJT\nOkR1jUTCnDNi8fJX2BomoNkp5pMqRXcjvy9si/6+7GvXgviNQLuA2MA9UiExcSr9\nMjlY5BXpJ3rYAOfR036mf2uBMdflYi+gmxXKl7Z0HlhBHJklUv0CfUB+Cqt2j3sU\ngHj0BDQgquuczIuNO4eXyFpkc4z3SDofjiMSWgpiyFFY0jVhxq2gFlsN+H7EaUx0\nxCV15S5sZapqc5oQlJFJK82B51YKg2aIWRQRJ9l/94LQejchetCegtx1TVNMIgyD\nHjgnxAL2pXerQRxsD7vfEbMfqSIoGb9f0csK8sECgYEAymJCLufVyq7H7Rjl06K9\nmRE7aRZ5KCGI5VkaPnHC2WCaG6eLGyrz1Ga0nRFICn2IE+D66elXmWYtLwmoobNE\nwGUzxHagVWRKiLeqUkAYZzMnpLsE6jwCrvesm6cAOSh0yA/hkpnMiWAGbqGmaMYG\nY6Awr67I+sgrwIYHTz7B7GECgYEAug4kPgElY3hTSB1G1Irc0IBRw2hQSbsLAr/n\npUdnl8jBxLhgIr0OxV8y+JpOxu859vR5WDechAKr2+cUsxM4AznOZZPx2I88Nde8\npYdHzJf7wjkW2FjJim3F3YfIU5YcGHuTv2i5P+QCirAf37Zbo6xH5qzwJTOoEysq\naqo0Kh8CgYAo7SffHmjgfOnXK5LGcoGO46o0/SNxFx786kDhYdX6aYugjggWbWAz\nkrVxkd4UqQAMrRFwngxl7AC1I2njkUIU+iI215piyk48SY/65BVLQVACAwPiblJI\nmbNhIqtr45+CGZwPLmTrXuzOEIh7ZZhDK1DNJjZkaHhYjYIK53EF4QKBgFdqnYyk\nbTS3LCoN12G1fNpZ8BCnylFaGGpKUERPsFSYdrI/DqxDt9T0TbaQicLeU5W8d+cC\n+f7sYmMHx6n7ta2OU3NWd6MQaXHC01fSn+F450jyGdG8pbTsrrLPQUhElx7JsTmV\nsrRaJPeUmOU7gQL9xyqSxqI0Cxw2g89p+OhxAoGBALrMDsdgtQqz47JoBH2hqZk1\nT2C0qaozpt9uRBwQ1R44Otn1P9+adI8mZYsX0WVsYHPlsnEX4JW+pSFvz9e4pwAv\nZIxVKsLB7zZti41FB+PJBCE7O27pfhJH7CX8hqVT4g30wn5+eHNEMeA7I0SQRvRY\nFjoQxZ5rPt67HhLq25Rr\n-----END PRIVATE KEY-----\n'
w = WF("crypto")
src = w.items("Rows", [{"id": 1, "text": "hello"}, {"id": 2, "text": "ünïcode ✓"}])
w.node("MD5", CRYPTO, 1, {"value": "={{ $json.text }}"}, src=src)
w.node("SHA256 base64", CRYPTO, 1, {"type": "SHA256", "value": "={{ $json.text }}", "dataPropertyName": "h", "encoding": "base64"}, src=src)
w.node("SHA3-512", CRYPTO, 1, {"type": "SHA3-512", "value": "={{ $json.text }}", "dataPropertyName": "a.b"}, src=src)
w.node("HMAC SHA512", CRYPTO, 1, {"action": "hmac", "type": "SHA512", "value": "={{ $json.text }}", "dataPropertyName": "sig", "secret": "s3cret"}, src=src)
t = w.node("To Text", TO, 1.1, {"operation": "toText", "sourceProperty": "text", "options": {}}, src=src)
w.node("Hash file", CRYPTO, 1, {"type": "SHA256", "binaryData": True, "dataPropertyName": "fileHash"}, src=t)
w.node("Hash keeps binary", CRYPTO, 1, {"type": "SHA384", "value": "x"}, src=t)
w.node("Sign", CRYPTO, 1, {"action": "sign", "algorithm": "RSA-SHA256", "value": "={{ $json.text }}", "privateKey": TEST_KEY, "encoding": "base64"}, src=src)
w.node("Number value", CRYPTO, 1, {"value": "={{ $json.id }}"}, src=src, onError="continueRegularOutput")
twrite(w)

w = WF("crypto-error")
src = w.items("Rows", [{"id": 1, "text": "hello"}])
w.node("No binary", CRYPTO, 1, {"binaryData": True, "value": "x"}, src=src)
twrite(w)

HTML = "n8n-nodes-base.html"
PAGE = """<html><head><title>T</title></head><body><h1 class="t">Hello  <b>World</b></h1><p id="p1">First para with a <a href="https://x.y/z">link</a> and   spaces.</p>
<p>A very long paragraph that goes on and on and on beyond eighty characters so that the wrapping kicks in somewhere here.</p>
<ul><li>one</li><li>two <i>2</i> &amp; more</li></ul><div class="d">div text<br>after br <span class="ad">AD</span></div><img src="a.png" alt="pic">
<input name="q" value="val"><h2>Sub</h2><span>s1</span><span>s2</span><a href="/rel">rel</a></body></html>"""
EXTRACT = {"values": [
    {"key": "title", "cssSelector": "h1"},
    {"key": "para", "cssSelector": "p"},
    {"key": "paras", "cssSelector": "p", "returnArray": True},
    {"key": "list", "cssSelector": "ul", "returnValue": "html"},
    {"key": "links", "cssSelector": "a", "returnValue": "attribute", "attribute": "href", "returnArray": True},
    {"key": "q", "cssSelector": "input", "returnValue": "value"},
    {"key": "div", "cssSelector": "div.d", "skipSelectors": "span.ad"},
    {"key": "none", "cssSelector": ".missing"},
    {"key": "body", "cssSelector": "body"},
]}
w = WF("html")
src = w.items("Pages", [{"page": PAGE, "name": "a_b", "n": 1, "ok": True}, {"page": ["<p> x </p>", "<p>y</p>"], "name": "c", "ok": False}])
w.node("Extract 1.2", HTML, 1.2, {"operation": "extractHtmlContent", "dataPropertyName": "page", "extractionValues": EXTRACT, "options": {}}, src=src)
w.node("Extract 1.1 trimmed", HTML, 1.1, {"operation": "extractHtmlContent", "dataPropertyName": "page", "extractionValues": EXTRACT, "options": {"trimValues": True, "cleanUpText": True}}, src=src)
w.node("Template", HTML, 1.2, {"html": "<p>{{ $json.name }} has {{ $json.n }} and {{ $json.ok }}</p>"}, src=src)
w.node("Table", HTML, 1.2, {"operation": "convertToHtmlTable", "options": {"capitalize": True, "caption": "Cap"}}, src=src)
t = w.node("To HTML file", TO, 1.1, {"operation": "toText", "sourceProperty": "page", "options": {"fileName": "p.html"}}, src=src)
w.node("Extract binary", HTML, 1.2, {"operation": "extractHtmlContent", "sourceData": "binary", "extractionValues": {"values": [{"key": "t", "cssSelector": "h1, p"}]}, "options": {}}, src=t)
twrite(w)

w = WF("html-error")
src = w.items("Pages", [{"page": "<p>x</p>"}])
w.node("Missing property", HTML, 1.2, {"operation": "extractHtmlContent", "dataPropertyName": "nope", "extractionValues": {"values": [{"key": "t", "cssSelector": "p"}]}, "options": {}}, src=src)
twrite(w)

MD = "n8n-nodes-base.markdown"
w = WF("markdown")
src = w.items("Docs", [
    {"md": "# Hello World\n\nSome *em* and **strong** and `code`.\n\n- a\n- b\n\n1. x\n2. y\n\n[link](http://x.y)\n\n```js\nlet a = 1;\n```\n\n> quote\n\n## Hello World\n", "html": "<h1>Hi</h1><p>Para <b>bold</b> <em>it</em> <a href=\"http://x\">l</a></p><ul><li>a</li><li>b</li></ul><ol><li>one</li></ol><pre><code>x=1</code></pre><blockquote><p>q</p></blockquote><p>line<br>break &amp; <code>c</code></p>"},
    {"md": "plain text", "html": "<div>just <span>text</span></div>"},
])
w.node("To HTML", MD, 1, {"mode": "markdownToHtml", "markdown": "={{ $json.md }}", "options": {}}, src=src)
w.node("To Markdown", MD, 1, {"html": "={{ $json.html }}", "destinationKey": "out.md", "options": {}}, src=src)
twrite(w)

w = WF("markdown-error")
src = w.items("Docs", [{"n": 1}])
w.node("Not a string", MD, 1, {"html": "={{ $json.n }}", "options": {}}, src=src)
twrite(w)

XML = "n8n-nodes-base.xml"
DOC = """<?xml version="1.0"?><root a="1"><item id="x">hi</item><item>two</item><e/><n> <c>t</c> </n><m>a<b>1</b>c</m><s>  sp  </s><cd><![CDATA[<x>]]></cd></root>"""
w = WF("xml")
src = w.items("Docs", [{"data": DOC, "n": 1.5, "flag": True, "list": [1, "a"], "obj": {"$": {"k": "v\""}, "_": "t"}, "nil": None, "empty": {}},
                       {"data": "<a><b>1</b><b>2</b></a>", "x": "a&<b>"}])
w.node("To JSON", XML, 1, {"options": {}}, src=src)
w.node("To JSON options", XML, 1, {"options": {"explicitArray": True, "mergeAttrs": False, "explicitRoot": False, "trim": True, "normalizeTags": True}}, src=src)
w.node("To XML", XML, 1, {"mode": "jsonToxml", "options": {}}, src=src)
w.node("To XML headless", XML, 1, {"mode": "jsonToxml", "dataPropertyName": "xml", "options": {"headless": True, "rootName": "doc", "cdata": True}}, src=src)
twrite(w)

w = WF("xml-error")
src = w.items("Docs", [{"other": "<a/>"}])
w.node("No property", XML, 1, {"options": {}}, src=src)
twrite(w)

# Read/Write Files from Disk: files under one fixed folder (the golden
# test creates it; n8n and n8n-go must see the same absolute paths).
RWF = "n8n-nodes-base.readWriteFile"
DIR = "/tmp/n8n-go-golden-rwf"
w = WF("read-write-files")
src = w.items("Rows", [{"id": 1, "text": "first file"}, {"id": 2, "text": "second, longer file\n"}])
t = w.node("To Text", TO, 1.1, {"operation": "toText", "sourceProperty": "text", "options": {}}, src=src)
wr = w.node("Write", RWF, 1, {"operation": "write", "fileName": "=" + DIR + "/out-{{ $json.id }}.txt", "options": {}}, src=t)
ap = w.node("Append", RWF, 1, {"operation": "write", "fileName": DIR + "/all.log", "options": {"append": True}}, src=wr)
w.node("Read one", RWF, 1, {"fileSelector": "=" + DIR + "/out-{{ $json.id }}.txt", "options": {}}, src=ap)
w.node("Read glob", RWF, 1, {"fileSelector": DIR + "/*.log", "options": {"dataPropertyName": "file", "fileName": "renamed.txt", "mimeType": "text/x-log"}}, src=ap)
w.node("Read none", RWF, 1, {"fileSelector": DIR + "/nothing-*.csv", "options": {}}, src=ap)
w.write()

w = WF("read-write-files-error")
src = w.items("Rows", [{"id": 1}])
w.node("No binary", RWF, 1, {"operation": "write", "fileName": DIR + "/x.txt", "options": {}}, src=src)
w.write()

# XLSX: fixtures/people.xlsx (written by SheetJS 0.18.5), put in its own
# folder by the golden test (atomically, never removed) and before
# recording: cp testdata/nodes/files/fixtures/people.xlsx /tmp/n8n-go-golden-xlsx/
w = WF("xlsx")
rd = w.node("Read xlsx", RWF, 1, {"fileSelector": "/tmp/n8n-go-golden-xlsx/people.xlsx", "options": {}}, src="Start")
w.node("Default", FROM, 1, {"operation": "xlsx", "options": {}}, src=rd)
w.node("No header", FROM, 1, {"operation": "xlsx", "options": {"headerRow": False}}, src=rd)
w.node("Empty cells", FROM, 1.1, {"operation": "xlsx", "options": {"includeEmptyCells": True}}, src=rd)
w.node("Other sheet", FROM, 1.1, {"operation": "xlsx", "options": {"sheetName": "Other"}}, src=rd)
w.node("Missing sheet", FROM, 1.1, {"operation": "xlsx", "options": {"sheetName": "Nope"}}, src=rd, onError="continueRegularOutput")
w.write()

MOVE = "n8n-nodes-base.moveBinaryData"
w = WF("move-binary-data")
src = w.items("Rows", [{"id": 1, "text": "hello", "obj": {"a": [1, 2]}, "b64": "aGk="}, {"id": 2, "text": "{\"x\": 1}", "obj": {}, "b64": "AAE="}])
j1 = w.node("All to binary v1", MOVE, 1, {"mode": "jsonToBinary", "options": {}}, src=src)
w.node("Back all", MOVE, 1, {"options": {}}, src=j1)
j2 = w.node("Field to binary v1.1", MOVE, 1.1, {"mode": "jsonToBinary", "convertAllData": False, "sourceKey": "text", "destinationKey": "file", "options": {"useRawData": True, "fileName": "t.txt", "mimeType": "text/plain"}}, src=src)
w.node("Field back", MOVE, 1.1, {"setAllData": False, "sourceKey": "file", "destinationKey": "restored", "options": {"keepSource": True}}, src=j2)
w.node("Field back base64", MOVE, 1.1, {"setAllData": False, "sourceKey": "file", "destinationKey": "b64again", "options": {"keepAsBase64": True}}, src=j2)
j3 = w.node("Base64 to binary", MOVE, 1.1, {"mode": "jsonToBinary", "convertAllData": False, "sourceKey": "b64", "options": {"dataIsBase64": True, "keepSource": True}}, src=src)
w.node("Object to binary", MOVE, 1.1, {"mode": "jsonToBinary", "convertAllData": False, "sourceKey": "obj", "destinationKey": "o", "options": {"useRawData": True}}, src=src)
w.node("Missing source skipped", MOVE, 1.1, {"setAllData": False, "sourceKey": "nope", "options": {}}, src=j3)
w.write()

w = WF("move-binary-data-error")
src = w.items("Rows", [{"id": 1}])
w.node("Unknown mode", MOVE, 1.1, {"mode": "=bad", "options": {}}, src=src)
w.write()


# Third workflows per node: mixed value types and other parameter shapes.
MIXED = [{"v": 10, "s": "b", "d": "2024-01-02"}, {"v": "9", "s": "B", "d": "2023-12-31"}, {"v": None, "s": "a"},
         {"v": True, "s": "é", "d": "2024-01-01"}, {"v": 2.5, "s": "Z", "d": "2024-01-01"}]
w = WF("sort-mixed")
src = w.items("Mixed", MIXED)
w.node("Mixed asc", SORT, 1, {"sortFieldsUi": {"sortField": [{"fieldName": "v"}]}, "options": {}}, src=src)
w.node("Strings desc", SORT, 1, {"sortFieldsUi": {"sortField": [{"fieldName": "s", "order": "descending"}]}, "options": {}}, src=src)
w.node("Date then string", SORT, 1, {"sortFieldsUi": {"sortField": [{"fieldName": "d"}, {"fieldName": "s"}]}, "options": {"disableDotNotation": True}}, src=src)
twrite(w)

w = WF("rename-keys-nested")
src = w.items("Rows", [{"user": {"first_name": "A", "last_name": "B", "tags": [{"tag_id": 1}]}, "id": 1}, {"id": 2}])
w.node("Nested paths", RENAME, 1, {"keys": {"key": [{"currentKey": "user.first_name", "newKey": "user.firstName"}, {"currentKey": "id", "newKey": "user.id"}]}, "additionalOptions": {}}, src=src)
w.node("Regex depth 1", RENAME, 1, {"keys": {}, "additionalOptions": {"regexReplacement": {"replacements": [{"searchRegex": "_(\\w)", "replaceRegex": "-$1", "options": {"depth": 1}}]}}}, src=src)
w.node("Regex all depths", RENAME, 1, {"keys": {}, "additionalOptions": {"regexReplacement": {"replacements": [{"searchRegex": "_id$", "replaceRegex": "Id", "options": {"depth": -1}}]}}}, src=src)
twrite(w)

w = WF("crypto-more")
src = w.items("Rows", [{"t": "abc"}, {"t": ""}])
w.node("SHA1? no: SHA3-256", CRYPTO, 1, {"type": "SHA3-256", "value": "={{ $json.t }}", "encoding": "base64"}, src=src)
w.node("SHA3-384 hmac", CRYPTO, 1, {"action": "hmac", "type": "SHA3-384", "value": "={{ $json.t }}", "secret": "k"}, src=src)
w.node("SHA512 fixed", CRYPTO, 1, {"type": "SHA512", "value": "fixed", "dataPropertyName": "out"}, src=src)
twrite(w)

w = WF("html-table")
src = w.items("Rows", [{"first_name": "Ada", "score": 1.5, "ok": True, "nested": {"a": 1}}, {"first_name": "Bob", "list": [1, 2], "ok": False}])
w.node("Table default", HTML, 1.2, {"operation": "convertToHtmlTable", "options": {}}, src=src)
w.node("Table custom", HTML, 1.2, {"operation": "convertToHtmlTable", "options": {"customStyling": True, "tableAttributes": "class=\"t\"", "rowAttributes": "class=\"r\"", "cellAttributes": "=data-x=\"{{ $json.first_name }}\""}}, src=src)
w.node("Template v1", HTML, 1, {"html": "<b>{{ $json.first_name }}</b> {{ $json.nested }} {{ $json.list }}"}, src=src)
twrite(w)

w = WF("markdown-more")
src = w.items("Docs", [{"md": "Text with _emphasis_ and **bold**\n\n* star list\n* second\n\n---\n\n![img](http://i.png)\n\nline one\nline two", "html": "<h2>T</h2><p>a<br>b</p><hr><img src=\"x.png\" alt=\"alt\"><p><strong>s</strong> <code>c</code></p>"}])
w.node("MD to HTML", MD, 1, {"mode": "markdownToHtml", "markdown": "={{ $json.md }}", "destinationKey": "h", "options": {}}, src=src)
w.node("HTML to MD", MD, 1, {"html": "={{ $json.html }}", "options": {}}, src=src)
twrite(w)

w = WF("xml-more")
src = w.items("Docs", [{"data": "<feed><entry n=\"1\"><t>x</t></entry><entry n=\"2\"><t>y</t><t>z</t></entry><empty/></feed>", "arr": [{"a": 1}, {"b": "2"}]}])
w.node("Parse no merge", XML, 1, {"options": {"mergeAttrs": False, "attrkey": "@", "charkey": "#"}}, src=src)
w.node("Parse ignore attrs", XML, 1, {"options": {"ignoreAttrs": True, "explicitRoot": False}}, src=src)
w.node("Build not pretty", XML, 1, {"mode": "jsonToxml", "options": {"renderOpts": {"pretty": False}, "rootName": "r"}}, src=src)
twrite(w)

w = WF("move-binary-data-json")
src = w.items("Rows", [{"id": 1, "nested": {"k": "v"}}])
b = w.node("To binary", MOVE, 1.1, {"mode": "jsonToBinary", "options": {"fileName": "all.json", "addBOM": True}}, src=src)
w.node("Parse back", MOVE, 1.1, {"setAllData": False, "destinationKey": "parsed", "options": {"jsonParse": True}}, src=b)
w.write()

# Audit additions: a third Rename Keys golden (renames that collide and
# chain, a key named by an expression, a bad regex that stops the run) and a
# Markdown error path (showdown fails on a markdown value that is not a
# string).
w = WF("rename-keys-more")
src = w.items("Rows", [{"a": 1, "b": 2, "c": {"d": 3}}, {"a": "x", "keep": True}])
w.node("Chain and collide", RENAME, 1, {"keys": {"key": [{"currentKey": "a", "newKey": "b"}, {"currentKey": "b", "newKey": "z"},
                                                        {"currentKey": "c.d", "newKey": "c"}, {"currentKey": "=k{{ 'ee'.length }}", "newKey": "never"}]},
                                        "additionalOptions": {}}, src=src)
w.node("Bad regex stops", RENAME, 1, {"keys": {}, "additionalOptions": {"regexReplacement": {"replacements": [{"searchRegex": "a)", "replaceRegex": "x", "options": {}}]}}}, src=src)
twrite(w)

w = WF("markdown-error-html")
src = w.items("Docs", [{"n": 1, "md": "# ok"}, {"n": 2, "md": "*fine*"}])
w.node("Number continues", MD, 1, {"mode": "markdownToHtml", "markdown": "={{ $json.n }}", "destinationKey": "h", "options": {}}, src=src,
       onError="continueRegularOutput")
w.node("Number fails", MD, 1, {"mode": "markdownToHtml", "markdown": "={{ $json.n }}", "destinationKey": "h", "options": {}}, src=src)
twrite(w)
