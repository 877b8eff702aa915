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

# 4b. Real calendar exports: Google Calendar and Outlook (VTIMEZONE with
# yearly rules, VALARM, TZID-qualified dates, recurrences with EXDATE,
# attendees with quoted parameters, folded and escaped text), then odd
# files: several calendars in one, LF endings and tab folding, IANA zones
# not in the file, absolute alarms, attachments; an event dated before its
# zone's rules start is ts-ics's error.
def crlf(lines):
    return ("\r\n".join(lines) + "\r\n").encode()

GOOGLE = crlf([
    "BEGIN:VCALENDAR", "PRODID:-//Google Inc//Google Calendar 70.9054//EN", "VERSION:2.0", "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH", "X-WR-CALNAME:Team", "X-WR-TIMEZONE:Europe/Berlin",
    "BEGIN:VTIMEZONE", "TZID:Europe/Berlin", "X-LIC-LOCATION:Europe/Berlin",
    "BEGIN:DAYLIGHT", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "TZNAME:CEST", "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "END:DAYLIGHT",
    "BEGIN:STANDARD", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "TZNAME:CET", "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "END:STANDARD", "END:VTIMEZONE",
    "BEGIN:VEVENT", "DTSTART;TZID=Europe/Berlin:20240312T100000", "DTEND;TZID=Europe/Berlin:20240312T110000",
    "RRULE:FREQ=WEEKLY;WKST=MO;UNTIL=20240430T215959Z;BYDAY=TU",
    "EXDATE;TZID=Europe/Berlin:20240402T100000", "DTSTAMP:20240301T120000Z",
    "ORGANIZER;CN=Ada Lovelace:mailto:ada@example.com", "UID:7kukuqrfedlm2f9t6vbrq8ns3c@google.com",
    "ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN=Ada Lovelace;X-NUM-GUESTS=0:mailto:ada@example.com",
    "ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=",
    " TRUE;CN=bob@example.com;X-NUM-GUESTS=0:mailto:bob@example.com",
    "X-GOOGLE-CONFERENCE:https://meet.google.com/abc-defg-hij", "CREATED:20240301T115500Z",
    "DESCRIPTION:Agenda:\\n- status\\n- plans\\, risks\\; and a long line that Google f",
    " olds at seventy-five octets<br>see <a href=\"https://example.com/doc\">doc</a>",
    "LAST-MODIFIED:20240301T120000Z", "LOCATION:Room 4\\, Building B", "SEQUENCE:0", "STATUS:CONFIRMED",
    "SUMMARY:Weekly sync", "TRANSP:OPAQUE",
    "BEGIN:VALARM", "ACTION:DISPLAY", "DESCRIPTION:This is an event reminder", "TRIGGER:-P0DT0H10M0S", "END:VALARM",
    "BEGIN:VALARM", "ACTION:EMAIL", "DESCRIPTION:This is an event reminder", "SUMMARY:Alarm notification",
    "ATTENDEE:mailto:ada@example.com", "TRIGGER:-P1D", "END:VALARM", "END:VEVENT",
    "BEGIN:VEVENT", "DTSTART;TZID=Europe/Berlin:20240715T090000", "DTEND;TZID=Europe/Berlin:20240715T093000",
    "DTSTAMP:20240301T120000Z", "UID:summer@google.com", "SUMMARY:Summer (CEST)", "END:VEVENT",
    "BEGIN:VEVENT", "DTSTART;TZID=Europe/Berlin:20240331T013000", "DTEND;TZID=Europe/Berlin:20241027T023000",
    "DTSTAMP:20240301T120000Z", "UID:dst-days@google.com", "SUMMARY:On both change days", "END:VEVENT",
    "BEGIN:VEVENT", "DTSTART;VALUE=DATE:20240501", "DTEND;VALUE=DATE:20240502", "DTSTAMP:20240301T120000Z",
    "UID:holiday@google.com", "SUMMARY:Holiday", "TRANSP:TRANSPARENT",
    "BEGIN:VALARM", "ACTION:DISPLAY", "TRIGGER;RELATED=START:-PT15H", "DESCRIPTION:Tomorrow", "END:VALARM",
    "END:VEVENT",
    "END:VCALENDAR"])

OUTLOOK = crlf([
    "BEGIN:VCALENDAR", "PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN", "VERSION:2.0", "METHOD:PUBLISH",
    "X-MS-OLK-FORCEINSPECTOROPEN:TRUE",
    "BEGIN:VTIMEZONE", "TZID:W. Europe Standard Time",
    "BEGIN:STANDARD", "DTSTART:16011028T030000", "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10",
    "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "END:STANDARD",
    "BEGIN:DAYLIGHT", "DTSTART:16010325T020000", "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3",
    "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "END:DAYLIGHT", "END:VTIMEZONE",
    "BEGIN:VTIMEZONE", "TZID:Eastern Standard Time",
    "BEGIN:STANDARD", "DTSTART:16011104T020000", "RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11",
    "TZOFFSETFROM:-0400", "TZOFFSETTO:-0500", "END:STANDARD",
    "BEGIN:DAYLIGHT", "DTSTART:16010311T020000", "RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3",
    "TZOFFSETFROM:-0500", "TZOFFSETTO:-0400", "END:DAYLIGHT", "END:VTIMEZONE",
    "BEGIN:VEVENT", "CLASS:PUBLIC", "CREATED:20240102T090000Z", "DESCRIPTION:Quarterly review\\n\\n",
    "DTEND;TZID=\"W. Europe Standard Time\":20240110T160000", "DTSTAMP:20240102T090000Z",
    "DTSTART;TZID=\"W. Europe Standard Time\":20240110T150000", "LAST-MODIFIED:20240102T090000Z",
    "LOCATION:Microsoft Teams Meeting", "PRIORITY:5", "SEQUENCE:0", "SUMMARY;LANGUAGE=en-us:Quarterly review",
    "TRANSP:OPAQUE", "UID:040000008200E00074C5B7101A82E00800000000D0B5A2C6A33EDA01000000000000000010000000",
    "X-MICROSOFT-CDO-BUSYSTATUS:BUSY", "X-MICROSOFT-CDO-IMPORTANCE:1", "X-MICROSOFT-DISALLOW-COUNTER:FALSE",
    "BEGIN:VALARM", "TRIGGER:-PT15M", "ACTION:DISPLAY", "DESCRIPTION:Reminder", "END:VALARM", "END:VEVENT",
    "BEGIN:VEVENT", "CLASS:PRIVATE", "DTSTART;TZID=\"Eastern Standard Time\":20240314T090000",
    "DTEND;TZID=\"Eastern Standard Time\":20240314T100000", "DTSTAMP:20240102T090000Z",
    "RRULE:FREQ=MONTHLY;COUNT=6;BYDAY=2TH", "EXDATE;TZID=\"Eastern Standard Time\":20240411T090000",
    "ORGANIZER;CN=\"Doe, Jane\":mailto:jane@example.com",
    "ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN=\"Smith, John\":mailto:john@example.com",
    "ATTENDEE;CN=room@example.com;CUTYPE=RESOURCE;ROLE=NON-PARTICIPANT:MAILTO:room@example.com",
    "SUMMARY:Monthly 1:1 (2nd Thursday)", "UID:outlook-2", "X-MICROSOFT-CDO-BUSYSTATUS:TENTATIVE",
    "BEGIN:VALARM", "TRIGGER:-PT1H", "ACTION:DISPLAY", "DESCRIPTION:Reminder", "END:VALARM", "END:VEVENT",
    "BEGIN:VEVENT", "DTSTART;TZID=\"Eastern Standard Time\":20241103T013000",
    "DTEND;TZID=\"Eastern Standard Time\":20241103T033000", "DTSTAMP:20240102T090000Z",
    "SUMMARY:Fall back night", "UID:outlook-3", "END:VEVENT",
    "END:VCALENDAR"])

ODD = ("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:first\nBEGIN:VEVENT\nUID:odd-1\nDTSTAMP:20240101T000000Z\n"
       "DTSTART;TZID=America/New_York:20240704T120000\nDTEND;TZID=Asia/Kolkata:20240704T213000\n"
       "CREATED;TZID=America/St_Johns:20240101T080000\nLAST-MODIFIED;TZID=Nowhere/Special:20240101T080000\n"
       "RECURRENCE-ID;TZID=America/New_York:20240704T120000\nSUMMARY:Tabs\n\tfolded\n\t and spaces\n"
       "DESCRIPTION:caf\u00e9 \\\\ back\\\\slash\\N upper\nGEO:37.386013;-122.082932\nATTACH:https://example.com/a.pdf\n"
       "COMMENT:a comment\nSEQ:3\nSEQUENCE:9\nURL;VALUE=URI:https://example.com/odd\nCATEGORIES:a,b\nCATEGORIES:c\n"
       "ORGANIZER;CN=\"Org, Name\";DIR=\"ldap://example.com/o\";SENT-BY=\"mailto:sec@example.com\":MAILTO:org@example.com\n"
       "ATTENDEE;DELEGATED-FROM=\"mailto:a@example.com\";MEMBER=\"mailto:list@example.com\";DIR=\"http://d/x\";"
       "SENT-BY=\"mailto:s@example.com\";ROLE=CHAIR;PARTSTAT=DELEGATED;CN=Del:mailto:d@example.com\n"
       "RRULE:FREQ=YEARLY;BYMONTH=1,7;BYMONTHDAY=-1,4;BYSETPOS=-1;INTERVAL=2;BYHOUR=9,17;BYMINUTE=0;BYSECOND=30;"
       "BYWEEKNO=27;BYYEARDAY=186;WKST=SU;UNTIL=20300101\n"
       "BEGIN:VALARM\nACTION:AUDIO\nTRIGGER;VALUE=DATE-TIME:20240704T110000Z\nREPEAT:2\nDURATION:PT5M\n"
       "ATTACH;FMTTYPE=audio/basic:ftp://example.com/pub/ring.wav\nEND:VALARM\n"
       "BEGIN:VALARM\nACTION:DISPLAY\nTRIGGER;RELATED=END;VALUE=DURATION:-P1W2DT3H4M5S\n"
       "ATTACH;VALUE=BINARY;ENCODING=BASE64;FMTTYPE=text/plain:aGVsbG8=\nEND:VALARM\n"
       "BEGIN:VALARM\nACTION:DISPLAY\nTRIGGER;VALUE=DATE-TIME;TZID=America/New_York:20240704T110000\nEND:VALARM\n"
       "END:VEVENT\nEND:VCALENDAR\n"
       "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:second\nMETHOD:REQUEST\nBEGIN:VTIMEZONE\nTZID:Fixed\n"
       "LAST-MODIFIED:20200101T000000Z\nTZURL:http://tz.example.com/Fixed\nBEGIN:STANDARD\nDTSTART:20000101T000000\n"
       "TZOFFSETFROM:+0930\nTZOFFSETTO:+093015\nTZNAME:FIX\nCOMMENT:no rule\nRDATE:20000101T000000\nEND:STANDARD\n"
       "END:VTIMEZONE\nBEGIN:VEVENT\nUID:odd-2\nDTSTAMP:20240101T000000Z\nDTSTART;TZID=Fixed:20240101T120000\n"
       "DTEND;TZID=Fixed;VALUE=DATE:20240102\nDURATION:-P2W\nSTATUS:TENTATIVE\nEND:VEVENT\nEND:VCALENDAR\n").encode()

EARLY = crlf([
    "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:early", "BEGIN:VTIMEZONE", "TZID:Europe/Berlin",
    "BEGIN:DAYLIGHT", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "END:DAYLIGHT",
    "BEGIN:STANDARD", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "END:STANDARD", "END:VTIMEZONE",
    "BEGIN:VEVENT", "UID:early", "DTSTAMP:20240101T000000Z", "DTSTART;TZID=Europe/Berlin:19690101T100000",
    "END:VEVENT", "END:VCALENDAR"])

w = WF("ics-real")
f = w.file("Google file", GOOGLE, "google.ics", "text/calendar")
w.node("From Google", FROM, 1.1, {"operation": "fromIcs", "options": {}}, src=f)
f = w.file("Outlook file", OUTLOOK, "outlook.ics", "text/calendar")
w.node("From Outlook", FROM, 1.1, {"operation": "fromIcs", "options": {}}, src=f)
f = w.file("Odd file", ODD, "odd.ics", "text/calendar")
w.node("From odd", FROM, 1.1, {"operation": "fromIcs", "options": {}}, src=f)
f = w.file("Early file", EARLY, "early.ics", "text/calendar")
w.node("From early", FROM, 1.1, {"operation": "fromIcs", "options": {}}, src=f, **CONT)
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

# 7. Convert to File iCal errors. Values come from expressions: n8n
# checks static parameters before running (options, dates) and refuses the
# whole workflow, so only expressions reach ics's validation.
w = WF("ical-errors")
make = w.node("Make events", "n8n-nodes-base.set", 3.4,
              {"mode": "raw", "jsonOutput": json.dumps({"events": EVENTS[:1]}), "options": {}}, src="Start")
ev = w.node("Events", "n8n-nodes-base.splitOut", 1, {"fieldToSplitOut": "events", "options": {}}, src=make)
BASE = {"operation": "iCal", "title": "={{ 'x' }}", "start": "={{ '2024-01-05T09:00:00' }}", "end": "={{ '2024-01-05T10:00:00' }}"}
def ical(name, fields, stop=False, **over):
    params = dict(BASE, **over)
    params["additionalFields"] = fields
    w.node(name, TOF, 1.1, params, src=ev, **({} if stop else CONT))
ical("Bad email", {"uid": "e1", "attendeesUi": {"attendeeValues": [{"name": "B", "email": "={{ 'not-an-email' }}"}]}})
ical("File name", {"uid": "e2", "fileName": "={{ 'my.ics' }}"})
ical("Bad URL", {"uid": "e3", "url": "={{ 'not a url' }}"})
ical("Local URL", {"uid": "e4", "url": "={{ 'http://localhost:5678/x' }}"})
ical("Bad status", {"uid": "e5", "status": "={{ 'MAYBE' }}"})
ical("Lower status", {"uid": "e6", "status": "={{ 'tentative' }}", "busyStatus": "={{ 'oof' }}"})
ical("Bad busy", {"uid": "e7", "busyStatus": "={{ 'AWAY' }}"})
ical("Geo text", {"uid": "e8", "geolocationUi": {"geolocationValues": {"lat": "={{ '37.5' }}", "lon": "={{ '-122.1' }}"}}})
ical("Geo numbers", {"uid": "e9", "geolocationUi": {"geolocationValues": {"lat": "={{ 37.5 }}", "lon": "={{ -122.25 }}"}}})
ical("Number title", {"uid": "e10"}, title="={{ 42 }}")
ical("Organizer email", {"uid": "e11", "organizerUi": {"organizerValues": {"name": "O", "email": "={{ 'nope' }}"}}})
ical("Text sequence", {"uid": "e12", "sequence": "={{ '3' }}"})
ical("Number description", {"uid": "e13", "description": "={{ 7 }}", "location": "={{ true }}"})
ical("Many", {"uid": "e14", "url": "={{ 'x' }}", "status": "={{ 'no' }}", "attendeesUi": {"attendeeValues": [{"email": "={{ 'a' }}"}]}})
ical("Bad start", {"uid": "e15"}, stop=True, start="={{ 'not a date' }}", end="={{ '' }}")
w.write()

# 7b. The hidden iCalendar node (1, createEventFile): the same ics writer
# as Convert to File's iCal; dates with offsets, the workflow's time zone,
# all-day without an end, geolocation as numbers; a refused status
# continues with its error; every file read back by Extract from File.
ICAL = "n8n-nodes-base.iCal"
w = WF("icalendar-node")
make = w.node("Make events", "n8n-nodes-base.set", 3.4,
              {"mode": "raw", "jsonOutput": json.dumps({"events": EVENTS}), "options": {}}, src="Start")
ev = w.node("Events", "n8n-nodes-base.splitOut", 1, {"fieldToSplitOut": "events", "options": {}}, src=make)
full = w.node("iCalendar", ICAL, 1, {
    "operation": "createEventFile", "title": "={{ $json.title }}", "start": "={{ $json.start }}", "end": "={{ $json.end }}",
    "additionalFields": {
        "uid": "={{ 'cal-' + $itemIndex }}", "description": "={{ $json.desc }}", "location": "Caf\u00e9; upstairs, room 2",
        "geolocationUi": {"geolocationValues": {"lat": "={{ 52.52 }}", "lon": "={{ 13.405 }}"}},
        "organizerUi": {"organizerValues": {"name": "Ada", "email": "ada@example.com"}},
        "attendeesUi": {"attendeeValues": [{"name": "Bob", "email": "bob@example.com", "rsvp": True}]},
        "recurrenceRule": "FREQ=MONTHLY;BYDAY=2TH;COUNT=3", "sequence": 4, "status": "TENTATIVE", "busyStatus": "FREE",
        "calName": "Team, all", "url": "https://example.com/cal?x=1&y=2"}}, src=ev)
w.node("Read back", FROM, 1.1, {"operation": "fromIcs", "options": {}}, src=full)
tz = w.node("iCalendar offsets", ICAL, 1, {
    "operation": "createEventFile", "title": "Offsets", "start": "={{ '2024-03-01T22:15:00+05:30' }}", "end": "={{ '2024-03-02T01:00:00-08:00' }}",
    "binaryPropertyName": "ics", "additionalFields": {"uid": "tz-1", "useWorkflowTimezone": True}}, src=make)
w.node("Read offsets", FROM, 1.1, {"operation": "fromIcs", "binaryPropertyName": "ics", "options": {}}, src=tz)
day = w.node("iCalendar all day", ICAL, 1, {
    "operation": "createEventFile", "title": "Holiday", "start": "2024-12-31T23:30:00", "end": "={{ '' }}", "allDay": True,
    "additionalFields": {"uid": "day-2", "fileName": "holiday.ics"}}, src=make, **CONT)
w.node("iCalendar bad status", ICAL, 1, {
    "operation": "createEventFile", "title": "x", "start": "2024-01-05T09:00:00", "end": "2024-01-05T10:00:00",
    "additionalFields": {"uid": "bad-1", "status": "={{ 'LATER' }}"}}, src=make, **CONT)
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
