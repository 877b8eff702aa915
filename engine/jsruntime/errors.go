package jsruntime

import (
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/dop251/goja"
)

// ScriptError is a value a script threw (or a syntax error), described the
// way n8n reads a V8 error: its class name, message, String() form and the
// line of the user's code it came from.
type ScriptError struct {
	Name    string // "TypeError", "Error", … ("" for a non-error value)
	Message string
	// String is String(error) ("TypeError: x is not defined").
	String string
	// Line is the 1-based line in the user's code (0: unknown).
	Line int
	// HasStack is false when the thrown value is not an Error (n8n then
	// reports "Unknown error").
	HasStack bool
	// Value is the thrown value converted to Go.
	Value any
}

func (e *ScriptError) Error() string {
	if e.String != "" {
		return e.String
	}
	return e.Message
}

// Package-level regexps are compiled on first use (sync.OnceValue), not at
// package init, which every invocation of the binary would pay for.

var codeLineRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`Code:(\d+):`)
})

// scriptError describes a thrown value.
func (r *Runtime) scriptError(v goja.Value) *ScriptError {
	se := &ScriptError{}
	o, ok := v.(*goja.Object)
	if !ok || o.ClassName() != "Error" {
		if v != nil && !goja.IsUndefined(v) && !goja.IsNull(v) {
			se.Message = v.String()
			if ok {
				if s := o.Get("stack"); s != nil && !goja.IsUndefined(s) {
					se.HasStack = true
					se.String = s.String()
				}
			}
		}
		se.Value, _ = r.FromJS(v)
		return se
	}
	se.HasStack = true
	if n := o.Get("name"); n != nil && !goja.IsUndefined(n) {
		se.Name = n.String()
	}
	if m := o.Get("message"); m != nil && !goja.IsUndefined(m) {
		se.Message = m.String()
	}
	if se.Name == "TypeError" || se.Name == "RangeError" || se.Name == "SyntaxError" {
		se.Message = v8Message(se.Message)
		_ = o.Set("message", se.Message)
	}
	stack := ""
	if s := o.Get("stack"); s != nil && !goja.IsUndefined(s) {
		stack = s.String()
		se.Line = errorLine(stack, ctorDepth(o))
	}
	if se.Name == "TypeError" && strings.HasSuffix(se.Message, " is not a function") {
		if callee := r.calleeText(stack); callee != "" {
			se.Message = callee + " is not a function"
			_ = o.Set("message", se.Message)
		}
	}
	se.String = toStringSafe(o, se)
	return se
}

var builtinErrors = map[string]bool{"Error": true, "TypeError": true, "RangeError": true, "SyntaxError": true,
	"ReferenceError": true, "EvalError": true, "URIError": true, "AggregateError": true}

// ctorDepth is how many user-defined constructors (classes extending an
// Error class) ran to build o: their frames come first in goja's stack.
func ctorDepth(o *goja.Object) int {
	c, ok := o.Get("constructor").(*goja.Object)
	depth := 0
	for ok && depth < 32 {
		n := c.Get("name")
		if n == nil || builtinErrors[n.String()] {
			break
		}
		depth++
		c, ok = c.Prototype(), c.Prototype() != nil
	}
	return depth
}

// errorLine is the line of the first frame in the user's code. Like V8,
// it skips the frames of the error's own constructors (classes extending
// Error), so the line is where the error was created.
func errorLine(stack string, skip int) int {
	for _, row := range strings.Split(stack, "\n") {
		row = strings.TrimSpace(row)
		if !strings.HasPrefix(row, "at ") {
			continue
		}
		if skip > 0 {
			skip--
			continue
		}
		if m := codeLineRe().FindStringSubmatch(row); m != nil {
			n, _ := strconv.Atoi(m[1])
			return n
		}
	}
	return 0
}

func toStringSafe(o *goja.Object, se *ScriptError) (s string) {
	defer func() {
		if recover() != nil {
			s = se.Name + ": " + se.Message
		}
	}()
	return o.String()
}

// v8Rewrites turn goja's wording of common errors into V8's, which is what
// n8n users (and n8n's error texts) see.
var v8Rewrites = sync.OnceValue(func() []v8Rewrite {
	return []v8Rewrite{
		{regexp.MustCompile(`^Cannot read property '(.*)' of (undefined|null)$`), "Cannot read properties of $2 (reading '$1')"},
		{regexp.MustCompile(`^Cannot read property '(.*)' of undefined or null$`), "Cannot read properties of undefined (reading '$1')"},
		{regexp.MustCompile(`^Cannot set property '(.*)' of (undefined|null)$`), "Cannot set properties of $2 (setting '$1')"},
		{regexp.MustCompile(`^Object has no member '(.*)'$`), "$1 is not a function"},
		{regexp.MustCompile(`^Value is not an object: (.*)$`), "$1 is not a function"},
		{regexp.MustCompile(`^Invalid array length$`), "Invalid array length"},
	}
})

// v8Rewrite is a goja error wording and its V8 replacement.
type v8Rewrite struct {
	re  *regexp.Regexp
	out string
}

func v8Message(msg string) string {
	for _, rw := range v8Rewrites() {
		if rw.re.MatchString(msg) {
			return rw.re.ReplaceAllString(msg, rw.out)
		}
	}
	return msg
}

// syntaxError describes a compile error as V8 would: SyntaxError with the
// line of the user's code.
func syntaxError(err error) *ScriptError {
	msg := err.Error()
	line := 0
	// goja: "Code: Line 3:5 Unexpected token ..." (possibly with a prefix)
	if i := strings.Index(msg, "Line "); i >= 0 {
		rest := msg[i+5:]
		if j := strings.IndexByte(rest, ':'); j > 0 {
			line, _ = strconv.Atoi(rest[:j])
			if k := strings.IndexByte(rest, ' '); k > 0 {
				msg = strings.TrimSpace(rest[k:])
			}
		}
	}
	if k := strings.Index(msg, " (and "); k > 0 {
		msg = msg[:k]
	}
	msg = v8SyntaxMessage(msg)
	return &ScriptError{Name: "SyntaxError", Message: msg, String: "SyntaxError: " + msg, Line: line, HasStack: true}
}

var unexpectedPunct = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^Unexpected token ([^\w\s'"]+)$`)
})

// v8SyntaxMessage quotes an unexpected punctuator as V8 does
// ("Unexpected token ']'").
func v8SyntaxMessage(msg string) string {
	return unexpectedPunct().ReplaceAllString(msg, "Unexpected token '$1'")
}

var frameRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`at (?:\S+ \()?Code:(\d+):(\d+)`)
})

// calleeText is the source text of the callee of the failed call at the
// error's first frame ("o.nope" in "o.nope(1)"), which V8 puts in its
// "… is not a function" message and goja does not.
func (r *Runtime) calleeText(stack string) string {
	m := frameRe().FindStringSubmatch(stack)
	if m == nil || r.lastSource == "" {
		return ""
	}
	line, _ := strconv.Atoi(m[1])
	col, _ := strconv.Atoi(m[2])
	lines := strings.Split(r.lastSource, "\n")
	if line < 1 || line > len(lines) {
		return ""
	}
	l := lines[line-1]
	end := col - 1
	if end <= 0 || end > len(l) || l[end] != '(' {
		return ""
	}
	depth, i := 0, end-1
	for ; i >= 0; i-- {
		c := l[i]
		switch {
		case c == ']':
			depth++
		case c == '[':
			if depth == 0 {
				return strings.TrimSpace(l[i+1 : end])
			}
			depth--
		case depth > 0:
		case c == '.' || c == '_' || c == '$' || c == '?' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80:
		default:
			return strings.TrimSpace(l[i+1 : end])
		}
	}
	return strings.TrimSpace(l[:end])
}
