package extractfromfile

import (
	"context"
	"strings"
	"testing"
)

// TestArbitraryPDFAndICS: malformed PDFs and calendars are errors or
// objects, never a panic.
func TestArbitraryPDFAndICS(t *testing.T) {
	pdf := string(benchPDF(1))
	for cut := 0; cut < len(pdf); cut += 7 {
		_, _ = readPDF(context.Background(), []byte(pdf[:cut]), "", -1, true)
		_, _ = readPDF(context.Background(), []byte(pdf[:cut]+pdf[cut+1:]), "", 1, false)
	}
	ics := "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:1\r\nDTSTART;VALUE=DATE:2024\r\nDURATION:P\r\n \r\nORGANIZER;CN=\"a:b\":mailto:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	for cut := 0; cut <= len(ics); cut++ {
		_, _ = parseICS(ics[:cut])
	}
	if _, err := parseICS("BEGIN:VCALENDAR\r\nno colon\r\nEND:VCALENDAR"); err == nil || !strings.Contains(err.Error(), "Line not valid") {
		t.Fatalf("want ts-ics's line error, got %v", err)
	}
}
