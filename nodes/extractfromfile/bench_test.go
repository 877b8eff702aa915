package extractfromfile

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
)

// benchPDF is an uncompressed PDF of pages pages, 40 lines each.
func benchPDF(pages int) []byte {
	var objs []string
	objs = append(objs, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
	pagesID := 2 + 2*pages
	var kids []string
	for p := range pages {
		var sb strings.Builder
		for l := range 40 {
			fmt.Fprintf(&sb, "BT /F1 10 Tf 72 %d Td (Page %d line %d with some words) Tj ET\n", 750-l*15, p, l)
		}
		s := sb.String()
		objs = append(objs, fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(s), s))
		objs = append(objs, fmt.Sprintf("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Contents %d 0 R /Resources << /Font << /F1 1 0 R >> >> >>", pagesID, len(objs)))
		kids = append(kids, fmt.Sprintf("%d 0 R", len(objs)))
	}
	objs = append(objs, fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), pages))
	objs = append(objs, fmt.Sprintf("<< /Type /Catalog /Pages %d 0 R >>", pagesID))
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offs := make([]int, len(objs))
	for i, o := range objs {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	x := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, len(objs), x)
	return b.Bytes()
}

func TestBenchPDFReads(t *testing.T) {
	o, err := readPDF(context.Background(), benchPDF(2), "", -1, true)
	if err != nil {
		t.Fatal(err)
	}
	text, _ := o.Value("text").(string)
	if !strings.HasPrefix(text, "Page 0 line 0 with some words\nPage 0 line 1") || strings.Count(text, "\n") != 2*40 {
		t.Fatalf("text %q", text)
	}
}

// BenchmarkReadPDF extracts the text of a 100-page PDF.
func BenchmarkReadPDF(b *testing.B) {
	src := benchPDF(100)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := readPDF(context.Background(), src, "", -1, true); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseICS reads a calendar of 5,000 events.
func BenchmarkParseICS(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//bench//EN\r\n")
	for i := range 5000 {
		fmt.Fprintf(&sb, "BEGIN:VEVENT\r\nUID:%d@bench\r\nDTSTAMP:20240101T120000Z\r\nDTSTART:20240105T090000Z\r\nDTEND:20240105T100000Z\r\nSUMMARY:Event %d\r\nCATEGORIES:a,b\r\nEND:VEVENT\r\n", i, i)
	}
	sb.WriteString("END:VCALENDAR\r\n")
	benchParseICS(b, sb.String(), 5000)
}

// benchParseICS parses src over and over; it must hold events events.
func benchParseICS(b *testing.B, src string, events int) {
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		cal, err := parseICS(src)
		if err != nil {
			b.Fatal(err)
		}
		if evs, _ := cal.Value("events").([]any); len(evs) != events {
			b.Fatalf("%d events", len(evs))
		}
	}
}
