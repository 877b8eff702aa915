package googledrive

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
)

// cond is a compiled q expression.
type cond func(f *File) bool

type qParser struct {
	toks []string
	pos  int
	s    *Server
}

// compileQ parses Drive's q syntax (the subset: name, mimeType, fullText,
// trashed, starred, parents with 'x' in parents, =, !=, contains, <, >,
// and/or/not, parentheses). An error is Drive's 400 "Invalid Value".
func (s *Server) compileQ(q string) (cond, error) {
	if strings.TrimSpace(q) == "" {
		return func(*File) bool { return true }, nil
	}
	toks, err := lexQ(q)
	if err != nil {
		return nil, err
	}
	p := &qParser{toks: toks, s: s}
	c, err := p.or()
	if err != nil {
		return nil, err
	}
	if p.pos != len(p.toks) {
		return nil, fmt.Errorf("unexpected %q", p.toks[p.pos])
	}
	return c, nil
}

func lexQ(q string) ([]string, error) {
	var out []string
	for i := 0; i < len(q); {
		c := q[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n':
			i++
		case c == '(' || c == ')':
			out = append(out, string(c))
			i++
		case c == '\'':
			var b strings.Builder
			b.WriteByte('\'')
			i++
			for i < len(q) && q[i] != '\'' {
				if q[i] == '\\' && i+1 < len(q) {
					i++
				}
				b.WriteByte(q[i])
				i++
			}
			if i >= len(q) {
				return nil, fmt.Errorf("unterminated string")
			}
			i++
			out = append(out, b.String())
		case c == '!' || c == '<' || c == '>' || c == '=':
			j := i + 1
			if j < len(q) && q[j] == '=' {
				j++
			}
			out = append(out, q[i:j])
			i = j
		default:
			j := i
			for j < len(q) && !unicode.IsSpace(rune(q[j])) && !strings.ContainsRune("()'=!<>", rune(q[j])) {
				j++
			}
			out = append(out, q[i:j])
			i = j
		}
	}
	return out, nil
}

func (p *qParser) peek() string {
	if p.pos < len(p.toks) {
		return p.toks[p.pos]
	}
	return ""
}

func (p *qParser) next() string { t := p.peek(); p.pos++; return t }

func (p *qParser) or() (cond, error) {
	l, err := p.and()
	if err != nil {
		return nil, err
	}
	for strings.EqualFold(p.peek(), "or") {
		p.next()
		r, err := p.and()
		if err != nil {
			return nil, err
		}
		a, b := l, r
		l = func(f *File) bool { return a(f) || b(f) }
	}
	return l, nil
}

func (p *qParser) and() (cond, error) {
	l, err := p.not()
	if err != nil {
		return nil, err
	}
	for strings.EqualFold(p.peek(), "and") {
		p.next()
		r, err := p.not()
		if err != nil {
			return nil, err
		}
		a, b := l, r
		l = func(f *File) bool { return a(f) && b(f) }
	}
	return l, nil
}

func (p *qParser) not() (cond, error) {
	if strings.EqualFold(p.peek(), "not") {
		p.next()
		c, err := p.not()
		if err != nil {
			return nil, err
		}
		return func(f *File) bool { return !c(f) }, nil
	}
	if p.peek() == "(" {
		p.next()
		c, err := p.or()
		if err != nil {
			return nil, err
		}
		if p.next() != ")" {
			return nil, fmt.Errorf("missing )")
		}
		return c, nil
	}
	return p.term()
}

func (p *qParser) term() (cond, error) {
	a := p.next()
	if strings.HasPrefix(a, "'") {
		// 'value' in parents
		if !strings.EqualFold(p.next(), "in") {
			return nil, fmt.Errorf("expected in")
		}
		fieldName := p.next()
		v := a[1:]
		if fieldName != "parents" {
			return func(*File) bool { return true }, nil
		}
		id := p.s.resolveParent(v)
		return func(f *File) bool { return slices.Contains(f.Parents, id) }, nil
	}
	op := strings.ToLower(p.next())
	raw := p.next()
	if raw == "" {
		return nil, fmt.Errorf("missing value")
	}
	val := strings.TrimPrefix(raw, "'")
	isStr := strings.HasPrefix(raw, "'")
	get := func(f *File) (string, bool) {
		switch a {
		case "name":
			return f.Name, true
		case "mimeType":
			return f.MimeType, true
		case "fullText":
			return f.Name + " " + f.Description + " " + string(f.Content), true
		case "trashed":
			return fmt.Sprint(f.Trashed), true
		case "starred":
			return fmt.Sprint(f.Starred), true
		case "modifiedTime":
			return f.ModifiedTime, true
		case "createdTime":
			return f.CreatedTime, true
		case "description":
			return f.Description, true
		}
		return "", false
	}
	_ = isStr
	return func(f *File) bool {
		v, ok := get(f)
		if !ok {
			return true
		}
		if a == "modifiedTime" || a == "createdTime" {
			// Times compare as instants, not as text.
			if tv, err1 := time.Parse(time.RFC3339Nano, v); err1 == nil {
				if tw, err2 := time.Parse(time.RFC3339Nano, val); err2 == nil {
					v, val = tv.UTC().Format(timeKey), tw.UTC().Format(timeKey)
				}
			}
		}
		switch op {
		case "=":
			return v == val
		case "!=":
			return v != val
		case "contains":
			if a == "name" {
				return strings.Contains(strings.ToLower(v), strings.ToLower(val))
			}
			return strings.Contains(strings.ToLower(v), strings.ToLower(val))
		case "<":
			return v < val
		case "<=":
			return v <= val
		case ">":
			return v > val
		case ">=":
			return v >= val
		}
		return false
	}, nil
}

// timeKey formats instants so that text order is time order.
const timeKey = "2006-01-02T15:04:05.000000000Z"
