package sheet

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/n8n-go/n8n-go/engine/data"
)

// benchSize is the CSV size of the benchmarks: 10 MB by default,
// N8N_GO_BENCH_CSV_MB=100 for the figure.
func benchSize() int {
	if mb, err := strconv.Atoi(os.Getenv("N8N_GO_BENCH_CSV_MB")); err == nil && mb > 0 {
		return mb << 20
	}
	return 10 << 20
}

func benchCSV(size int) []byte {
	var b bytes.Buffer
	b.WriteString("id,name,email,amount,created,note\n")
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "%d,Name %d,user%d@example.com,%d.%02d,2024-01-%02dT10:00:00Z,\"note, with comma %d\"\n", i, i, i, i*7, i%100, i%28+1, i)
	}
	return b.Bytes()
}

func BenchmarkReadCSV(b *testing.B) {
	src := benchCSV(benchSize())
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		if err := ReadCSV(bytes.NewReader(src), ReadOptions{}, func(any) error { n++; return nil }); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWriteCSV(b *testing.B) {
	src := benchCSV(benchSize())
	var rows []*data.Object
	if err := ReadCSV(bytes.NewReader(src), ReadOptions{}, func(r any) error {
		rows = append(rows, r.(*data.Object))
		return nil
	}); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if err := WriteCSV(io.Discard, rows, CSVOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReadXLSX100k(b *testing.B) {
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	sw.SetRow("A1", []any{"id", "name", "amount", "ok"})
	for i := 0; i < benchXLSXRows; i++ {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		sw.SetRow(cell, []any{i, fmt.Sprintf("Name %d", i), float64(i) * 1.5, i%2 == 0})
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(buf.Len()))
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		if err := ReadXLSX(bytes.NewReader(buf.Bytes()), XLSXOptions{}, func(any) error { n++; return nil }); err != nil {
			b.Fatal(err)
		}
		if n != benchXLSXRows {
			b.Fatalf("%d rows", n)
		}
	}
}

// benchXLSXRows is the "XLSX 100k rows".
const benchXLSXRows = 100_000

func benchRows(n int) []*data.Object {
	rows := make([]*data.Object, n)
	for i := range rows {
		rows[i] = data.ObjectOf("id", float64(i), "name", fmt.Sprintf("Name %d", i), "amount", float64(i)*1.5, "ok", i%2 == 0)
	}
	return rows
}

func BenchmarkWriteXLSX100k(b *testing.B) {
	t := NewTable(benchRows(benchXLSXRows), false)
	b.ReportAllocs()
	for b.Loop() {
		if err := WriteXLSX(io.Discard, t, "Sheet"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWriteODS100k(b *testing.B) {
	t := NewTable(benchRows(benchXLSXRows), false)
	b.ReportAllocs()
	for b.Loop() {
		if err := WriteODS(io.Discard, t, "Sheet"); err != nil {
			b.Fatal(err)
		}
	}
}
