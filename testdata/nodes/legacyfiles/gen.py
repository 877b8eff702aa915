#!/usr/bin/env python3
"""Writes the legacy file-node golden workflows: Read Binary File, Write
Binary File, HTML Extract.

Run from the repository root: python3 testdata/nodes/legacyfiles/gen.py
then record with an empty /tmp/n8n-go-golden-legacy folder (the test starts
from one too):
  rm -rf /tmp/n8n-go-golden-legacy && mkdir /tmp/n8n-go-golden-legacy &&
  testdata/oracle/record.sh testdata/nodes/legacyfiles/<name>.workflow.json
(one workflow per recording: each expects the folder empty).
"""
import json, os

HERE = os.path.dirname(os.path.abspath(__file__))
DIR = "/tmp/n8n-go-golden-legacy"
TO = "n8n-nodes-base.convertToFile"
READ, WRITE, EXTRACT = "n8n-nodes-base.readBinaryFile", "n8n-nodes-base.writeBinaryFile", "n8n-nodes-base.htmlExtract"


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


PAGE = ('<html><body><h1 id="t">  Title  </h1><ul><li class="x">one</li><li class="x">two <b>bold</b></li></ul>'
        '<a href="/a">A</a><a href="/b">B</a><input name="q" value=" query "><textarea>text\narea</textarea><p class="empty"></p></body></html>')
ROWS = [{"id": 1, "text": "first file\n", "page": PAGE, "pages": [PAGE, "<h1>second</h1>"]},
        {"id": 2, "text": "zweite Datei ü\n", "page": "<h1 id='t'>other</h1>", "pages": []}]
VALUES = {"values": [
    {"key": "title", "cssSelector": "#t"},
    {"key": "items", "cssSelector": "li.x", "returnArray": True},
    {"key": "links", "cssSelector": "a", "returnValue": "attribute", "attribute": "href", "returnArray": True},
    {"key": "firstLink", "cssSelector": "a", "returnValue": "attribute", "attribute": "href"},
    {"key": "list", "cssSelector": "ul", "returnValue": "html"},
    {"key": "input", "cssSelector": "input", "returnValue": "value"},
    {"key": "area", "cssSelector": "textarea", "returnValue": "value"},
    {"key": "empty", "cssSelector": "p.empty"},
    {"key": "none", "cssSelector": "nav"},
    {"key": "noneHtml", "cssSelector": "nav", "returnValue": "html"},
]}

w = WF("legacy-files")
src = w.items(ROWS)
t = w.node("To Text", TO, 1.1, {"operation": "toText", "sourceProperty": "text", "options": {"fileName": "=note-{{ $json.id }}.txt"}}, src=src)
wr = w.node("Write Binary File", WRITE, 1, {"fileName": "=" + DIR + "/note-{{ $('Rows').item.json.id }}.txt"}, src=t)
w.node("Read Binary File", READ, 1, {"filePath": "={{ $json.fileName }}", "dataPropertyName": "readBack"}, src=wr)
w.node("HTML Extract", EXTRACT, 1, {"extractionValues": VALUES, "dataPropertyName": "page", "options": {}}, src=src)
w.node("HTML Extract array", EXTRACT, 1, {"extractionValues": {"values": VALUES["values"][:2]}, "dataPropertyName": "pages",
                                          "options": {"trimValues": False}}, src=src)
h = w.node("To HTML file", TO, 1.1, {"operation": "toText", "sourceProperty": "page", "binaryPropertyName": "html",
                                     "options": {"fileName": "page.html"}}, src=src)
w.node("HTML Extract binary", EXTRACT, 1, {"sourceData": "binary", "dataPropertyName": "html",
                                           "extractionValues": {"values": [VALUES["values"][0], VALUES["values"][2]]}, "options": {}}, src=h)
w.write()

w = WF("legacy-files-errors")
src = w.items(ROWS)
w.node("Read missing", READ, 1, {"filePath": "=" + DIR + "/missing-{{ $json.id }}.txt"}, src=src, onError="continueRegularOutput")
w.node("Write no binary", WRITE, 1, {"fileName": DIR + "/x.txt"}, src=src, onError="continueRegularOutput")
t = w.node("To Text", TO, 1.1, {"operation": "toText", "sourceProperty": "text", "options": {}}, src=src)
w.node("Append missing", WRITE, 1, {"fileName": "=" + DIR + "/absent-{{ $json.id }}.txt", "options": {"append": True}}, src=t,
       onError="continueRegularOutput")
w.node("Extract missing field", EXTRACT, 1, {"dataPropertyName": "nope", "extractionValues": VALUES, "options": {}}, src=src,
       onError="continueRegularOutput")
e = w.node("Extract no binary", EXTRACT, 1, {"sourceData": "binary", "extractionValues": VALUES, "options": {}}, src=src,
       onError="continueRegularOutput")
w.node("Read fails", READ, 1, {"filePath": DIR + "/missing.txt"}, src=e)
w.write()

# A third workflow: Read Binary Files (glob, custom property), Write Binary
# File appending and with another property, Read Binary File beside other
# binary data, HTML Extract from a binary property; error: a write into a
# missing folder (stops the run). (An empty glob pattern is a workflow
# issue to n8n: it refuses to run the workflow.)
READS = "n8n-nodes-base.readBinaryFiles"
w = WF("legacy-files-more")
src = w.items(ROWS)
t = w.node("To Text", TO, 1.1, {"operation": "toText", "sourceProperty": "text", "binaryPropertyName": "doc",
                                 "options": {"fileName": "=more-{{ $json.id }}.txt"}}, src=src)
wr = w.node("Write", WRITE, 1, {"fileName": "=" + DIR + "/more-{{ $('Rows').item.json.id }}.txt", "dataPropertyName": "doc"}, src=t)
ap = w.node("Write append", WRITE, 1, {"fileName": "={{ $json.fileName }}", "dataPropertyName": "doc", "options": {"append": True}}, src=wr)
rs = w.node("Read Binary Files", READS, 1, {"fileSelector": DIR + "/more-*.txt", "dataPropertyName": "file"}, src=ap)
w.node("Read one beside", READ, 1, {"filePath": DIR + "/more-1.txt", "dataPropertyName": "again"}, src=rs)
w.node("Extract from file", EXTRACT, 1, {"sourceData": "binary", "dataPropertyName": "file",
                                         "extractionValues": {"values": [{"key": "all", "cssSelector": "body"}]}, "options": {}}, src=rs)
w.node("Write missing folder", WRITE, 1, {"fileName": DIR + "/no-such-dir/x.txt", "dataPropertyName": "doc"}, src=ap)
w.write()

# Read Binary Files' error paths: a glob that matches nothing gives no
# items (the next node does not run); a file under a .git folder is one n8n
# blocks by default (N8N_BLOCK_FILE_PATTERNS), once continuing with the
# error, once stopping the run. Record with DIR holding only .git/HEAD:
#   rm -rf DIR && mkdir -p DIR/.git && printf 'ref: refs/heads/main\n' > DIR/.git/HEAD
w = WF("read-binary-files-errors")
src = w.items(ROWS)
none = w.node("Read none", READS, 1, {"fileSelector": DIR + "/nothing-*.txt"}, src=src)
w.node("After none", "n8n-nodes-base.noOp", 1, {}, src=none)
w.node("Read blocked, continue", READS, 1, {"fileSelector": DIR + "/.git/*"}, src=src, onError="continueRegularOutput")
w.node("Read blocked", READS, 1, {"fileSelector": DIR + "/.git/HEAD", "dataPropertyName": "head"}, src=src)
w.write()
