package expression

import (
	"fmt"
	"strings"
	"time"

	"github.com/dlclark/regexp2"
	"github.com/n8n-go/n8n-go/engine/data"
)

// regex is a JavaScript RegExp, run by regexp2 in ECMAScript mode. Values are
// immutable (no lastIndex state), so a literal compiled once can be shared.
type regex struct {
	source string
	flags  string
	re     *regexp2.Regexp
	global bool
	sticky bool
}

func newRegex(pattern, flags string) (*regex, error) {
	opts := regexp2.RegexOptions(regexp2.ECMAScript)
	r := &regex{source: pattern, flags: flags}
	for _, f := range flags {
		switch f {
		case 'g':
			r.global = true
		case 'i':
			opts |= regexp2.IgnoreCase
		case 'm':
			opts |= regexp2.Multiline
		case 's':
			opts |= regexp2.Singleline
		case 'u':
			// regexp2's ECMAScript mode works on runes already.
		case 'y':
			r.sticky = true
		case 'd':
		default:
			return nil, fmt.Errorf("Invalid regular expression flags '%s'", flags)
		}
	}
	if r.source == "" {
		r.source = "(?:)"
	}
	// regexp2's ECMAScript mode rejects some syntax JavaScript accepts
	// (\p{…} with the u flag, named groups); fall back to its default
	// dialect for those.
	re, err := regexp2.Compile(pattern, opts)
	if err != nil {
		re2, err2 := regexp2.Compile(pattern, opts&^regexp2.ECMAScript)
		if err2 != nil {
			return nil, fmt.Errorf("unsupported regular expression /%s/%s: %v", pattern, flags, err)
		}
		re = re2
	}
	re.MatchTimeout = 2 * time.Second
	r.re = re
	return r, nil
}

func (r *regex) jsString() string { return "/" + r.source + "/" + r.flags }

// regexMatch is one match with UTF-16 based indexes.
type regexMatch struct {
	groups []any // full match first; undefined for unmatched groups
	index  int   // UTF-16 index of the match
	named  *data.Object
	end    int // UTF-16 index after the match
}

// runeToU16 converts rune offsets (regexp2 works on runes) to UTF-16 offsets.
func runeToU16(runes []rune, i int) int {
	n := 0
	for k := 0; k < i && k < len(runes); k++ {
		if runes[k] >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

func (r *regex) findAll(s string, limit int) ([]regexMatch, error) {
	runes := []rune(s)
	var out []regexMatch
	// Matches come in order: rune offsets are turned into UTF-16 offsets
	// from the previous match on, keeping the whole scan linear.
	var pos runePos
	m, err := r.re.FindRunesMatch(runes)
	for m != nil && err == nil {
		out = append(out, r.convert(runes, m, &pos))
		if limit > 0 && len(out) >= limit {
			break
		}
		m, err = r.re.FindNextMatch(m)
	}
	if err != nil {
		return nil, matchError(err)
	}
	return out, nil
}

// matchError turns a regexp2 failure into the evaluation's error: a match
// that ran out of time must fail the expression, not read as "no match".
func matchError(err error) error {
	if strings.Contains(err.Error(), "timeout") {
		return &limitError{&Error{Message: "Regular expression took too long: " + err.Error()}}
	}
	return typeErrorf(err.Error())
}

// runePos is a position in a rune slice with its UTF-16 offset.
type runePos struct{ rune, u16 int }

// advance moves p forward to rune offset i (never backward) and returns
// its UTF-16 offset.
func (p *runePos) advance(runes []rune, i int) int {
	if i < p.rune {
		*p = runePos{}
	}
	p.u16 += runeToU16(runes[p.rune:], i-p.rune)
	p.rune = i
	return p.u16
}

func (r *regex) convert(runes []rune, m *regexp2.Match, pos *runePos) regexMatch {
	gs := m.Groups()
	rm := regexMatch{index: pos.advance(runes, m.Index)}
	rm.end = rm.index + runeToU16(runes[m.Index:], m.Length)
	for i, g := range gs {
		if len(g.Captures) == 0 {
			rm.groups = append(rm.groups, undef)
		} else {
			rm.groups = append(rm.groups, g.String())
		}
		if i > 0 && g.Name != "" && (g.Name[0] < '0' || g.Name[0] > '9') {
			if rm.named == nil {
				rm.named = data.NewObject(2)
			}
			rm.named.Set(g.Name, rm.groups[i])
		}
	}
	return rm
}

func (r *regex) test(s string) (bool, error) {
	ok, err := r.re.MatchString(s)
	if err != nil {
		return false, matchError(err)
	}
	return ok, nil
}

// execArray builds the array String.prototype.match / RegExp.exec return,
// with its index, input and groups kept beside it in the evaluation.
func execArray(st *state, m regexMatch, input string) []any {
	arr := append([]any(nil), m.groups...)
	if st != nil && len(arr) > 0 {
		x := st.extra()
		if x.matches == nil {
			x.matches = make(map[*any]*matchMeta)
		}
		meta := &matchMeta{index: float64(m.index), input: input, groups: undef}
		if m.named != nil {
			meta.groups = m.named
		}
		x.matches[&arr[0]] = meta
	}
	return arr
}

// matchMeta is what a match array has besides its elements.
type matchMeta struct {
	index  float64
	input  string
	groups any // *data.Object of named groups, or undefined
}

// matchProps are the property names lowered to __getm.
var matchProps = map[string]bool{"index": true, "input": true, "groups": true}

// matchMember reads index, input or groups: of a match array this
// evaluation made, else as any other property.
func (s *state) matchMember(obj any, key string) (any, error) {
	if arr, ok := obj.([]any); ok && len(arr) > 0 && s.x != nil && s.x.matches != nil {
		if m := s.x.matches[&arr[0]]; m != nil {
			switch key {
			case "index":
				return m.index, nil
			case "input":
				return m.input, nil
			default:
				return m.groups, nil
			}
		}
	}
	return getMember(obj, key)
}

// matchString is s.match(r).
func (r *regex) matchString(st *state, s string) (any, error) {
	if r.global {
		ms, err := r.findAll(s, 0)
		if err != nil {
			return nil, err
		}
		if len(ms) == 0 {
			return nil, nil
		}
		out := make([]any, len(ms))
		for i, m := range ms {
			out[i] = m.groups[0]
		}
		return out, nil
	}
	ms, err := r.findAll(s, 1)
	if err != nil {
		return nil, err
	}
	if len(ms) == 0 {
		return nil, nil
	}
	return execArray(st, ms[0], s), nil
}

// replace is s.replace(r, repl) / replaceAll.
func (r *regex) replace(st *state, s string, repl any, all bool) (any, error) {
	limit := 1
	if all || r.global {
		limit = 0
	}
	ms, err := r.findAll(s, limit)
	if err != nil {
		return nil, err
	}
	return replaceMatches(st, s, ms, repl)
}

func replaceMatches(st *state, s string, ms []regexMatch, repl any) (any, error) {
	u := u16(s)
	var b strings.Builder
	last := 0
	for _, m := range ms {
		b.WriteString(fromU16(u[last:m.index]))
		if isCallable(repl) {
			args := append([]any(nil), m.groups...)
			args = append(args, float64(m.index), s)
			if m.named != nil {
				args = append(args, m.named)
			}
			v, err := callFunction(st, repl, undef, args)
			if err != nil {
				return nil, err
			}
			b.WriteString(toString(v))
		} else {
			b.WriteString(expandReplacement(toString(repl), m, u))
		}
		last = m.end
	}
	b.WriteString(fromU16(u[last:]))
	return b.String(), nil
}

// expandReplacement applies $&, $1, $<name>, $$, $` and $' patterns.
func expandReplacement(tpl string, m regexMatch, u []uint16) string {
	if !strings.Contains(tpl, "$") {
		return tpl
	}
	var b strings.Builder
	for i := 0; i < len(tpl); i++ {
		c := tpl[i]
		if c != '$' || i+1 >= len(tpl) {
			b.WriteByte(c)
			continue
		}
		n := tpl[i+1]
		switch {
		case n == '$':
			b.WriteByte('$')
			i++
		case n == '&':
			b.WriteString(toStringOrEmpty(m.groups[0]))
			i++
		case n == '`':
			b.WriteString(fromU16(u[:m.index]))
			i++
		case n == '\'':
			b.WriteString(fromU16(u[m.end:]))
			i++
		case n >= '0' && n <= '9':
			idx := int(n - '0')
			adv := 1
			if i+2 < len(tpl) && tpl[i+2] >= '0' && tpl[i+2] <= '9' {
				two := idx*10 + int(tpl[i+2]-'0')
				if two > 0 && two < len(m.groups) {
					idx, adv = two, 2
				}
			}
			if idx == 0 || idx >= len(m.groups) {
				b.WriteByte('$')
				continue
			}
			b.WriteString(toStringOrEmpty(m.groups[idx]))
			i += adv
		case n == '<' && m.named != nil:
			end := strings.IndexByte(tpl[i:], '>')
			if end < 0 {
				b.WriteByte('$')
				continue
			}
			b.WriteString(toStringOrEmpty(m.named.Value(tpl[i+2 : i+end])))
			i += end
		default:
			b.WriteByte('$')
		}
	}
	return b.String()
}

func toStringOrEmpty(v any) string {
	if isNullish(v) {
		return ""
	}
	return toString(v)
}

func (r *regex) get(key string) (any, error) {
	switch key {
	case "source":
		return r.source, nil
	case "flags":
		return r.flags, nil
	case "global":
		return r.global, nil
	case "ignoreCase":
		return strings.Contains(r.flags, "i"), nil
	case "multiline":
		return strings.Contains(r.flags, "m"), nil
	case "lastIndex":
		return 0.0, nil
	}
	return undef, nil
}

func (r *regex) method(st *state, name string, args []any) (any, bool, error) {
	switch name {
	case "test":
		ok, err := r.test(toString(arg(args, 0)))
		return ok, true, err
	case "exec":
		s := toString(arg(args, 0))
		ms, err := r.findAll(s, 1)
		if err != nil || len(ms) == 0 {
			return nil, true, err
		}
		return execArray(st, ms[0], s), true, nil
	case "toString":
		return r.jsString(), true, nil
	}
	return nil, false, nil
}

// stringMatches finds pat in s for String.prototype.replace (first match)
// and replaceAll (every match), with UTF-16 indexes. It scans the bytes
// once and converts offsets as it goes, so long strings stay linear.
func stringMatches(st *state, s, pat string, all bool) ([]regexMatch, error) {
	pl := strLen(pat)
	if pat == "" {
		// An empty pattern matches before every code unit and at the end.
		n := strLen(s)
		if !all {
			n = 0
		}
		ms := make([]regexMatch, 0, n+1)
		for i := 0; i <= n; i++ {
			if err := st.step(); err != nil {
				return nil, err
			}
			ms = append(ms, regexMatch{groups: []any{""}, index: i, end: i})
		}
		return ms, nil
	}
	var ms []regexMatch
	byteAt, unitAt := 0, 0 // a byte offset of s and its UTF-16 offset
	for from := 0; from <= len(s); {
		i := strings.Index(s[from:], pat)
		if i < 0 {
			break
		}
		i += from
		unitAt += strLen(s[byteAt:i])
		byteAt = i
		ms = append(ms, regexMatch{groups: []any{pat}, index: unitAt, end: unitAt + pl})
		if !all {
			break
		}
		if len(ms)&1023 == 0 {
			if err := st.step(); err != nil {
				return nil, err
			}
		}
		from = i + len(pat)
	}
	return ms, nil
}
