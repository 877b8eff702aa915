package sheet

import (
	"fmt"
	"strings"
	"testing"
)

// BenchmarkReadPRN reads 10 MB of CSV the way Spreadsheet File 1 does
// (SheetJS's typed DSV reader).
func BenchmarkReadPRN(b *testing.B) {
	src := benchCSV(10 << 20)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		if err := ReadPRN(src, XLSXOptions{}, func(any) error { n++; return nil }); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadHTML reads a 20,000-row HTML table (Extract from File html).
func BenchmarkReadHTML(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("<html><body><table>\n<tr><th>id</th><th>name</th><th>amount</th><th>when</th></tr>\n")
	for i := range 20000 {
		fmt.Fprintf(&sb, "<tr><td>%d</td><td>Name &amp; %d</td><td>%d.%02d</td><td>2024-01-%02d</td></tr>\n", i, i, i*7, i%100, i%28+1)
	}
	sb.WriteString("</table></body></html>")
	src := []byte(sb.String())
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		if err := ReadWorkbook(strings.NewReader(string(src)), XLSXOptions{}, func(any) error { n++; return nil }); err != nil {
			b.Fatal(err)
		}
		if n != 20000 {
			b.Fatalf("%d rows", n)
		}
	}
}
