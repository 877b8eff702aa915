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
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for _, s := range seeds {
		for cut := 0; cut <= len(s); cut++ {
			in := []byte(s[:cut])
			_ = ReadWorkbook(strings.NewReader(string(in)), XLSXOptions{}, func(any) error { return nil })
			_ = ReadWorkbook(strings.NewReader(string(in)), XLSXOptions{NoHeader: true, IncludeEmptyCells: true}, func(any) error { return nil })
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
