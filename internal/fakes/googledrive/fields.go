package googledrive

import (
	"bytes"
	"encoding/json"
	"strings"
)

// ordered is a JSON object written in its fields' order.
type ordered []field

func (o ordered) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, f := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(f.key)
		b.Write(k)
		b.WriteByte(':')
		v, err := json.Marshal(f.value)
		if err != nil {
			return nil, err
		}
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// selector is a parsed fields parameter: nil selects everything ("*").
// Keys keep the parameter's order, which is the answer's order.
type selector struct {
	keys []string
	subs map[string]*selector
}

func (s *selector) add(k string, sub *selector) {
	if _, ok := s.subs[k]; !ok {
		s.keys = append(s.keys, k)
	}
	s.subs[k] = sub
}

func (s *selector) has(k string) bool {
	_, ok := s.subs[k]
	return ok
}

// parseFields reads "a, b(c, d), e/f" (a path a/b is read as a(b)).
func parseFields(s string) *selector {
	s = strings.TrimSpace(s)
	if s == "" || s == "*" {
		return nil
	}
	sel, _ := parseList(s, 0)
	if sel.has("*") {
		return nil
	}
	return sel
}

func parseList(s string, i int) (*selector, int) {
	sel := &selector{subs: map[string]*selector{}}
	name := ""
	flush := func(sub *selector) {
		n := strings.TrimSpace(name)
		name = ""
		if n == "" {
			return
		}
		if parts := strings.SplitN(n, "/", 2); len(parts) == 2 {
			sel.add(parts[0], parseFields(parts[1]))
			return
		}
		sel.add(n, sub)
	}
	for i < len(s) {
		switch c := s[i]; c {
		case ',':
			flush(nil)
			i++
		case '(':
			sub, j := parseList(s, i+1)
			if sub.has("*") {
				sub = nil
			}
			flush(sub)
			i = j
		case ')':
			flush(nil)
			return sel, i + 1
		default:
			name += string(c)
			i++
		}
	}
	flush(nil)
	return sel, i
}

// pick keeps the fields sel names, in sel's order (all of them, in the
// resource's order, for a nil selector).
func pick(all []field, sel *selector) ordered {
	if sel == nil {
		return ordered(all)
	}
	var out ordered
	for _, k := range sel.keys {
		for _, f := range all {
			if f.key == k {
				out = append(out, f)
				break
			}
		}
	}
	return out
}

// defaultFields is what a file answer holds without a fields parameter.
var defaultFields = parseFields("kind,id,name,mimeType")
