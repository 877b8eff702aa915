package comparedatasets

import (
	"fmt"
	"runtime"
	"testing"

	"github.com/n8n-go/n8n-go/engine/data"
)

// makeItems builds n items shaped like the template's mapped clients; every
// tenth one differs between A and B, and B is shifted so both sides have
// unmatched items.
func makeItems(n, shift int, variant string) []data.Item {
	out := make([]data.Item, n)
	for i := range out {
		k := i + shift
		name := fmt.Sprintf("Client %d", k)
		if k%10 == 0 {
			name += variant
		}
		out[i] = data.Item{JSON: data.ObjectOf("name", name, "archived", false,
			"clockify_client_id", fmt.Sprintf("c%08d", k)), Paired: data.OneInput(i, 0)}
	}
	return out
}

// BenchmarkMix100k compares 100,000 × 100,000 items with the template's
// parameters (resolve mix, one match field). peak-heap-MB is the heap in use
// after the run (the outputs are still referenced).
func BenchmarkMix100k(b *testing.B) {
	const n = 100_000
	a, bb := makeItems(n, 0, ""), makeItems(n, n/10, " (renamed)")
	c := &config{version: 2.3, pairs: []pair{{"clockify_client_id", "clockify_client_id"}}, resolve: "mix",
		preferWhenMix: "input1", exceptWhenMix: "", skipFields: []string{""}}
	b.ReportAllocs()
	var peak uint64
	for b.Loop() {
		out, err := c.findMatches(a, bb)
		if err != nil {
			b.Fatal(err)
		}
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		peak = max(peak, ms.HeapInuse)
		if len(out[0])+len(out[1])+len(out[2]) != n {
			b.Fatalf("lost items: %d %d %d", len(out[0]), len(out[1]), len(out[2]))
		}
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
}

// BenchmarkIncludeBoth100k is the same join with the includeBoth item shape.
func BenchmarkIncludeBoth100k(b *testing.B) {
	const n = 100_000
	a, bb := makeItems(n, 0, ""), makeItems(n, n/10, " (renamed)")
	c := &config{version: 2.3, pairs: []pair{{"clockify_client_id", "clockify_client_id"}}, resolve: "includeBoth",
		skipFields: []string{""}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.findMatches(a, bb); err != nil {
			b.Fatal(err)
		}
	}
}
