package airtable

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
)

// The formula language of filterByFormula, as far as filters use it:
// field references ({Name} or a bare name), string and number literals,
// = != < > <= >= & + - * /, parentheses and the functions in funcs.
// Blank values (fields Airtable leaves out) equal "", 0 and FALSE().

type token struct {
	kind string // "str", "num", "field", "ident", "op", "(", ")", ","
	text string
}

func tokenize(s string) ([]token, error) {
	var out []token
	rs := []rune(s)
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case unicode.IsSpace(r):
			i++
		case r == '"' || r == '\'':
			j := i + 1
			var b strings.Builder
			for ; j < len(rs) && rs[j] != r; j++ {
				if rs[j] == '\\' && j+1 < len(rs) {
					j++
				}
				b.WriteRune(rs[j])
			}
			if j >= len(rs) {
				return nil, fmt.Errorf("unterminated string")
			}
			out = append(out, token{"str", b.String()})
			i = j + 1
		case r == '{':
			j := i + 1
			for j < len(rs) && rs[j] != '}' {
				j++
			}
			if j >= len(rs) {
				return nil, fmt.Errorf("unterminated field reference")
			}
			out = append(out, token{"field", string(rs[i+1 : j])})
			i = j + 1
		case unicode.IsDigit(r) || (r == '.' && i+1 < len(rs) && unicode.IsDigit(rs[i+1])):
			j := i
			for j < len(rs) && (unicode.IsDigit(rs[j]) || rs[j] == '.') {
				j++
			}
			out = append(out, token{"num", string(rs[i:j])})
			i = j
		case unicode.IsLetter(r) || r == '_':
			j := i
			for j < len(rs) && (unicode.IsLetter(rs[j]) || unicode.IsDigit(rs[j]) || rs[j] == '_') {
				j++
			}
			out = append(out, token{"ident", string(rs[i:j])})
			i = j
		case r == '(' || r == ')' || r == ',':
			out = append(out, token{string(r), string(r)})
			i++
		case strings.ContainsRune("=<>!&+-*/", r):
			op := string(r)
			if i+1 < len(rs) && (op == "!" || op == "<" || op == ">") && rs[i+1] == '=' {
				op += "="
			}
			if op == "!" {
				return nil, fmt.Errorf("unexpected !")
			}
			out = append(out, token{"op", op})
			i += len(op)
		default:
			return nil, fmt.Errorf("unexpected %q", r)
		}
	}
	return out, nil
}

// expr is a parsed formula.
type expr func(rec *record) any

type parser struct {
	toks []token
	pos  int
	tbl  *Table
}

func (p *parser) peek() *token {
	if p.pos < len(p.toks) {
		return &p.toks[p.pos]
	}
	return nil
}

var precedence = map[string]int{"=": 1, "!=": 1, "<": 1, ">": 1, "<=": 1, ">=": 1, "&": 2, "+": 3, "-": 3, "*": 4, "/": 4}

// compile parses a formula against table t (unknown field names fail).
func compile(s string, t *Table) (expr, error) {
	toks, err := tokenize(s)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks, tbl: t}
	e, err := p.binary(1)
	if err != nil {
		return nil, err
	}
	if p.pos != len(toks) {
		return nil, fmt.Errorf("unexpected %q", toks[p.pos].text)
	}
	return e, nil
}

func (p *parser) binary(min int) (expr, error) {
	left, err := p.unary()
	if err != nil {
		return nil, err
	}
	for {
		t := p.peek()
		if t == nil || t.kind != "op" || precedence[t.text] < min {
			return left, nil
		}
		op := t.text
		p.pos++
		right, err := p.binary(precedence[op] + 1)
		if err != nil {
			return nil, err
		}
		l := left
		left = func(rec *record) any { return apply(op, l(rec), right(rec)) }
	}
}

func (p *parser) unary() (expr, error) {
	t := p.peek()
	if t == nil {
		return nil, fmt.Errorf("unexpected end")
	}
	p.pos++
	switch t.kind {
	case "str":
		v := t.text
		return func(*record) any { return v }, nil
	case "num":
		f, err := strconv.ParseFloat(t.text, 64)
		if err != nil {
			return nil, err
		}
		return func(*record) any { return f }, nil
	case "field":
		return p.field(t.text)
	case "op":
		if t.text == "-" {
			e, err := p.unary()
			if err != nil {
				return nil, err
			}
			return func(r *record) any { return -toNum(e(r)) }, nil
		}
	case "(":
		e, err := p.binary(1)
		if err != nil {
			return nil, err
		}
		if n := p.peek(); n == nil || n.kind != ")" {
			return nil, fmt.Errorf("missing )")
		}
		p.pos++
		return e, nil
	case "ident":
		if n := p.peek(); n != nil && n.kind == "(" {
			p.pos++
			var args []expr
			if n := p.peek(); n != nil && n.kind == ")" {
				p.pos++
			} else {
				for {
					a, err := p.binary(1)
					if err != nil {
						return nil, err
					}
					args = append(args, a)
					n := p.peek()
					if n == nil {
						return nil, fmt.Errorf("missing )")
					}
					p.pos++
					if n.kind == ")" {
						break
					}
					if n.kind != "," {
						return nil, fmt.Errorf("unexpected %q", n.text)
					}
				}
			}
			f, ok := funcs[strings.ToUpper(t.text)]
			if !ok {
				return nil, fmt.Errorf("unknown function %s", t.text)
			}
			return func(r *record) any { return f(r, args) }, nil
		}
		return p.field(t.text)
	}
	return nil, fmt.Errorf("unexpected %q", t.text)
}

func (p *parser) field(name string) (expr, error) {
	if p.tbl.field(name) == nil {
		return nil, fmt.Errorf("unknown field names: %s", strings.ToLower(name))
	}
	return func(r *record) any { return r.fields.Value(name) }, nil
}

// record is what a formula sees.
type record struct {
	id     string
	fields interface{ Value(string) any }
}

var funcs = map[string]func(r *record, args []expr) any{
	"AND": func(r *record, a []expr) any {
		for _, e := range a {
			if !truthy(e(r)) {
				return false
			}
		}
		return true
	},
	"OR": func(r *record, a []expr) any {
		for _, e := range a {
			if truthy(e(r)) {
				return true
			}
		}
		return false
	},
	"NOT":   func(r *record, a []expr) any { return len(a) == 1 && !truthy(a[0](r)) },
	"TRUE":  func(*record, []expr) any { return true },
	"FALSE": func(*record, []expr) any { return false },
	"BLANK": func(*record, []expr) any { return nil },
	"IF": func(r *record, a []expr) any {
		if len(a) < 2 {
			return nil
		}
		if truthy(a[0](r)) {
			return a[1](r)
		}
		if len(a) > 2 {
			return a[2](r)
		}
		return nil
	},
	"RECORD_ID": func(r *record, _ []expr) any { return r.id },
	"LOWER":     strFunc(strings.ToLower),
	"UPPER":     strFunc(strings.ToUpper),
	"TRIM":      strFunc(strings.TrimSpace),
	"LEN":       func(r *record, a []expr) any { return float64(len([]rune(arg(r, a, 0)))) },
	"FIND": func(r *record, a []expr) any {
		i := strings.Index(arg(r, a, 1), arg(r, a, 0))
		return float64(len([]rune(arg(r, a, 1)[:max(i, 0)])) + 1*b2i(i >= 0))
	},
	"SEARCH": func(r *record, a []expr) any {
		i := strings.Index(strings.ToLower(arg(r, a, 1)), strings.ToLower(arg(r, a, 0)))
		return float64(len([]rune(arg(r, a, 1)[:max(i, 0)])) + 1*b2i(i >= 0))
	},
	"ARRAYJOIN": func(r *record, a []expr) any {
		if len(a) == 0 {
			return ""
		}
		sep := ", "
		if len(a) > 1 {
			sep = arg(r, a, 1)
		}
		l, ok := a[0](r).([]any)
		if !ok {
			return toStr(a[0](r))
		}
		parts := make([]string, len(l))
		for i, e := range l {
			parts[i] = toStr(e)
		}
		return strings.Join(parts, sep)
	},
	"CONCATENATE": func(r *record, a []expr) any {
		var b strings.Builder
		for i := range a {
			b.WriteString(arg(r, a, i))
		}
		return b.String()
	},
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func strFunc(f func(string) string) func(*record, []expr) any {
	return func(r *record, a []expr) any { return f(arg(r, a, 0)) }
}

func arg(r *record, a []expr, i int) string {
	if i >= len(a) {
		return ""
	}
	return toStr(a[i](r))
}

func apply(op string, l, r any) any {
	switch op {
	case "&":
		return toStr(l) + toStr(r)
	case "+":
		return toNum(l) + toNum(r)
	case "-":
		return toNum(l) - toNum(r)
	case "*":
		return toNum(l) * toNum(r)
	case "/":
		if toNum(r) == 0 {
			return math.NaN()
		}
		return toNum(l) / toNum(r)
	case "=":
		return equal(l, r)
	case "!=":
		return !equal(l, r)
	}
	c := compare(l, r)
	switch op {
	case "<":
		return c < 0
	case ">":
		return c > 0
	case "<=":
		return c <= 0
	case ">=":
		return c >= 0
	}
	return nil
}

func isBlankValue(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return x == ""
	case bool:
		return !x
	case float64:
		return x == 0
	case []any:
		return len(x) == 0
	}
	return false
}

func equal(l, r any) bool {
	if isBlankValue(l) && isBlankValue(r) {
		return true
	}
	_, ln := l.(float64)
	_, rn := r.(float64)
	if ln || rn {
		return toNum(l) == toNum(r)
	}
	lb, lok := l.(bool)
	rb, rok := r.(bool)
	if lok || rok {
		return (lok && rok && lb == rb) || truthy(l) == truthy(r)
	}
	return toStr(l) == toStr(r)
}

func compare(l, r any) int {
	_, ln := l.(float64)
	_, rn := r.(float64)
	if ln || rn {
		a, b := toNum(l), toNum(r)
		switch {
		case a < b:
			return -1
		case a > b:
			return 1
		}
		return 0
	}
	return strings.Compare(toStr(l), toStr(r))
}

func truthy(v any) bool { return !isBlankValue(v) }

func toNum(v any) float64 {
	switch x := v.(type) {
	case float64:
		return x
	case bool:
		if x {
			return 1
		}
		return 0
	case string:
		f, _ := strconv.ParseFloat(strings.TrimSpace(x), 64)
		return f
	}
	return 0
}

func toStr(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		if x {
			return "1"
		}
		return "0"
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = toStr(e)
		}
		return strings.Join(parts, ", ")
	}
	return fmt.Sprint(v)
}
