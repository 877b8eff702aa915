package intl

import (
	"math"
	"strconv"
	"strings"
)

// NumberOptions are Intl.NumberFormat's options; negative fraction digits
// mean "the style's default".
type NumberOptions struct {
	Style           string // decimal (""), currency, percent
	Currency        string
	CurrencyDisplay string // symbol (""), narrowSymbol, code, name
	MinFrac         int
	MaxFrac         int
	MinInt          int
	NoGrouping      bool
}

// DefaultNumber is NumberOptions with every field at its default.
func DefaultNumber() NumberOptions { return NumberOptions{MinFrac: -1, MaxFrac: -1} }

// FormatNumber formats n as Intl.NumberFormat(locale, o).format does.
// Rounding is half away from zero on the shortest decimal form of n, as
// ICU rounds (1.005 → "1.01", where toFixed gives "1.00").
func FormatNumber(n float64, l *Locale, o NumberOptions) string {
	if math.IsNaN(n) {
		return "NaN"
	}
	neg := n < 0 || (n == 0 && math.Signbit(n))
	minF, maxF := 0, 3
	code := strings.ToUpper(o.Currency)
	switch o.Style {
	case "currency":
		minF, maxF = 2, 2
		if zeroDigits[code] {
			minF, maxF = 0, 0
		}
	case "percent":
		minF, maxF = 0, 0
	}
	shift := 0
	if o.Style == "percent" {
		shift = 2 // ×100 on the decimal digits, as ICU scales (1.005 → 100.5 %)
	}
	if o.MinFrac >= 0 {
		minF = o.MinFrac
		if maxF < minF {
			maxF = minF
		}
	}
	if o.MaxFrac >= 0 {
		maxF = o.MaxFrac
		if minF > maxF {
			minF = maxF
		}
	}
	var num string
	if math.IsInf(n, 0) {
		num = "∞"
	} else {
		ip, fp := roundDecimal(math.Abs(n), shift, maxF)
		for len(fp) > minF && strings.HasSuffix(fp, "0") {
			fp = fp[:len(fp)-1]
		}
		for len(ip) < o.MinInt {
			ip = "0" + ip
		}
		if !o.NoGrouping {
			ip = group(ip, l)
		}
		num = ip
		if fp != "" {
			num += l.Decimal + fp
		}
		if ip == "0" && strings.Trim(fp, "0") == "" {
			neg = false // -0 prints as 0 (signDisplay auto shows -0 only for -0 itself)
			if n == 0 && math.Signbit(n) {
				neg = true
			}
		}
	}
	sign := ""
	if neg {
		sign = "-"
	}
	switch o.Style {
	case "currency":
		sym := l.symbol(code)
		switch o.CurrencyDisplay {
		case "code":
			sym = code
		case "narrowSymbol":
			if s, ok := enSymbols[code]; ok {
				sym = strings.TrimLeft(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
			}
		}
		pat := l.Currency
		if o.CurrencyDisplay == "code" && strings.HasPrefix(pat, "¤#") {
			pat = "¤" + nb + "#"
		}
		if len([]rune(sym)) > 1 && strings.HasPrefix(pat, "¤#") && isLetter(sym[len(sym)-1]) {
			pat = "¤" + nb + "#"
		}
		if strings.HasPrefix(pat, "¤") && !l.SignInside {
			return sign + strings.Replace(strings.Replace(pat, "#", num, 1), "¤", sym, 1)
		}
		return strings.Replace(strings.Replace(pat, "#", sign+num, 1), "¤", sym, 1)
	case "percent":
		return strings.Replace(l.Percent, "#", sign+num, 1)
	}
	return sign + num
}

func isLetter(c byte) bool { return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' }

// roundDecimal rounds x×10^shift to d fraction digits, half away from
// zero, on x's shortest round-trip decimal form; it returns the integer
// and fraction digits.
func roundDecimal(x float64, shift, d int) (string, string) {
	s := strconv.FormatFloat(x, 'f', -1, 64)
	ip, fp, _ := strings.Cut(s, ".")
	for ; shift > 0; shift-- {
		if fp == "" {
			ip += "0"
		} else {
			ip, fp = ip+fp[:1], fp[1:]
		}
	}
	ip = strings.TrimLeft(ip, "0")
	if ip == "" {
		ip = "0"
	}
	if len(fp) <= d {
		return ip, fp + strings.Repeat("0", d-len(fp))
	}
	up := fp[d] >= '5'
	digits := []byte(ip + fp[:d])
	if up {
		i := len(digits) - 1
		for ; i >= 0; i-- {
			if digits[i] == '9' {
				digits[i] = '0'
				continue
			}
			digits[i]++
			break
		}
		if i < 0 {
			digits = append([]byte{'1'}, digits...)
		}
	}
	n := len(digits) - d
	return string(digits[:n]), string(digits[n:])
}

// group inserts the locale's grouping separator every three digits; with
// MinGroup 2 a four-digit integer stays ungrouped (es, it).
func group(ip string, l *Locale) string {
	if len(ip) <= 3 || (l.MinGroup == 2 && len(ip) == 4) {
		return ip
	}
	var b strings.Builder
	for i, c := range ip {
		if i > 0 && (len(ip)-i)%3 == 0 {
			b.WriteString(l.Group)
		}
		b.WriteRune(c)
	}
	return b.String()
}
