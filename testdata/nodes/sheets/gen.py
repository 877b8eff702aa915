#!/usr/bin/env python3
"""Writes the spreadsheet-format golden workflows (XLSX, ODS, HTML, RTF
through Convert to File, Extract from File and the legacy Spreadsheet File).

Run from the repository root: python3 testdata/nodes/sheets/gen.py
then: testdata/oracle/record.sh testdata/nodes/sheets/*.workflow.json
Data comes from a raw-JSON Set plus Split Out (`n8n execute` ignores pinData).
"""
import json, os

HERE = os.path.dirname(os.path.abspath(__file__))
TO, FROM, SHEET = "n8n-nodes-base.convertToFile", "n8n-nodes-base.extractFromFile", "n8n-nodes-base.spreadsheetFile"


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
    {"id": 1, "name": "Ada, <Countess>", "ok": True, "score": 0.1, "big": 12345678901234, "note": 'say "hi"', "nested": {"a": 1, "b": [1, 2]}},
    {"id": 2, "name": "line\nbreak", "ok": False, "score": 1 / 3, "big": -1.5e-7, "empty": "", "nil": None, "spaces": "  two  spaces\tand tab "},
    {"id": 3, "name": "ID", "extra": "only here", "score": 100000000000, "ok": None, "unicode": "héllo € ✓"},
]

w = WF("convert-sheets")
src = w.items(ROWS)
x = w.node("To XLSX", TO, 1.1, {"operation": "xlsx", "options": {"sheetName": "Data"}}, src=src)
w.node("From XLSX", FROM, 1.1, {"operation": "xlsx", "options": {}}, src=x)
x2 = w.node("To XLSX no header", TO, 1, {"operation": "xlsx", "options": {"headerRow": False, "fileName": "rows.xlsx"}}, src=src)
w.node("From XLSX no header", FROM, 1, {"operation": "xlsx", "options": {"headerRow": False}}, src=x2)
o = w.node("To ODS", TO, 1.1, {"operation": "ods", "options": {}}, src=src)
w.node("From ODS", FROM, 1.1, {"operation": "ods", "options": {"includeEmptyCells": True}}, src=o)
w.node("To ODS no header", TO, 1.1, {"operation": "ods", "binaryPropertyName": "sheet", "options": {"headerRow": False, "sheetName": "A&B"}}, src=src)
w.node("To HTML", TO, 1.1, {"operation": "html", "options": {}}, src=src)
w.node("To RTF", TO, 1.1, {"operation": "rtf", "options": {"fileName": "=table-{{ $json.id }}.rtf"}}, src=src)
w.write()

w = WF("spreadsheet-write")
src = w.items(ROWS)
s1 = w.node("XLSX v2", SHEET, 2, {"operation": "toFile", "fileFormat": "xlsx", "options": {"sheetName": "People"}}, src=src)
w.node("Read XLSX v2", SHEET, 2, {"options": {"sheetName": "People"}}, src=s1)
s2 = w.node("ODS v2", SHEET, 2, {"operation": "toFile", "fileFormat": "ods", "options": {}}, src=src)
w.node("Read ODS v2", SHEET, 2, {"fileFormat": "ods", "options": {"headerRow": False}}, src=s2)
s3 = w.node("ODS v1", SHEET, 1, {"operation": "toFile", "fileFormat": "ods", "binaryPropertyName": "file", "options": {"fileName": "legacy.ods"}}, src=src)
w.node("Read ODS v1", SHEET, 1, {"binaryPropertyName": "file", "options": {}}, src=s3)
w.node("HTML v2", SHEET, 2, {"operation": "toFile", "fileFormat": "html", "options": {"headerRow": False}}, src=src)
w.node("RTF v1", SHEET, 1, {"operation": "toFile", "fileFormat": "rtf", "options": {}}, src=src)
w.write()

w = WF("sheets-errors")
src = w.items([{"id": 1, "v": "a"}, {"id": 2, "v": "b"}])
o = w.node("To ODS", TO, 1.1, {"operation": "ods", "options": {}}, src=src)
w.node("No such sheet", FROM, 1.1, {"operation": "ods", "options": {"sheetName": "Nope"}}, src=o, onError="continueRegularOutput")
w.node("No binary", FROM, 1.1, {"operation": "ods", "options": {}}, src=src, onError="continueRegularOutput")
w.node("Spreadsheet no binary", SHEET, 2, {"fileFormat": "ods", "options": {}}, src=src, onError="continueRegularOutput")
w.node("Spreadsheet sheet fails", SHEET, 2, {"options": {"sheetName": "Nope"}}, src=o)
w.write()

# XLS (BIFF8) writes, compared byte for byte, and read back.
w = WF("xls-write")
src = w.items(ROWS)
x = w.node("To XLS", TO, 1.1, {"operation": "xls", "options": {"sheetName": "Data", "fileName": "people.xls"}}, src=src)
w.node("From XLS", FROM, 1.1, {"operation": "xls", "options": {"sheetName": "Data"}}, src=x)
x2 = w.node("To XLS no header", TO, 1, {"operation": "xls", "binaryPropertyName": "sheet", "options": {"headerRow": False}}, src=src)
w.node("From XLS no header", FROM, 1, {"operation": "xls", "binaryPropertyName": "sheet", "options": {"headerRow": False, "includeEmptyCells": True}}, src=x2)
s1 = w.node("Spreadsheet v1 default", SHEET, 1, {"operation": "toFile", "options": {}}, src=src)
w.node("Read v1", SHEET, 1, {"options": {}}, src=s1)
s2 = w.node("Spreadsheet v2 default", SHEET, 2, {"operation": "toFile", "options": {"sheetName": "Rows"}}, src=src)
w.node("Read v2", SHEET, 2, {"fileFormat": "xls", "options": {"sheetName": "Rows", "rawData": True}}, src=s2)
w.write()

w = WF("xls-errors")
src = w.items([{"id": 1, "v": "a"}, {"id": 2, "v": "b"}])
w.node("Long sheet name", TO, 1.1, {"operation": "xls", "options": {"sheetName": "A sheet name longer than 31 chars"}}, src=src, onError="continueRegularOutput")
w.node("Bad sheet name v1", SHEET, 1, {"operation": "toFile", "options": {"sheetName": "a/b"}}, src=src, onError="continueRegularOutput")
x = w.node("To XLS", TO, 1.1, {"operation": "xls", "options": {}}, src=src)
w.node("No such sheet", FROM, 1.1, {"operation": "xls", "options": {"sheetName": "Nope"}}, src=x, onError="continueRegularOutput")
w.write()

w = WF("xls-error-stop")
src = w.items([{"id": 1, "v": "a"}])
w.node("Bad sheet name v2", SHEET, 2, {"operation": "toFile", "options": {"sheetName": "[x]"}}, src=src)
w.write()

# The range option (sheet_to_json's range) on XLSX, XLS and ODS files.
RANGE_ROWS = [{"a": 1, "b": "x", "c": True}, {"a": 2, "b": "y"}, {"a": 3, "c": False}, {"a": 4, "b": "z", "c": True}, {"a": 5}]
w = WF("sheet-range")
src = w.items(RANGE_ROWS)
x = w.node("To XLSX", TO, 1.1, {"operation": "xlsx", "options": {}}, src=src)
w.node("Range 2", FROM, 1.1, {"operation": "xlsx", "options": {"range": "2"}}, src=x)
w.node("Range B2:C4", FROM, 1.1, {"operation": "xlsx", "options": {"range": "B2:C4"}}, src=x)
w.node("Range no header", FROM, 1.1, {"operation": "xlsx", "options": {"range": "A3:C8", "headerRow": False}}, src=x)
w.node("Range empty cells", FROM, 1.1, {"operation": "xlsx", "options": {"range": "A1:D3", "includeEmptyCells": True}}, src=x)
w.node("Bad range", FROM, 1.1, {"operation": "xlsx", "options": {"range": "a1:b2"}}, src=x, onError="continueRegularOutput")
w.node("Spreadsheet v1 range", SHEET, 1, {"options": {"range": "3"}}, src=x)
w.node("Spreadsheet v2 range", SHEET, 2, {"fileFormat": "xlsx", "options": {"range": "A2:B3", "headerRow": False}}, src=x)
x2 = w.node("To XLS", TO, 1.1, {"operation": "xls", "options": {}}, src=src)
w.node("XLS range", FROM, 1.1, {"operation": "xls", "options": {"range": "C1:C6"}}, src=x2)
o = w.node("To ODS", TO, 1.1, {"operation": "ods", "options": {}}, src=src)
w.node("ODS range", FROM, 1.1, {"operation": "ods", "options": {"range": "1"}}, src=o)
w.write()

# SpreadsheetML 2003 (XML Spreadsheet) files read by content.
with open(os.path.join(HERE, "fixtures", "spreadsheetml.xml"), encoding="utf-8") as f:
    XML = f.read()
w = WF("spreadsheetml-read")
src = w.items([{"xml": XML}])
t = w.node("To XML file", TO, 1.1, {"operation": "toText", "sourceProperty": "xml", "options": {"fileName": "book.xml"}}, src=src)
w.node("Extract as xlsx", FROM, 1.1, {"operation": "xlsx", "options": {}}, src=t)
w.node("Extract second sheet", FROM, 1.1, {"operation": "xls", "options": {"sheetName": "Second & more", "headerRow": False}}, src=t)
w.node("Spreadsheet v1", SHEET, 1, {"options": {"includeEmptyCells": True}}, src=t)
w.node("Spreadsheet v2 range", SHEET, 2, {"options": {"range": "B2:D4"}}, src=t)
src2 = w.node("Other XML", "n8n-nodes-base.set", 3.4, {"mode": "raw", "jsonOutput": json.dumps({"xml": "<?xml version=\"1.0\"?>\n<root><a>1</a></root>"}), "options": {}}, src="Start")
t2 = w.node("To other XML file", TO, 1.1, {"operation": "toText", "sourceProperty": "xml", "options": {"fileName": "other.xml"}}, src=src2)
w.node("Extract other XML", FROM, 1.1, {"operation": "xlsx", "options": {}}, src=t2, onError="continueRegularOutput")
w.write()

# csv-parse's encoding and skip_records_with_error options (Extract from File).
CSV_TEXT = "name,city\nJosé,Zürich\nbad row\nRenée,Köln,extra\nÅsa,Malmö\n"
w = WF("csv-read-options")
src = w.items([{"csv": CSV_TEXT}])
l1 = w.node("Latin1 file", TO, 1.1, {"operation": "toText", "sourceProperty": "csv", "options": {"encoding": "latin1", "fileName": "latin1.csv"}}, src=src)
w.node("Read latin1 skipping", FROM, 1.1, {"operation": "csv", "options": {"encoding": "latin1", "skipRecordsWithErrors": {"value": {"enabled": True, "maxSkippedRecords": -1}}}}, src=l1)
w.node("Read ascii skipping", FROM, 1.1, {"operation": "csv", "options": {"encoding": "ascii", "skipRecordsWithErrors": {"value": {"enabled": True}}}}, src=l1)
w.node("Too many skipped", FROM, 1.1, {"operation": "csv", "options": {"encoding": "latin1", "skipRecordsWithErrors": {"value": {"enabled": True, "maxSkippedRecords": 1}}}}, src=l1, onError="continueRegularOutput")
u = w.node("UTF-16 file", TO, 1.1, {"operation": "toText", "sourceProperty": "csv", "options": {"encoding": "utf16le", "fileName": "utf16.csv"}}, src=src)
w.node("Read utf16le", FROM, 1.1, {"operation": "csv", "options": {"encoding": "utf16le", "skipRecordsWithErrors": {"value": {"enabled": True}}}}, src=u)
w.node("Spreadsheet v2 skip", SHEET, 2, {"fileFormat": "csv", "options": {"skipRecordsWithErrors": {"value": {"enabled": True, "maxSkippedRecords": 5}}}}, src=u)
w.node("Not skipping", FROM, 1.1, {"operation": "csv", "options": {"encoding": "latin1"}}, src=l1, onError="continueRegularOutput")
w.write()

# readAsString: Spreadsheet File 1 hands SheetJS a UTF-8 string; without it
# (and in version 2, a binary string) delimited text reads as Latin-1.
w = WF("sheet-read-as-string")
src = w.items([{"csv": "name,city\nJosé,Zürich\nÅsa,Malmö\n"}])
c = w.node("CSV file", TO, 1.1, {"operation": "toText", "sourceProperty": "csv", "options": {"fileName": "people.csv"}}, src=src)
w.node("v1 bytes", SHEET, 1, {"options": {}}, src=c)
w.node("v1 readAsString", SHEET, 1, {"options": {"readAsString": True}}, src=c)
w.node("v2 readAsString", SHEET, 2, {"fileFormat": "xlsx", "options": {"readAsString": True}}, src=c)
w.node("Extract readAsString", FROM, 1.1, {"operation": "xlsx", "options": {"readAsString": True}}, src=c)
w.write()

# A sheet name on formats whose description hides the option.
w = WF("sheet-name-hidden")
src = w.items([{"id": 1}])
w.node("CSV with sheet name", TO, 1.1, {"operation": "csv", "options": {"sheetName": "a/b"}}, src=src, onError="continueRegularOutput")
w.node("HTML v2 with sheet name", SHEET, 2, {"operation": "toFile", "fileFormat": "html", "options": {"sheetName": "[x]"}}, src=src, onError="continueRegularOutput")
w.write()

# The compression option: ODS parts deflated by SheetJS's own encoder.
w = WF("ods-compressed")
src = w.items(ROWS)
c1 = w.node("To ODS compressed", TO, 1.1, {"operation": "ods", "options": {"compression": True, "sheetName": "Zipped"}}, src=src)
w.node("Read compressed", FROM, 1.1, {"operation": "ods", "options": {"sheetName": "Zipped"}}, src=c1)
w.node("Spreadsheet v1 compressed", SHEET, 1, {"operation": "toFile", "fileFormat": "ods", "options": {"compression": True}}, src=src)
w.node("Spreadsheet v2 compressed", SHEET, 2, {"operation": "toFile", "fileFormat": "ods", "options": {"compression": True, "headerRow": False}}, src=src)
w.write()
