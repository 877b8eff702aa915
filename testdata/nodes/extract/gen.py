#!/usr/bin/env python3
"""Writes the Extract from File golden workflows for HTML, RTF, XLS, PDF and
iCalendar files (and Convert to File's iCal).

Run from the repository root: python3 testdata/nodes/extract/gen.py
Then record what real n8n does with each (needs the oracle install):
  testdata/oracle/record.sh testdata/nodes/extract/*.workflow.json
Each file is embedded as base64 and made a binary file by Convert to File
(toBinary), so n8n and n8n-go read the same bytes. The XLS fixture is
written by SheetJS (fixtures/gen.js); the PDFs are built here.
"""
import base64, json, os, zlib

HERE = os.path.dirname(os.path.abspath(__file__))


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

    def file(self, label, content, name, mime):
        """A binary file 'data' made from content's base64."""
        b64 = base64.b64encode(content).decode()
        make = self.node("Make " + label, "n8n-nodes-base.set", 3.4,
                         {"mode": "raw", "jsonOutput": json.dumps({"b64": b64}), "options": {}}, src="Start")
        return self.node(label, "n8n-nodes-base.convertToFile", 1.1,
                         {"operation": "toBinary", "sourceProperty": "b64",
                          "options": {"fileName": name, "mimeType": mime}}, src=make)

    def write(self):
        doc = {"name": self.name, "nodes": self.nodes, "connections": self.conns,
               "settings": {"executionOrder": "v1"}, "pinData": {}}
        with open("%s/%s.workflow.json" % (HERE, self.name), "w") as f:
            json.dump(doc, f, indent=2, ensure_ascii=False)
            f.write("\n")


FROM = "n8n-nodes-base.extractFromFile"
CONT = {"onError": "continueRegularOutput"}


def pdf(pages, info, compress=False):
    """A small PDF: each page a list of (x, y, text) lines in Helvetica."""
    objs = []
    def add(body):
        objs.append(body)
        return len(objs)
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    kids = []
    pages_id = len(objs) + 1 + 2 * len(pages)
    for lines in pages:
        ops = []
        for x, y, text in lines:
            if isinstance(text, list):  # a TJ array
                parts = []
                for t in text:
                    parts.append(str(t).encode() if isinstance(t, int) else b"(" + t.encode("latin-1") + b")")
                ops.append(b"BT /F1 12 Tf %d %d Td [" % (x, y) + b" ".join(parts) + b"] TJ ET")
            else:
                ops.append(b"BT /F1 12 Tf %d %d Td (" % (x, y) + text.encode("latin-1") + b") Tj ET")
        stream = b"\n".join(ops)
        if compress:
            stream = zlib.compress(stream)
            content = add(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream")
        else:
            content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Contents %d 0 R /Resources << /Font << /F1 %d 0 R >> >> >>" % (pages_id, content, font)))
    assert add(b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids) + b"] /Count %d >>" % len(kids)) == pages_id
    cat = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    inf = add(b"<< " + b" ".join(b"/%s (%s)" % (k.encode(), v.encode("latin-1")) for k, v in info) + b" >>")
    out = b"%PDF-1.4\n"
    offs = []
    for i, body in enumerate(objs):
        offs.append(len(out))
        out += b"%d 0 obj\n" % (i + 1) + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for o in offs:
        out += b"%010d 00000 n \n" % o
    out += b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, cat, inf, xref)
    return out


PDF = pdf([
    [(72, 720, "Invoice 2024-001"), (72, 700, "Customer: Ada Lovelace"), (300, 700, "Total: 12.50"),
     (72, 680, ["Spaced", -250, "words", 0, "joined"]), (72, 660, "Caf\xe9 na\xefve")],
    [(72, 720, "Page two"), (72, 700, "last line")],
], [("Title", "Test invoice"), ("Author", "gen.py"), ("Producer", "hand-made"), ("CreationDate", "D:20240102030405Z")])

PDF3 = pdf([[(72, 720, "one")], [(72, 720, "two")], [(72, 720, "three")]], [("Title", "Three pages")], compress=True)

HTML = """<!DOCTYPE html>
<html><head><title>t</title></head><body>
<!-- a comment <table> -->
<table id="t1">
  <tr><th>name</th><th>amount</th><th>when</th><th>flag</th><th>note</th></tr>
  <tr><td>Ada &amp; co</td><td>1,234.50</td><td>2024-01-02</td><td>TRUE</td><td>  two
     words </td></tr>
  <tr><td><b>Bob</b></td><td>$5</td><td>1/2/2024</td><td>FALSE</td><td>line<br/>break</td></tr>
  <tr><td>Cy</td><td>50%</td><td>Jan 5, 2024</td><td data-t="s">42</td><td></td></tr>
  <tr><td colspan="2">wide</td><td>(3)</td><td>0x1F</td><td>caf\u00e9 &lt;x&gt;</td></tr>
  <tr><td rowspan="2">tall</td><td>1e3</td><td>Infinity</td><td>-0.5</td><td>&nbsp;</td></tr>
  <tr><td>under</td><td>12:30</td></tr>
</table>
<table><tr><th>second</th></tr><tr><td>table</td></tr></table>
</body></html>
"""

RTF = ("{\\rtf1\\ansi\\deff0\n"
       "\\trowd\\trautofit1\\cellx1\\cellx2\\cellx3\\pard\\intbl name\\cell n\\cell note\\cell\\pard\\intbl\\row\n"
       "\\trowd\\trautofit1\\cellx1\\cellx2\\cellx3\\pard\\intbl Ada\\cell 1\\cell\\cell\\pard\\intbl\\row\n"
       "\\trowd\\trautofit1\\cellx1\\cellx2\\cellx3\\pard\\intbl Bob\\cell 2.5\\cell caf\u00e9 {\\b bold}\\cell\\pard\\intbl\\row\n"
       "}")

ICS = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//n8n-go//gen.py//EN\r\nMETHOD:PUBLISH\r\nCALSCALE:GREGORIAN\r\n"
       "BEGIN:VEVENT\r\nUID:evt-1@example.com\r\nDTSTAMP:20240101T120000Z\r\nDTSTART:20240105T090000Z\r\n"
       "DTEND:20240105T100000Z\r\nSUMMARY:Team sync\r\nDESCRIPTION:Weekly\\, with notes\\nsecond line\r\n"
       "LOCATION:Room 1\r\nSTATUS:CONFIRMED\r\nURL:https://example.com/e/1\r\nCATEGORIES:work,weekly\r\n"
       "CREATED:20231231T080000Z\r\nLAST-MODIFIED:20240101T080000Z\r\nSEQUENCE:2\r\nTRANSP:OPAQUE\r\nCLASS:PUBLIC\r\n"
       "PRIORITY:5\r\nEND:VEVENT\r\n"
       "BEGIN:VEVENT\r\nUID:evt-2@example.com\r\nDTSTAMP:20240101T120000Z\r\nDTSTART;VALUE=DATE:20240110\r\n"
       "DURATION:P1DT2H\r\nSUMMARY:All day, long summary that is folded over\r\n  two lines\r\nEND:VEVENT\r\n"
       "END:VCALENDAR\r\n")

with open(os.path.join(HERE, "fixtures", "people.xls"), "rb") as f:
    XLS = f.read()

# 1. HTML tables: default typing, raw data, no header row, empty cells, second sheet.
w = WF("html-tables")
f = w.file("HTML file", HTML.encode(), "t.html", "text/html")
w.node("HTML default", FROM, 1.1, {"operation": "html", "options": {}}, src=f)
w.node("HTML raw", FROM, 1.1, {"operation": "html", "options": {"rawData": True, "includeEmptyCells": True}}, src=f)
w.node("HTML no header", FROM, 1.1, {"operation": "html", "options": {"headerRow": False}}, src=f)
w.node("HTML sheet 2", FROM, 1, {"operation": "html", "options": {"sheetName": "Sheet2"}}, src=f)
w.write()

# 2. RTF and XLS: rows, options, the second sheet.
w = WF("rtf-xls")
f = w.file("RTF file", RTF.encode(), "t.rtf", "application/rtf")
w.node("RTF default", FROM, 1.1, {"operation": "rtf", "options": {}}, src=f)
w.node("RTF no header", FROM, 1.1, {"operation": "rtf", "options": {"headerRow": False, "includeEmptyCells": True}}, src=f)
f = w.file("XLS file", XLS, "people.xls", "application/vnd.ms-excel")
w.node("XLS default", FROM, 1.1, {"operation": "xls", "options": {}}, src=f)
w.node("XLS empty cells", FROM, 1.1, {"operation": "xls", "options": {"includeEmptyCells": True}}, src=f)
w.node("XLS other sheet", FROM, 1.1, {"operation": "xls", "options": {"sheetName": "Other", "headerRow": False}}, src=f)
w.write()

# 3. PDF text and metadata: joined, per page, max pages, keep source.
w = WF("pdf")
f = w.file("PDF file", PDF, "invoice.pdf", "application/pdf")
w.node("PDF default", FROM, 1.1, {"operation": "pdf", "options": {}}, src=f)
w.node("PDF pages", FROM, 1.1, {"operation": "pdf", "options": {"joinPages": False, "keepSource": "both"}}, src=f)
f = w.file("PDF3 file", PDF3, "three.pdf", "application/pdf")
w.node("PDF max pages", FROM, 1, {"operation": "pdf", "options": {"maxPages": 2, "keepSource": "json"}}, src=f)
w.write()

# 4. iCalendar in both directions.
w = WF("ics")
f = w.file("ICS file", ICS.encode(), "cal.ics", "text/calendar")
w.node("From ICS", FROM, 1.1, {"operation": "fromIcs", "options": {}}, src=f)
w.node("From ICS keep", FROM, 1.1, {"operation": "fromIcs", "destinationKey": "cal", "options": {"keepSource": "both"}}, src=f)
w.write()

# 5. Error paths: each continues with its error, the last one stops the run.
w = WF("extract-errors")
f = w.file("Not a table", b"<html><body><p>no table here</p></body></html>", "p.html", "text/html")
w.node("HTML without table", FROM, 1.1, {"operation": "html", "options": {}}, src=f, **CONT)
f = w.file("Plain RTF", b"{\\rtf1\\ansi no table}", "p.rtf", "application/rtf")
w.node("RTF without table", FROM, 1.1, {"operation": "rtf", "options": {}}, src=f, **CONT)
f = w.file("Bad XLS", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "bad.xls", "application/vnd.ms-excel")
w.node("XLS damaged", FROM, 1.1, {"operation": "xls", "options": {}}, src=f, **CONT)
f = w.file("Not a PDF", b"hello, not a pdf", "x.pdf", "application/pdf")
w.node("PDF invalid", FROM, 1.1, {"operation": "pdf", "options": {}}, src=f)
w.write()

# 6. Convert to File iCal: every field, all-day, defaults; then read back.
TOF = "n8n-nodes-base.convertToFile"
EVENTS = [
    {"title": "Team sync, weekly; notes", "start": "2024-01-05T09:00:00", "end": "2024-01-05T10:30:00",
     "desc": "Line one\nline two with a long text that must be folded because it is longer than seventy-five octets, caf\u00e9"},
    {"title": "Launch", "start": "2024-03-01T22:15:00Z", "end": "", "desc": ""},
]
w = WF("ical")
make = w.node("Make events", "n8n-nodes-base.set", 3.4,
              {"mode": "raw", "jsonOutput": json.dumps({"events": EVENTS}), "options": {}}, src="Start")
ev = w.node("Events", "n8n-nodes-base.splitOut", 1, {"fieldToSplitOut": "events", "options": {}}, src=make)
full = w.node("iCal full", TOF, 1.1, {
    "operation": "iCal", "title": "={{ $json.title }}", "start": "={{ $json.start }}", "end": "={{ $json.end }}",
    "additionalFields": {
        "attendeesUi": {"attendeeValues": [{"name": "Bob", "email": "bob@example.com", "rsvp": True},
                                           {"email": "cy@example.com"}]},
        "busyStatus": "BUSY", "calName": "Work", "description": "={{ $json.desc }}", "location": "Room 1, floor 2",
        "recurrenceRule": "FREQ=WEEKLY;COUNT=4",
        "organizerUi": {"organizerValues": {"name": "Ada", "email": "ada@example.com"}},
        "sequence": 2, "status": "CONFIRMED", "uid": "={{ 'evt-' + $itemIndex + '@example.com' }}",
        "url": "https://example.com/e/1"}}, src=ev)
w.node("iCal all day", TOF, 1.1, {
    "operation": "iCal", "title": "={{ $json.title }}", "start": "={{ $json.start }}", "end": "={{ $json.end }}",
    "allDay": True, "binaryPropertyName": "cal", "additionalFields": {"uid": "day-1", "useWorkflowTimezone": True}}, src=ev)
w.node("iCal defaults", TOF, 1.1, {"operation": "iCal", "title": "", "start": "2024-02-29T08:00:00", "end": "2024-02-29T09:00:00",
                                    "additionalFields": {}}, src=ev)
w.node("Read back", FROM, 1.1, {"operation": "fromIcs", "options": {}}, src=full)
w.write()

# 7. Convert to File iCal errors.
w = WF("ical-errors")
make = w.node("Make events", "n8n-nodes-base.set", 3.4,
              {"mode": "raw", "jsonOutput": json.dumps({"events": EVENTS[:1]}), "options": {}}, src="Start")
ev = w.node("Events", "n8n-nodes-base.splitOut", 1, {"fieldToSplitOut": "events", "options": {}}, src=make)
w.node("Bad email", TOF, 1.1, {"operation": "iCal", "title": "x", "start": "2024-01-05T09:00:00", "end": "2024-01-05T10:00:00",
                               "additionalFields": {"uid": "e1", "attendeesUi": {"attendeeValues": [{"name": "B", "email": "not-an-email"}]}}},
       src=ev, **CONT)
w.node("File name", TOF, 1.1, {"operation": "iCal", "title": "x", "start": "2024-01-05T09:00:00", "end": "2024-01-05T10:00:00",
                               "additionalFields": {"uid": "e2", "fileName": "my.ics"}}, src=ev, **CONT)
w.node("Bad start", TOF, 1.1, {"operation": "iCal", "title": "x", "start": "not a date", "end": "",
                               "additionalFields": {"uid": "e4"}}, src=ev)
w.write()

# 8. Spreadsheet File 1 reads CSV with SheetJS (typed cells, Latin-1 bytes,
# guessed separator); 2 reads HTML and XLS by content.
SF = "n8n-nodes-base.spreadsheetFile"
CSV = ('name,amount,when,flag,pct,text,formula\n'
       'Ada,"1,234.50",2024-01-02,TRUE,50%,caf\u00e9,="007"\n'
       'Bob,(3),1/2/2024,FALSE,$5,"say ""hi""",=A1\n'
       'Cy,1e3,Jan 5 2024,yes,0x10, padded ,\n'
       ',,,,,,\n'
       '12,-0.5,12:30,true,Infinity,"multi\nline",x\n')
w = WF("spreadsheet-v1-read")
f = w.file("CSV file", CSV.encode(), "t.csv", "text/csv")
w.node("V1 CSV", SF, 1, {"options": {}}, src=f)
w.node("V1 CSV raw", SF, 1, {"options": {"rawData": True, "includeEmptyCells": True}}, src=f)
w.node("V1 CSV no header", SF, 1, {"options": {"headerRow": False}}, src=f)
f2 = w.file("Semicolons", b"\xef\xbb\xbfa;b;c\n1;caf\xc3\xa9;2,5\n", "s.csv", "text/csv")
w.node("V1 BOM semicolons", SF, 1, {"options": {}}, src=f2)
f3 = w.file("Sep line", b"sep=|\r\nx|y\r\n1|2\r\n", "p.csv", "text/csv")
w.node("V1 sep line", SF, 1, {"options": {}}, src=f3)
f4 = w.file("HTML file", HTML.encode(), "t.html", "text/html")
w.node("V2 HTML", SF, 2, {"fileFormat": "html", "options": {"sheetName": "Sheet2"}}, src=f4)
f5 = w.file("XLS file", XLS, "people.xls", "application/vnd.ms-excel")
w.node("V2 XLS autodetect", SF, 2, {"options": {}}, src=f5)
w.node("V1 missing sheet", SF, 1, {"options": {"sheetName": "Nope"}}, src=f)
w.write()
