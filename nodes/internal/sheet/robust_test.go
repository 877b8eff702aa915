package sheet

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestReadWorkbookArbitraryInput feeds the content sniffer and every
// reader behind it malformed and truncated files: an error or rows, never
// a panic.
func TestReadWorkbookArbitraryInput(t *testing.T) {
	seeds := []string{
		"", "<", "<table", "<table><tr><td colspan=99999>x</td></tr></table>", "<html><table><tr><td rowspan=3>a<td>b</table>",
		`{\rtf1`, `{\rtf1 \trowd \cell\row}`, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + strings.Repeat("\xff", 600),
		"PK\x03\x04garbage", "sep=", "sep=;\n", "\"", "a,\"b\nc", "=", "=\"", "\xef\xbb\xbf", "a;b\n1;(2)\n%,$,(,)",
		`<?xml version="1.0"?><Workbook><Worksheet ss:Name="a"><Table><Row ss:Index="-5"><Cell ss:Index="0" ss:MergeAcross="x"><Data ss:Type="DateTime">2024-13-45</Data></Cell><Cell/></Row></Table></Worksheet></Workbook>`,
		`<?xml?><Worksheet><Row><Cell><Data ss:Type="String"><![CDATA[x`, `<?xml?></Data></Cell></Row></Worksheet><Data>`,
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for _, s := range seeds {
		for cut := 0; cut <= len(s); cut++ {
			in := []byte(s[:cut])
			_ = ReadWorkbook(strings.NewReader(string(in)), XLSXOptions{}, func(any) error { return nil })
			_ = ReadWorkbook(strings.NewReader(string(in)), XLSXOptions{NoHeader: true, IncludeEmptyCells: true}, func(any) error { return nil })
			_ = ReadWorkbook(strings.NewReader(string(in)), XLSXOptions{Range: ParseRange("B3:A1")}, func(any) error { return nil })
		}
		for range 50 {
			b := []byte(s)
			for range 3 {
				if len(b) > 0 {
					b[rng.IntN(len(b))] = byte(rng.IntN(256))
				}
			}
			_ = ReadWorkbook(strings.NewReader(string(b)), XLSXOptions{}, func(any) error { return nil })
		}
	}
}

// TestRangeBounds: ranges past any sheet's size are an error, not a
// runaway loop or allocation.
func TestRangeBounds(t *testing.T) {
	for _, r := range []string{"A1:ZZZZZZZ9", "A9:ZZZZZZZ1", "A1:B99999999999", "-99999999999"} {
		err := ReadWorkbook(strings.NewReader("a,b\n1,2\n"), XLSXOptions{Range: ParseRange(r)}, func(any) error { return nil })
		if err == nil {
			t.Errorf("range %q: no error", r)
		}
	}
}
