package expression

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"math"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf16"

	"crypto/sha3"

	"github.com/n8n-go/n8n-go/engine/data"
	"golang.org/x/text/unicode/norm"
)

var (
	currencyRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(Lek|؋|\$|ƒ|₼|Br|BZ\$|\$b|KM|P|лв|R\$|៛|¥|₡|kn|₱|Kč|kr|RD\$|£|€|¢|Q|L|Ft|₹|Rp|﷼|₪|J\$|₩|₭|ден|RM|₨|₮|MT|C\$|₦|B/\.|Gs|S/\.|zł|lei|₽|Дин\.|S|R|CHF|NT\$|฿|TT\$|₺|₴|\$U|Bs|₫|Z\$)`)
	})
	emailRe = sync.OnceValue(func() *regex {
		return mustRegex(`(([^<>()\[\]\\.,;:\s@"]+(\.[^<>()\[\]\\.,;:\s@"]+)*)|(".+"))@(?<domain>(\[[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}])|(([a-zA-Z\-0-9]+\.)+[a-zA-Z]{2,}))`, "")
	})
	domainRe = sync.OnceValue(func() *regex {
		return mustRegex(`^(?:www\.)?((?:(?:[-\w]+\.)+(?:[a-zA-Z]{2,}|xn--[a-zA-Z0-9]+)|localhost|\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}))(?::\d+)?(?:\/[^\s?]*)?(?:\?[^\s#]*)?(?:#[^\s]*)?$`, "i")
	})
	domainExtRe = sync.OnceValue(func() *regex {
		return mustRegex(`^(?:(?:https?|ftp):\/\/)?(?:mailto:)?(?:\/\/)?((?:www\.)?(?:(?:[-\w]+\.)+(?:[a-zA-Z]{2,}|xn--[a-zA-Z0-9]+)|localhost|\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}))(?::\d+)?(?:\/[^\s?]*)?(?:\?[^\s#]*)?(?:#[^\s]*)?$`, "i")
	})
	urlExactRe = sync.OnceValue(func() *regex {
		return mustRegex(`^(?:(?:https?|ftp):\/\/)(?:www\.)?((?:(?:[-\w]+\.)+(?:[a-zA-Z]{2,}|xn--[a-zA-Z0-9]+)|localhost|\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}))(?::\d+)?(?:\/[^\s?#]*)?(?:\?[^\s#]*)?(?=([^\s]+#.*)?)#?[^\s]*$`, "i")
	})
	urlRe = sync.OnceValue(func() *regex {
		return mustRegex(`(?:(?:https?|ftp):\/\/)(?:www\.)?((?:(?:[-\w]+\.)+(?:[a-zA-Z]{2,}|xn--[a-zA-Z0-9]+)|localhost|\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}))(?::\d+)?(?:\/[^\s?#]*)?(?:\?[^\s#]*)?(?=([^\s]+#.*)?)#?[^\s]*`, "i")
	})
	tagRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`<[^>]*>?`)
	})
	snakeSpaceRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`[ \-]`)
	})
	snakePunctRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile("[\u2000-\u206F\u2E00-\u2E7F\\\\'!\"#$%&()*+,./:;<=>?@\\[\\]^`{|}~]")
	})
)

func mustRegex(p, flags string) *regex {
	r, err := newRegex(p, flags)
	if err != nil {
		panic(err)
	}
	return r
}

// stringMethod: n8n string extensions, then String.prototype.
func stringMethod(st *state, s string, name string, args []any) (any, bool, error) {
	a0 := arg(args, 0)
	switch name {
	// --- n8n extensions ---
	case "hash":
		alg := "md5"
		if !isNullish(a0) {
			alg = strings.ToLower(toString(a0))
		}
		var sum []byte
		switch alg {
		case "base64":
			return base64.StdEncoding.EncodeToString([]byte(s)), true, nil
		case "md5":
			h := md5.Sum([]byte(s))
			sum = h[:]
		case "sha1":
			h := sha1.Sum([]byte(s))
			sum = h[:]
		case "sha224":
			h := sha256.Sum224([]byte(s))
			sum = h[:]
		case "sha256":
			h := sha256.Sum256([]byte(s))
			sum = h[:]
		case "sha384":
			h := sha512.Sum384([]byte(s))
			sum = h[:]
		case "sha512":
			h := sha512.Sum512([]byte(s))
			sum = h[:]
		case "sha3":
			h := sha3.Sum512([]byte(s))
			sum = h[:]
		default:
			return nil, true, &Error{Message: "Unknown algorithm " + alg + ". Available algorithms are: md5,sha1,sha224,sha256,sha384,sha512,sha3, and Base64."}
		}
		return hex.EncodeToString(sum), true, nil
	case "isEmpty":
		return s == "", true, nil
	case "isNotEmpty":
		return s != "", true, nil
	case "length":
		return float64(strLen(s)), true, nil
	case "removeTags":
		return tagRe().ReplaceAllString(s, ""), true, nil
	case "removeMarkdown":
		return removeMarkdown(s), true, nil
	case "toDate":
		d, ok := parseJSDate(s)
		if !ok {
			return nil, true, &Error{Message: "cannot convert to date"}
		}
		if !strings.Contains(s, ":") {
			t := d.time()
			d = &jsDate{ms: float64(t.Truncate(24 * 3600e9).UnixMilli())}
		}
		return d, true, nil
	case "toDateTime":
		if f := toString(a0); !isNullish(a0) && f != "" {
			switch f {
			case "ms", "s", "us", "excel":
				d, err := numberToDateTime(st, toNumber(s), f)
				if err != nil {
					return nil, true, &Error{Message: "cannot convert to Luxon DateTime"}
				}
				return d, true, nil
			}
			d, ok := parseFormat(s, f, st.d.Location())
			if !ok {
				return nil, true, typeErrorf("Invalid DateTime")
			}
			return d, true, nil
		}
		d, ok := parseDateTimeString(st, s)
		if !ok {
			return nil, true, &Error{Message: "cannot convert to Luxon DateTime"}
		}
		return d, true, nil
	case "toBoolean":
		l := strings.ToLower(s)
		return l != "" && l != "false" && l != "no" && l != "0", true, nil
	case "toInt", "toWholeNumber":
		n := parseIntJS(currencyRe().ReplaceAllString(s, ""), a0)
		if math.IsNaN(n) {
			return nil, true, &Error{Message: "cannot convert to integer"}
		}
		return n, true, nil
	case "toFloat", "toDecimalNumber":
		if strings.Contains(s, ",") {
			return nil, true, &Error{Message: "cannot convert to float, expected . as decimal separator"}
		}
		n := parseFloatJS(currencyRe().ReplaceAllString(s, ""))
		if math.IsNaN(n) {
			return nil, true, &Error{Message: "cannot convert to float"}
		}
		return n, true, nil
	case "toNumber":
		n := stringToNumber(currencyRe().ReplaceAllString(s, ""))
		if math.IsNaN(n) {
			return nil, true, &Error{Message: "cannot convert to number"}
		}
		return n, true, nil
	case "quote":
		q := `"`
		if !isNullish(a0) {
			q = toString(a0)
		}
		return q + strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), q, `\`+q) + q, true, nil
	case "isNumeric":
		if strings.Contains(s, " ") {
			return false, true, nil
		}
		return !math.IsNaN(stringToNumber(s)) && !math.IsNaN(parseFloatJS(s)), true, nil
	case "isUrl":
		ok, err := urlExactRe().test(s)
		return ok, true, err
	case "isDomain":
		ok, err := domainRe().test(s)
		return ok, true, err
	case "isEmail":
		ok, err := emailRe().test(s)
		return ok && !strings.Contains(s, " "), true, err
	case "toTitleCase":
		return titleCase(s), true, nil
	case "toSentenceCase":
		return sentenceCase(s), true, nil
	case "toSnakeCase":
		out := snakeSpaceRe().ReplaceAllString(strings.ToLower(s), "_")
		return snakePunctRe().ReplaceAllString(out, ""), true, nil
	case "replaceSpecialChars":
		return transliterate(s), true, nil
	case "extractEmail":
		ms, err := emailRe().findAll(s, 1)
		if err != nil || len(ms) == 0 {
			return undef, true, err
		}
		return ms[0].groups[0], true, nil
	case "extractDomain":
		if ok, _ := emailRe().test(s); ok && !strings.Contains(s, " ") {
			ms, _ := emailRe().findAll(s, 1)
			if len(ms) > 0 && ms[0].named != nil {
				return ms[0].named.Value("domain"), true, nil
			}
			return undef, true, nil
		}
		ms, err := domainExtRe().findAll(s, 1)
		if err != nil || len(ms) == 0 {
			return undef, true, err
		}
		return ms[0].groups[1], true, nil
	case "extractUrl":
		ms, err := urlRe().findAll(s, 1)
		if err != nil || len(ms) == 0 {
			return undef, true, err
		}
		return ms[0].groups[0], true, nil
	case "extractUrlPath":
		u, err := url.Parse(s)
		if err != nil || u.Scheme == "" || u.Host == "" && u.Opaque == "" {
			return undef, true, nil
		}
		p := u.EscapedPath()
		if p == "" {
			p = "/"
		}
		return p, true, nil
	case "parseJson":
		v, err := jsonParse(s)
		if err != nil {
			if strings.Contains(s, "'") {
				return nil, true, &Error{Message: "Parsing failed. Check you're using double quotes"}
			}
			return nil, true, &Error{Message: "Parsing failed"}
		}
		return v, true, nil
	case "toJsonString":
		v, err := jsonStringify(st, s, undef)
		return v, true, err
	case "base64Encode":
		return base64.StdEncoding.EncodeToString([]byte(s)), true, nil
	case "base64Decode":
		b, err := base64.StdEncoding.DecodeString(strings.TrimRight(s, "=") + strings.Repeat("=", (4-len(strings.TrimRight(s, "="))%4)%4))
		if err != nil {
			b, _ = base64.URLEncoding.DecodeString(s)
		}
		return string(b), true, nil
	case "urlEncode":
		if truthy(a0) {
			return encodeURIComponent(s, uriUnreservedFull), true, nil
		}
		return encodeURIComponent(s, uriUnreservedComponent), true, nil
	case "urlDecode":
		// urlDecode(true) is decodeURI (reserved characters stay escaped),
		// urlDecode() decodeURIComponent.
		out, err := decodeURIJS(s, truthy(arg(args, 0)))
		return out, true, err
	// --- String.prototype ---
	case "toLowerCase", "toLocaleLowerCase":
		return strings.ToLower(s), true, nil
	case "toUpperCase", "toLocaleUpperCase":
		return strings.ToUpper(s), true, nil
	case "trim":
		return jsTrim(s), true, nil
	case "trimStart", "trimLeft":
		return strings.TrimLeftFunc(s, isJSSpace), true, nil
	case "trimEnd", "trimRight":
		return strings.TrimRightFunc(s, isJSSpace), true, nil
	case "includes":
		if _, isRe := a0.(*regex); isRe {
			return nil, true, typeErrorf("First argument to String.prototype.includes must not be a regular expression")
		}
		from := clampIndex(arg(args, 1), strLen(s), 0)
		return strIndexOf(s, toString(a0), from) >= 0, true, nil
	case "startsWith":
		sub := toString(a0)
		pos := clampIndex(arg(args, 1), strLen(s), 0)
		n := strLen(s)
		sl := strLen(sub)
		if pos+sl > n {
			return false, true, nil
		}
		return strSlice(s, pos, pos+sl) == sub, true, nil
	case "endsWith":
		sub := toString(a0)
		n := strLen(s)
		end := clampIndex(arg(args, 1), n, n)
		sl := strLen(sub)
		if end-sl < 0 {
			return false, true, nil
		}
		return strSlice(s, end-sl, end) == sub, true, nil
	case "indexOf":
		return float64(strIndexOf(s, toString(a0), clampIndex(arg(args, 1), strLen(s), 0))), true, nil
	case "lastIndexOf":
		n := strLen(s)
		from := n
		if f := toNumber(arg(args, 1)); !math.IsNaN(f) {
			from = clampIndex(f, n, n)
		}
		return float64(strLastIndexOf(s, toString(a0), from)), true, nil
	case "search":
		r, err := toRegex(a0)
		if err != nil {
			return nil, true, err
		}
		ms, err := r.findAll(s, 1)
		if err != nil || len(ms) == 0 {
			return -1.0, true, err
		}
		return float64(ms[0].index), true, nil
	case "slice":
		n := strLen(s)
		i, j := relIndex(a0, n, 0), relIndex(arg(args, 1), n, n)
		if i >= j {
			return "", true, nil
		}
		return strSlice(s, i, j), true, nil
	case "substring":
		n := strLen(s)
		i, j := clampIndex(a0, n, 0), clampIndex(arg(args, 1), n, n)
		if i > j {
			i, j = j, i
		}
		return strSlice(s, i, j), true, nil
	case "substr":
		n := strLen(s)
		i := relIndex(a0, n, 0)
		l := n - i
		if !isNullish(arg(args, 1)) {
			l = int(math.Min(math.Max(toInteger(arg(args, 1)), 0), float64(n-i)))
		}
		if l <= 0 {
			return "", true, nil
		}
		return strSlice(s, i, i+l), true, nil
	case "charAt":
		i := toInteger(a0)
		if i < 0 || i >= float64(strLen(s)) {
			return "", true, nil
		}
		return charAt(s, int(i)), true, nil
	case "charCodeAt", "codePointAt":
		i := toInteger(a0)
		u := u16(s)
		if i < 0 || i >= float64(len(u)) {
			if name == "codePointAt" {
				return undef, true, nil
			}
			return math.NaN(), true, nil
		}
		if j := int(i); name == "codePointAt" && u[j] >= 0xD800 && u[j] < 0xDC00 && j+1 < len(u) && u[j+1] >= 0xDC00 && u[j+1] < 0xE000 {
			return float64(utf16.DecodeRune(rune(u[j]), rune(u[j+1]))), true, nil
		}
		return float64(u[int(i)]), true, nil
	case "at":
		n := strLen(s)
		i := int(toInteger(a0))
		if i < 0 {
			i += n
		}
		if i < 0 || i >= n {
			return undef, true, nil
		}
		return charAt(s, i), true, nil
	case "split":
		if err := st.stepN(len(s) >> 10); err != nil {
			return nil, true, err
		}
		v, found, err := splitString(s, a0, arg(args, 1))
		if a, ok := v.([]any); ok && len(a) > maxArrayLen {
			return nil, true, typeErrorf("Invalid array length")
		}
		return v, found, err
	case "replace", "replaceAll":
		if r, ok := a0.(*regex); ok {
			if name == "replaceAll" && !r.global {
				return nil, true, typeErrorf("replaceAll must be called with a global RegExp")
			}
			v, err := r.replace(st, s, arg(args, 1), name == "replaceAll")
			return v, true, err
		}
		pat := toString(a0)
		ms, err := stringMatches(st, s, pat, name == "replaceAll")
		if err != nil {
			return nil, true, err
		}
		v, err := replaceMatches(st, s, ms, arg(args, 1))
		return v, true, err
	case "match":
		r, err := toRegex(a0)
		if err != nil {
			return nil, true, err
		}
		v, err := r.matchString(st, s)
		return v, true, err
	case "matchAll":
		r, err := toRegex(a0)
		if err != nil {
			return nil, true, err
		}
		ms, err := r.findAll(s, 0)
		if err != nil {
			return nil, true, err
		}
		out := make([]any, len(ms))
		for i, m := range ms {
			out[i] = execArray(st, m, s)
		}
		return out, true, nil
	case "concat":
		var b strings.Builder
		b.WriteString(s)
		for _, a := range args {
			b.WriteString(toString(a))
		}
		return b.String(), true, nil
	case "repeat":
		n := toInteger(a0)
		if n < 0 || math.IsInf(n, 0) {
			return nil, true, typeErrorf("Invalid count value: " + toString(a0))
		}
		if float64(len(s))*n > maxStringLen {
			return nil, true, typeErrorf("Invalid string length")
		}
		if err := st.stepN(len(s) * int(n) >> 10); err != nil {
			return nil, true, err
		}
		return strings.Repeat(s, int(n)), true, nil
	case "padStart", "padEnd":
		target := int(toInteger(a0))
		fill := " "
		if !isNullish(arg(args, 1)) {
			fill = toString(arg(args, 1))
		}
		n := strLen(s)
		if target <= n || fill == "" {
			return s, true, nil
		}
		if target > maxStringLen {
			return nil, true, typeErrorf("Invalid string length")
		}
		fu := u16(fill)
		pad := make([]uint16, 0, target-n)
		for len(pad) < target-n {
			pad = append(pad, fu[len(pad)%len(fu)])
		}
		if name == "padStart" {
			return fromU16(pad) + s, true, nil
		}
		return s + fromU16(pad), true, nil
	case "toString", "valueOf":
		return s, true, nil
	case "normalize":
		form := "NFC"
		if !data.IsUndefined(a0) {
			form = toString(a0)
		}
		f, ok := map[string]norm.Form{"NFC": norm.NFC, "NFD": norm.NFD, "NFKC": norm.NFKC, "NFKD": norm.NFKD}[form]
		if !ok {
			return nil, true, &Error{Message: "The normalization form should be one of NFC, NFD, NFKC, NFKD."}
		}
		return f.String(s), true, nil
	case "localeCompare":
		return float64(compareUTF16(s, toString(a0))), true, nil
	}
	return nil, false, nil
}

func toRegex(v any) (*regex, error) {
	if r, ok := v.(*regex); ok {
		return r, nil
	}
	pat := "(?:)"
	if !data_isUndef(v) {
		pat = regexp.QuoteMeta(toString(v))
	}
	r, err := newRegex(pat, "")
	if err != nil {
		return nil, typeErrorf(err.Error())
	}
	return r, nil
}

func data_isUndef(v any) bool { return isNullish(v) && v != nil }

func splitString(s string, sep, limitV any) (any, bool, error) {
	limit := -1
	if !isNullish(limitV) {
		limit = int(toUint32(limitV))
	}
	var parts []any
	switch x := sep.(type) {
	case *regex:
		ms, err := x.findAll(s, 0)
		if err != nil {
			return nil, true, err
		}
		u := u16(s)
		last := 0
		if len(u) == 0 {
			if len(ms) > 0 {
				return []any{}, true, nil
			}
			return []any{""}, true, nil
		}
		for _, m := range ms {
			if m.end == m.index && (m.index == 0 || m.index >= len(u)) {
				continue
			}
			if m.end == last && m.index == last && last != 0 {
				continue
			}
			parts = append(parts, fromU16(u[last:m.index]))
			parts = append(parts, m.groups[1:]...)
			last = m.end
		}
		parts = append(parts, fromU16(u[last:]))
	default:
		if data_isUndef(sep) {
			parts = []any{s}
			break
		}
		sp := toString(sep)
		if sp == "" {
			u := u16(s)
			parts = make([]any, len(u))
			for i := range u {
				parts[i] = fromU16(u[i : i+1])
			}
			break
		}
		// Pieces are cut straight into a slice of the final size: no
		// []string in between, no growing.
		n := strings.Count(s, sp) + 1
		if limit >= 0 && limit < n {
			n = limit
		}
		parts = make([]any, 0, n)
		for len(parts) < n {
			i := strings.Index(s, sp)
			if i < 0 {
				parts = append(parts, s)
				break
			}
			parts = append(parts, s[:i])
			s = s[i+len(sp):]
		}
	}
	if parts == nil {
		parts = []any{}
	}
	if limit >= 0 && limit < len(parts) {
		parts = parts[:limit]
	}
	return parts, true, nil
}

// titleCase follows the title-case package: capitalise the first letter of
// each word, leaving small words after the first and other letters alone.
func titleCase(s string) string {
	small := map[string]bool{"a": true, "an": true, "and": true, "as": true, "at": true, "because": true, "but": true,
		"by": true, "en": true, "for": true, "if": true, "in": true, "neither": true, "nor": true, "of": true, "on": true,
		"only": true, "or": true, "over": true, "per": true, "so": true, "some": true, "that": true, "than": true,
		"the": true, "to": true, "up": true, "upon": true, "v": true, "versus": true, "via": true, "vs": true,
		"when": true, "with": true, "without": true, "yet": true}
	words := strings.SplitAfter(s, " ")
	for i, w := range words {
		core := strings.TrimSpace(w)
		if core == "" {
			continue
		}
		if i > 0 && small[strings.ToLower(core)] {
			continue
		}
		r := []rune(w)
		for k, c := range r {
			if unicode.IsLetter(c) {
				r[k] = unicode.ToUpper(c)
				break
			}
		}
		words[i] = string(r)
	}
	return strings.Join(words, "")
}

func sentenceCase(s string) string {
	r := []rune(strings.ToLower(s))
	capNext := true
	for i, c := range r {
		if capNext && unicode.IsLetter(c) {
			r[i] = unicode.ToUpper(c)
			capNext = false
		}
		if c == '.' || c == '!' || c == '?' {
			capNext = true
		}
	}
	return string(r)
}

var translit = map[rune]string{
	'ä': "a", 'ö': "o", 'ü': "u", 'Ä': "A", 'Ö': "O", 'Ü': "U", 'ß': "ss", 'é': "e", 'è': "e", 'ê': "e", 'ë': "e",
	'á': "a", 'à': "a", 'â': "a", 'ã': "a", 'å': "a", 'æ': "ae", 'ç': "c", 'í': "i", 'ì': "i", 'î': "i", 'ï': "i",
	'ñ': "n", 'ó': "o", 'ò': "o", 'ô': "o", 'õ': "o", 'ø': "o", 'ú': "u", 'ù': "u", 'û': "u", 'ý': "y", 'ÿ': "y",
	'É': "E", 'È': "E", 'Ê': "E", 'Á': "A", 'À': "A", 'Â': "A", 'Ç': "C", 'Í': "I", 'Ñ': "N", 'Ó': "O", 'Ú': "U",
	'Å': "A", 'Æ': "AE", 'Ø': "O", 'œ': "oe", 'Œ': "OE", 'ł': "l", 'Ł': "L", 'ś': "s", 'ż': "z", 'ź': "z", 'ć': "c",
	'ń': "n", 'ę': "e", 'ą': "a", 'č': "c", 'š': "s", 'ž': "z", 'ř': "r", 'ě': "e", 'ů': "u",
}

func transliterate(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 128 {
			b.WriteRune(r)
		} else if t, ok := translit[r]; ok {
			b.WriteString(t)
		} else {
			b.WriteByte('?')
		}
	}
	return b.String()
}

func removeMarkdown(s string) string {
	steps := []struct{ re, repl, flags string }{
		{`^([\s\t]*)([*\-+]|\d\.)\s+`, "$1", "gm"},
		{`\n={2,}`, "\n", "g"}, {`~~`, "", "g"}, {"`{3}.*\\n", "", "g"},
		{`<[\w|\s|=|'|"|:|(|)|,|;|/|0-9|.|-]+[>|\\>]`, "", "g"},
		{`^[=-]{2,}\s*$`, "", "g"}, {`\[\^.+?\](: .*?$)?`, "", "g"}, {`\s{0,2}\[.*?\]: .*?$`, "", "g"},
		{`!\[.*?\][[(].*?[\])]`, "", "g"}, {`\[(.*?)\][[(].*?[\])]`, "$1", "g"}, {`>`, "", "g"},
		{`^\s{1,2}\[(.*?)\]: (\S+)( ".*?")?\s*$`, "", "g"}, {`^#{1,6}\s*([^#]*)\s*(#{1,6})?`, "$1", "gm"},
		{`([*_]{1,3})(\S.*?\S)\1`, "$2", "g"}, {"(`{3,})(.*?)\\1", "$2", "gm"}, {`^-{3,}\s*$`, "", "g"},
		{"`(.+?)`", "$1", "g"}, {`\n{2,}`, "\n\n", "g"},
	}
	out := s
	for _, st := range steps {
		r, err := newRegex(st.re, st.flags)
		if err != nil {
			return s
		}
		v, err := r.replace(nil, out, st.repl, false)
		if err != nil {
			return s
		}
		out = v.(string)
	}
	return out
}
