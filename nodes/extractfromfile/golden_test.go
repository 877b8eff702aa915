package extractfromfile_test

import (
	"encoding/base64"
	"regexp"
	"testing"

	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/expression"
	"github.com/n8n-go/n8n-go/nodes"
	"github.com/n8n-go/n8n-go/nodes/set/settest"
)

// TestGoldens compares Extract from File's HTML, RTF, XLS, PDF and
// iCalendar reads, Convert to File's iCal and Spreadsheet File 1's SheetJS
// reads with real n8n 1.123.81 (testdata/nodes/extract; regenerate with
// gen.py there and record.sh). Files are compared byte for byte, except
// what ics makes up at run time: DTSTAMP (the current minute) and the
// generated UID of an event without one.
func TestGoldens(t *testing.T) {
	settest.RunGoldensNormalized(t, "../../testdata/nodes/extract", "*", nodes.All(), expression.New(expression.Options{}),
		func(t *testing.T, run []byte, _ bool) []byte { return icsTimeless(t, run) })
}

var (
	icsStamp = regexp.MustCompile(`DTSTAMP:\d{8}T\d{6}Z`)
	icsUID   = regexp.MustCompile(`UID:[A-Za-z0-9_-]{21}\r\n`)
)

func icsTimeless(t *testing.T, doc []byte) []byte {
	t.Helper()
	v, err := data.ParseJSON(doc)
	if err != nil {
		t.Fatal(err)
	}
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case []any:
			for _, e := range x {
				walk(e)
			}
		case *data.Object:
			if x.Value("fileExtension") == "ics" {
				if s, ok := x.Value("data").(string); ok {
					b, err := base64.StdEncoding.DecodeString(s)
					if err != nil {
						t.Fatal(err)
					}
					b = icsStamp.ReplaceAll(b, []byte("DTSTAMP:(now)"))
					b = icsUID.ReplaceAll(b, []byte("UID:(generated)\r\n"))
					x.Set("data", string(b))
				}
			}
			if st, ok := x.Value("stamp").(*data.Object); ok && st.Has("date") {
				st.Set("date", "(now)")
			}
			for _, e := range x.All() {
				walk(e)
			}
		}
	}
	walk(v)
	out, err := data.MarshalValue(v)
	if err != nil {
		t.Fatal(err)
	}
	return out
}
