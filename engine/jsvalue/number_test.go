package jsvalue

import (
	"encoding/json"
	"math"
	"testing"
	"time"

	"github.com/n8n-go/n8n-go/engine/data"
)

// Expected values in these tables were checked against Node.js 20
// (Number(x), String(x), typeof x, !!x, ===, lodash 4 isEqual/merge).

var (
	nan    = math.NaN()
	inf    = math.Inf(1)
	negInf = math.Inf(-1)
	negZ   = math.Copysign(0, -1)
)

// sameFloat tells -0 from 0 and lets NaN equal NaN.
func sameFloat(a, b float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return a == b && math.Signbit(a) == math.Signbit(b)
}

func TestStringToNumber(t *testing.T) {
	tests := []struct {
		in   string
		want float64
	}{
		{"", 0},
		{"   ", 0},
		{" \t\n 42 \u00a0", 42},
		{"\ufeff7\u3000", 7},
		{"\u2028-3\u2029", -3},
		{"\u180e1", nan}, // not whitespace since Unicode 6.3
		{"0", 0},
		{"-0", negZ},
		{"00012", 12},
		{"12abc", nan},
		{"1_000", nan},
		{"0x1F", 31},
		{"0X1f", 31},
		{"0o17", 15},
		{"0b101", 5},
		{"-0x10", nan},
		{"+0x10", nan},
		{"0x", nan},
		{"0xg", nan},
		{"0b2", nan},
		{"0x10000000000000000", 18446744073709552000},
		{"0xFFFFFFFFFFFFFFFFFFFFF", 1.9342813113834067e+25},
		{"0x1fffffffffffff1", 144115188075855860},
		{"0x20000000000000F", 144115188075855870},
		{".5", 0.5},
		{"5.", 5},
		{".", nan},
		{"+.5e1", 5},
		{"1e", nan},
		{"1e+", nan},
		{"1e3", 1000},
		{"-1.5E-3", -0.0015},
		{"0.1", 0.1},
		{"Infinity", inf},
		{"+Infinity", inf},
		{" -Infinity ", negInf},
		{"infinity", nan},
		{"inf", nan},
		{"NaN", nan},
		{"0x1p3", nan},
		{"1e1000", inf},
		{"-1e1000", negInf},
		{"1e-400", 0},
		{"1e21", 1e21},
	}
	for _, tc := range tests {
		if got := StringToNumber(tc.in); !sameFloat(got, tc.want) {
			t.Errorf("StringToNumber(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

type stamp int64

func (s stamp) UnixMilli() int64 { return int64(s) }

func TestToNumber(t *testing.T) {
	tests := []struct {
		name string
		in   any
		want float64
	}{
		{"float", 1.5, 1.5},
		{"negative zero", negZ, negZ},
		{"NaN", nan, nan},
		{"Infinity", inf, inf},
		{"0.1+0.2", add(0.1, 0.2), 0.30000000000000004},
		{"padded string", "  12.5\n", 12.5},
		{"null", nil, 0},
		{"undefined", data.Undefined, nan},
		{"true", true, 1},
		{"false", false, 0},
		{"empty array", []any{}, 0},
		{"one number", []any{5.0}, 5},
		{"one padded string", []any{" 7 "}, 7},
		{"two elements", []any{1.0, 2.0}, nan},
		{"null element", []any{nil}, 0},
		{"nested array", []any{[]any{3.0}}, 3},
		{"object", map[string]any{}, nan},
		{"int", 3, 3},
		{"int64", int64(-4), -4},
		{"uint8", uint8(200), 200},
		{"float32", float32(0.5), 0.5},
		{"json.Number", json.Number("12.5"), 12.5},
		{"bad json.Number", json.Number("x"), nan},
		{"date", time.UnixMilli(1234), 1234},
		{"UnixMilli", stamp(-5), -5},
		{"other", struct{}{}, nan},
	}
	for _, tc := range tests {
		if got := ToNumber(tc.in); !sameFloat(got, tc.want) {
			t.Errorf("%s: ToNumber(%#v) = %v, want %v", tc.name, tc.in, got, tc.want)
		}
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct {
		in, want any
	}{
		{3, 3.0},
		{int32(-2), -2.0},
		{uint64(7), 7.0},
		{json.Number("1e2"), 100.0},
		{2.5, 2.5},
		{"3", "3"},
		{true, true},
		{nil, nil},
		{data.Undefined, data.Undefined},
	}
	for _, tc := range tests {
		if got := Normalize(tc.in); got != tc.want {
			t.Errorf("Normalize(%#v) = %#v, want %#v", tc.in, got, tc.want)
		}
	}
	if !IsNaN(json.Number("bad")) || !IsNaN(nan) || IsNaN("NaN") || IsNaN(data.Undefined) {
		t.Error("IsNaN is not Number.isNaN")
	}
}

func TestIsDecimalLiteral(t *testing.T) {
	for _, s := range []string{"1", "-1.5", "+.5", "5.", "1e3", "1E-3", "007"} {
		if !IsDecimalLiteral(s) {
			t.Errorf("IsDecimalLiteral(%q) = false", s)
		}
	}
	for _, s := range []string{"", "+", ".", "e3", "1e", "1e+", "1.2.3", " 1", "0x1", "Infinity", "1_0", "inf"} {
		if IsDecimalLiteral(s) {
			t.Errorf("IsDecimalLiteral(%q) = true", s)
		}
	}
}

func TestTrim(t *testing.T) {
	if got := Trim("\u00a0\ufeff x y \u200a\u3000\r\n"); got != "x y" {
		t.Errorf("Trim = %q", got)
	}
	if got := Trim("\u180e x \u200b"); got != "\u180e x \u200b" {
		t.Errorf("Trim removed U+180E or U+200B: %q", got)
	}
}

func BenchmarkToNumber(b *testing.B) {
	in := []any{"  42.5 ", 3.0, "0x1F", []any{"7"}, nil, true}
	for b.Loop() {
		for _, v := range in {
			ToNumber(v)
		}
	}
}

// add sums at run time: Go folds 0.1 + 0.2 in constants exactly, to 0.3.
func add(a, b float64) float64 { return a + b }
