#!/usr/bin/env python3
"""Writes the Compression golden workflows.

Run from the repository root: python3 testdata/nodes/compression/gen.py
then record what real n8n does: testdata/oracle/record.sh testdata/nodes/compression/*.workflow.json
Files come from a Code node returning binary objects (`n8n execute` ignores
pinData); archives come from n8n's own Compression node.
"""
import base64, json, os

HERE = os.path.dirname(os.path.abspath(__file__))
C = "n8n-nodes-base.compression"


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

    def files(self, items):
        code = "return " + json.dumps(items, ensure_ascii=False) + ";"
        return self.node("Files", "n8n-nodes-base.code", 2, {"jsCode": code}, src="Start")

    def write(self):
        doc = {"name": self.name, "nodes": self.nodes, "connections": self.conns,
               "settings": {"executionOrder": "v1"}, "pinData": {}}
        with open("%s/%s.workflow.json" % (HERE, self.name), "w") as f:
            json.dump(doc, f, indent=2, ensure_ascii=False)
            f.write("\n")


def b(content, name, mime, ext=None, **more):
    raw = content if isinstance(content, bytes) else content.encode()
    o = {"data": base64.b64encode(raw).decode(), "mimeType": mime, "fileName": name}
    if ext is not False:
        o["fileExtension"] = ext or name.rsplit(".", 1)[-1]
    o.update(more)
    return o


PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(64))
TEXT = "hello, world\n" * 20
FILES = [
    {"json": {"id": 1}, "binary": {
        "a": b(TEXT, "a.txt", "text/plain"),
        "b": b(PNG, "pic.png", "image/png"),
        "c": b("x;y\n1;2\n", "données.csv", "text/csv")}},
    {"json": {"id": 2}, "binary": {
        "a": b("second a\n", "same.txt", "text/plain"),
        "b": b("second b\n", "same.txt", "text/plain"),
        "c": b('{"k": [1, 2]}', "data.json", "application/json")}},
]

w = WF("zip")
f = w.files(FILES)
z = w.node("Zip", C, 1.1, {"operation": "compress", "binaryPropertyName": "a, b,c",
                            "fileName": "=archive-{{ $json.id }}.zip", "binaryPropertyOutput": "archive"}, src=f)
w.node("Unzip", C, 1.1, {"binaryPropertyName": "archive", "outputPrefix": "f_"}, src=z)
z1 = w.node("Zip v1", C, 1, {"operation": "compress", "binaryPropertyName": "a", "outputFormat": "zip",
                              "fileName": "=v1-{{ $json.id }}.zip"}, src=f)
w.node("Unzip v1", C, 1, {}, src=z1)
w.write()

w = WF("gzip")
f = w.files(FILES)
g = w.node("Gzip", C, 1.1, {"operation": "compress", "binaryPropertyName": "a,c", "outputFormat": "gzip"}, src=f)
w.node("Gunzip", C, 1.1, {"binaryPropertyName": "data,data1"}, src=g)
g2 = w.node("Gzip named", C, 1.1, {"operation": "compress", "binaryPropertyName": "b", "outputFormat": "gzip",
                                   "fileName": "=out-{{ $json.id }}.gzip", "binaryPropertyOutput": "gz"}, src=f)
w.node("Gunzip named", C, 1.1, {"binaryPropertyName": "gz", "outputPrefix": "plain"}, src=g2)
g1 = w.node("Gzip v1", C, 1, {"operation": "compress", "binaryPropertyName": "a, c", "outputFormat": "gzip",
                              "outputPrefix": "gz"}, src=f)
w.node("Gunzip v1", C, 1, {"binaryPropertyName": "gz0,gz1"}, src=g1)
w.node("Compress v1 no format", C, 1, {"operation": "compress"}, src=f)
w.write()

ERR = [
    {"json": {"id": 1}, "binary": {"data": b("no extension", "noext", "text/plain", ext=False)}},
    {"json": {"id": 2}, "binary": {"data": b("not a zip at all", "bad.zip", "application/zip")}},
    {"json": {"id": 3}, "binary": {"data": b("not gzip either", "bad.txt.gz", "application/gzip")}},
    {"json": {"id": 4}, "binary": {"data": b(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xcb", "cut.gz", "application/gzip")}},
    {"json": {"id": 5}},
]
w = WF("errors")
f = w.files(ERR)
d = w.node("Decompress continues", C, 1.1, {"binaryPropertyName": "data"}, src=f, onError="continueRegularOutput")
w.node("Compress continues", C, 1.1, {"operation": "compress", "binaryPropertyName": "data,other", "fileName": "x.zip"}, src=f,
       onError="continueRegularOutput")
w.node("Decompress fails", C, 1.1, {"binaryPropertyName": "data"}, src=f)
w.write()
