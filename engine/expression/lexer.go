package expression

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// tokKind classifies a token of the JavaScript subset.
type tokKind uint8

const (
	tEOF tokKind = iota
	tNum
	tStr
	tTemplate
	tRegex
	tIdent
	tPunct
)

// token is one lexeme. For templates, quasis holds the cooked text parts and
// subs the source of each ${…} substitution (with its offset in src).
type token struct {
	kind  tokKind
	pos   int
	text  string // identifier name, punctuator, raw regex body
	num   float64
	str   string // cooked string value; regex flags
	quasi []string
	subs  []string
	subAt []int
}

// lexer turns source into tokens on demand. It needs the previous token to
// tell a regex literal from a division, as JavaScript parsers do.
type lexer struct {
	src  string
	pos  int
	prev *token
	// depth is the template-literal nesting of src (see limits.go).
	depth int
}

// syntaxErr is a parse failure; Eval reports it as n8n's "invalid syntax".
type syntaxErr struct {
	pos int
	msg string
}

func (e *syntaxErr) Error() string { return e.msg }

func (l *lexer) fail(pos int, format string) {
	panic(&syntaxErr{pos: pos, msg: format})
}

var puncts = []string{
	">>>=", "...", "===", "!==", "**=", "<<=", ">>=", ">>>",
	"=>", "==", "!=", "<=", ">=", "&&", "||", "??", "?.", "++", "--", "**", "<<", ">>",
	"+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=",
	"{", "}", "(", ")", "[", "]", ";", ",", "<", ">", "+", "-", "*", "/", "%",
	"&", "|", "^", "!", "~", "?", ":", "=", ".", "#", "@",
}

func isIdentStart(r rune) bool {
	return r == '$' || r == '_' || unicode.IsLetter(r)
}

func isIdentPart(r rune) bool {
	return isIdentStart(r) || unicode.IsDigit(r) || r == '\u200c' || r == '\u200d' || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r) || unicode.Is(unicode.Pc, r)
}

// regexAllowed reports whether a '/' at this point starts a regex literal.
func (l *lexer) regexAllowed() bool {
	p := l.prev
	if p == nil {
		return true
	}
	switch p.kind {
	case tNum, tStr, tTemplate, tRegex:
		return false
	case tIdent:
		switch p.text {
		case "return", "typeof", "void", "delete", "in", "instanceof", "new", "case", "of":
			return true
		}
		return false
	case tPunct:
		switch p.text {
		case ")", "]", "}":
			return false
		}
	}
	return true
}

func (l *lexer) skipSpace() {
	for l.pos < len(l.src) {
		c := l.src[l.pos]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f':
			l.pos++
		case c == '/' && l.pos+1 < len(l.src) && l.src[l.pos+1] == '/':
			for l.pos < len(l.src) && l.src[l.pos] != '\n' {
				l.pos++
			}
		case c == '/' && l.pos+1 < len(l.src) && l.src[l.pos+1] == '*':
			end := strings.Index(l.src[l.pos+2:], "*/")
			if end < 0 {
				l.fail(l.pos, "unterminated comment")
			}
			l.pos += end + 4
		case c >= 0x80:
			r, n := utf8.DecodeRuneInString(l.src[l.pos:])
			if r == '\u00a0' || r == '\ufeff' || r == '\u2028' || r == '\u2029' || unicode.Is(unicode.Zs, r) {
				l.pos += n
				continue
			}
			return
		default:
			return
		}
	}
}

func (l *lexer) next() token {
	t := l.scan()
	l.prev = &t
	return t
}

func (l *lexer) scan() token {
	l.skipSpace()
	start := l.pos
	if l.pos >= len(l.src) {
		return token{kind: tEOF, pos: start}
	}
	c := l.src[l.pos]
	r, n := utf8.DecodeRuneInString(l.src[l.pos:])
	switch {
	case isIdentStart(r) || c == '\\':
		for l.pos < len(l.src) {
			r, n = utf8.DecodeRuneInString(l.src[l.pos:])
			if !isIdentPart(r) {
				break
			}
			l.pos += n
		}
		if l.pos == start {
			l.fail(start, "unexpected character")
		}
		return token{kind: tIdent, pos: start, text: l.src[start:l.pos]}
	case c >= '0' && c <= '9' || c == '.' && l.pos+1 < len(l.src) && l.src[l.pos+1] >= '0' && l.src[l.pos+1] <= '9':
		return l.number()
	case c == '"' || c == '\'':
		return token{kind: tStr, pos: start, str: l.string(c)}
	case c == '`':
		return l.template()
	case c == '/' && l.regexAllowed():
		return l.regex()
	}
	_ = n
	for _, p := range puncts {
		if strings.HasPrefix(l.src[l.pos:], p) {
			// "?." followed by a digit is a conditional operator and a number.
			if p == "?." && l.pos+2 < len(l.src) && l.src[l.pos+2] >= '0' && l.src[l.pos+2] <= '9' {
				continue
			}
			l.pos += len(p)
			return token{kind: tPunct, pos: start, text: p}
		}
	}
	l.fail(start, "unexpected character")
	return token{}
}

func (l *lexer) number() token {
	start := l.pos
	s := l.src
	if s[l.pos] == '0' && l.pos+1 < len(s) {
		base := 0
		switch s[l.pos+1] {
		case 'x', 'X':
			base = 16
		case 'o', 'O':
			base = 8
		case 'b', 'B':
			base = 2
		}
		if base != 0 {
			l.pos += 2
			ds := l.pos
			for l.pos < len(s) && (isHex(s[l.pos]) || s[l.pos] == '_') {
				l.pos++
			}
			digits := strings.ReplaceAll(s[ds:l.pos], "_", "")
			v, err := strconv.ParseUint(digits, base, 64)
			if err != nil {
				f, ok := parseBigInt(digits, base)
				if !ok {
					l.fail(start, "invalid number")
				}
				return token{kind: tNum, pos: start, num: f}
			}
			return token{kind: tNum, pos: start, num: float64(v)}
		}
	}
	for l.pos < len(s) && (s[l.pos] >= '0' && s[l.pos] <= '9' || s[l.pos] == '_') {
		l.pos++
	}
	if l.pos < len(s) && s[l.pos] == '.' {
		l.pos++
		for l.pos < len(s) && (s[l.pos] >= '0' && s[l.pos] <= '9' || s[l.pos] == '_') {
			l.pos++
		}
	}
	if l.pos < len(s) && (s[l.pos] == 'e' || s[l.pos] == 'E') {
		p := l.pos + 1
		if p < len(s) && (s[p] == '+' || s[p] == '-') {
			p++
		}
		if p < len(s) && s[p] >= '0' && s[p] <= '9' {
			l.pos = p
			for l.pos < len(s) && s[l.pos] >= '0' && s[l.pos] <= '9' {
				l.pos++
			}
		}
	}
	if l.pos < len(s) {
		r, _ := utf8.DecodeRuneInString(s[l.pos:])
		if isIdentStart(r) {
			l.fail(l.pos, "invalid number")
		}
	}
	text := strings.ReplaceAll(s[start:l.pos], "_", "")
	v, err := strconv.ParseFloat(text, 64)
	if err != nil && !math.IsInf(v, 0) {
		l.fail(start, "invalid number")
	}
	return token{kind: tNum, pos: start, num: v}
}

func parseBigInt(digits string, base int) (float64, bool) {
	f := 0.0
	for _, c := range digits {
		d, err := strconv.ParseUint(string(c), base, 8)
		if err != nil {
			return 0, false
		}
		f = f*float64(base) + float64(d)
	}
	return f, digits != ""
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// escape decodes one backslash escape starting after the backslash; it
// appends UTF-16 units to u so surrogate pairs written as two \u escapes join.
func (l *lexer) escape(u []uint16, inTemplate bool) []uint16 {
	s := l.src
	if l.pos >= len(s) {
		l.fail(l.pos, "unterminated string")
	}
	c := s[l.pos]
	l.pos++
	switch c {
	case 'n':
		return append(u, '\n')
	case 't':
		return append(u, '\t')
	case 'r':
		return append(u, '\r')
	case 'b':
		return append(u, '\b')
	case 'f':
		return append(u, '\f')
	case 'v':
		return append(u, '\v')
	case '0':
		if l.pos < len(s) && s[l.pos] >= '0' && s[l.pos] <= '9' {
			if inTemplate {
				l.fail(l.pos, "octal escape in template")
			}
			return append(u, uint16(s[l.pos-1]-'0'))
		}
		return append(u, 0)
	case '\r':
		if l.pos < len(s) && s[l.pos] == '\n' {
			l.pos++
		}
		return u
	case '\n':
		return u
	case 'x':
		if l.pos+2 > len(s) || !isHex(s[l.pos]) || !isHex(s[l.pos+1]) {
			l.fail(l.pos, "invalid hexadecimal escape sequence")
		}
		v, _ := strconv.ParseUint(s[l.pos:l.pos+2], 16, 16)
		l.pos += 2
		return append(u, uint16(v))
	case 'u':
		if l.pos < len(s) && s[l.pos] == '{' {
			end := strings.IndexByte(s[l.pos:], '}')
			if end < 0 {
				l.fail(l.pos, "invalid Unicode escape sequence")
			}
			v, err := strconv.ParseUint(s[l.pos+1:l.pos+end], 16, 32)
			if err != nil || v > 0x10ffff {
				l.fail(l.pos, "invalid Unicode escape sequence")
			}
			l.pos += end + 1
			return utf16.AppendRune(u, rune(v))
		}
		if l.pos+4 > len(s) {
			l.fail(l.pos, "invalid Unicode escape sequence")
		}
		v, err := strconv.ParseUint(s[l.pos:l.pos+4], 16, 16)
		if err != nil {
			l.fail(l.pos, "invalid Unicode escape sequence")
		}
		l.pos += 4
		return append(u, uint16(v))
	}
	// Any other character escapes to itself (possibly multi-byte).
	l.pos--
	r, n := utf8.DecodeRuneInString(s[l.pos:])
	l.pos += n
	return utf16.AppendRune(u, r)
}

func (l *lexer) string(q byte) string {
	start := l.pos
	l.pos++
	s := l.src
	// Fast path: no escapes.
	for i := l.pos; i < len(s); i++ {
		if s[i] == q {
			l.pos = i + 1
			return s[start+1 : i]
		}
		if s[i] == '\\' || s[i] == '\n' {
			break
		}
	}
	var u []uint16
	for {
		if l.pos >= len(s) || s[l.pos] == '\n' {
			l.fail(start, "unterminated string")
		}
		c := s[l.pos]
		if c == q {
			l.pos++
			return string(utf16.Decode(u))
		}
		if c == '\\' {
			l.pos++
			u = l.escape(u, false)
			continue
		}
		r, n := utf8.DecodeRuneInString(s[l.pos:])
		l.pos += n
		u = utf16.AppendRune(u, r)
	}
}

func (l *lexer) template() token {
	start := l.pos
	l.pos++
	s := l.src
	t := token{kind: tTemplate, pos: start}
	var u []uint16
	for {
		if l.pos >= len(s) {
			l.fail(start, "unterminated template literal")
		}
		c := s[l.pos]
		switch {
		case c == '`':
			l.pos++
			t.quasi = append(t.quasi, string(utf16.Decode(u)))
			return t
		case c == '\\':
			l.pos++
			u = l.escape(u, true)
		case c == '$' && l.pos+1 < len(s) && s[l.pos+1] == '{':
			t.quasi = append(t.quasi, string(utf16.Decode(u)))
			u = u[:0]
			l.pos += 2
			subStart := l.pos
			l.skipBalanced()
			t.subs = append(t.subs, s[subStart:l.pos])
			t.subAt = append(t.subAt, subStart)
			l.pos++ // the closing brace
		case c == '\r':
			l.pos++
			if l.pos < len(s) && s[l.pos] == '\n' {
				l.pos++
			}
			u = append(u, '\n')
		default:
			r, n := utf8.DecodeRuneInString(s[l.pos:])
			l.pos += n
			u = utf16.AppendRune(u, r)
		}
	}
}

// skipBalanced advances to the '}' that closes a template substitution,
// stepping over nested braces, strings and templates.
func (l *lexer) skipBalanced() {
	depth := 0
	if l.depth+1 > maxTemplateNesting {
		l.fail(l.pos, "template literals are nested too deeply")
	}
	sub := &lexer{src: l.src, pos: l.pos, depth: l.depth + 1}
	for {
		sub.skipSpace()
		if sub.pos >= len(sub.src) {
			l.fail(l.pos, "unterminated template literal")
		}
		c := sub.src[sub.pos]
		if c == '}' && depth == 0 {
			l.pos = sub.pos
			return
		}
		t := sub.next()
		if t.kind == tPunct {
			switch t.text {
			case "{":
				depth++
			case "}":
				depth--
			}
		}
	}
}

func (l *lexer) regex() token {
	start := l.pos
	l.pos++
	s := l.src
	inClass := false
	for {
		if l.pos >= len(s) || s[l.pos] == '\n' {
			l.fail(start, "invalid regular expression: missing /")
		}
		c := s[l.pos]
		if c == '\\' {
			l.pos += 2
			continue
		}
		if c == '[' {
			inClass = true
		} else if c == ']' {
			inClass = false
		} else if c == '/' && !inClass {
			break
		}
		l.pos++
	}
	body := s[start+1 : l.pos]
	l.pos++
	fs := l.pos
	for l.pos < len(s) && (s[l.pos] >= 'a' && s[l.pos] <= 'z') {
		l.pos++
	}
	return token{kind: tRegex, pos: start, text: body, str: s[fs:l.pos]}
}
