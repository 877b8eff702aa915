// Package sheet holds what the spreadsheet-shaped nodes share: rows from
// items as SheetJS's json_to_sheet builds them (n8n's flattenObject), CSV
// written as SheetJS's sheet_to_csv does (its "General" number format,
// TRUE/FALSE, quoting), and CSV read as the csv-parse package does.
package sheet

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// General formats a number as SheetJS's SSF "General" format: at most 11
// characters, exponential beyond.
func General(v float64) string {
	if v == 0 {
		return "0"
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	e := int(math.Floor(math.Log10(math.Abs(v))))
	var o string
	switch {
	case e >= -4 && e <= -1:
		o = toPrecision(v, 10+e)
	case abs(e) <= 9:
		o = smallExp(v)
	case e == 10:
		o = toFixed(v, 10)
		if len(o) > 12 {
			o = o[:12]
		}
	default:
		o = largeExp(v)
	}
	return stripDecimal(normalizeExp(strings.ToUpper(o)))
}

func abs(i int) int {
	if i < 0 {
		return -i
	}
	return i
}

func width(v float64) int {
	if v < 0 {
		return 12
	}
	return 11
}

func smallExp(v float64) string {
	o := stripDecimal(toFixed(v, 12))
	if len(o) <= width(v) {
		return o
	}
	if o = toPrecision(v, 10); len(o) <= width(v) {
		return o
	}
	return toExponential(v, 5)
}

func largeExp(v float64) string {
	o := stripDecimal(toFixed(v, 11))
	if len(o) > width(v) || o == "0" || o == "-0" {
		return toPrecision(v, 6)
	}
	return o
}

// Package-level regexps are compiled on first use (sync.OnceValue), not at
// package init, which every invocation of the binary would pay for.

var (
	trailingZeros = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?:\.0*|(\.\d*[1-9])0+)$`)
	})
	expZeros = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?:\.0*|(\.\d*[1-9])0+)[Ee]`)
	})
	expOneDigit = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(E[+-])(\d)$`)
	})
)

func stripDecimal(o string) string {
	if !strings.Contains(o, ".") {
		return o
	}
	return trailingZeros().ReplaceAllString(o, "$1")
}

func normalizeExp(o string) string {
	if !strings.Contains(o, "E") {
		return o
	}
	o = expZeros().ReplaceAllString(o, "${1}E")
	return expOneDigit().ReplaceAllString(o, "${1}0$2")
}

// toFixed, toPrecision and toExponential are JavaScript's Number methods
// (Go rounds the exact binary value as JavaScript does, except that exact
// ties go to even).
func toFixed(v float64, d int) string {
	if math.Abs(v) >= 1e21 {
		return jsExp(strconv.FormatFloat(v, 'g', -1, 64))
	}
	return strconv.FormatFloat(v, 'f', d, 64)
}

func toExponential(v float64, d int) string { return jsExp(strconv.FormatFloat(v, 'e', d, 64)) }

func toPrecision(v float64, p int) string {
	if v == 0 {
		return strconv.FormatFloat(0, 'f', p-1, 64)
	}
	s := strconv.FormatFloat(v, 'e', p-1, 64)
	_, exp, _ := strings.Cut(s, "e")
	e, _ := strconv.Atoi(exp)
	if e < -6 || e >= p {
		return jsExp(s)
	}
	return strconv.FormatFloat(v, 'f', max(p-1-e, 0), 64)
}

// jsExp turns Go's "1.5e+07" into JavaScript's "1.5e+7".
func jsExp(s string) string {
	mant, exp, ok := strings.Cut(s, "e")
	if !ok {
		return s
	}
	sign := exp[:1]
	digits := strings.TrimLeft(exp[1:], "0")
	if digits == "" {
		digits = "0"
	}
	return mant + "e" + sign + digits
}
