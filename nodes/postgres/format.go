package postgres

import (
	"encoding/hex"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/n8n-go/n8n-go/engine/data"
)

// n8n runs its queries through pg-promise, which formats the values into
// the query text on the client ($1, $2:name …) and sends one simple query:
// the server never sees bind parameters. n8n-go does the same so that the
// SQL the server runs, and so the types it infers for literals, are
// n8n's.

// Package-level regexps are compiled on first use (sync.OnceValue), not at
// package init, which every invocation of the binary would pay for.

// indexVar is pg-promise's variable syntax for an array of values.
var indexVar = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`\$([1-9][0-9]*)(\^|~|#|:raw|:alias|:name|:json|:csv|:list|:value)?`)
})

// formatQuery replaces every $N of query with values[N-1] formatted as its
// modifier asks, as pg-promise's as.format does with an array.
func formatQuery(query string, values []any) (string, error) {
	return format(query, values, false)
}

func format(query string, values []any, partial bool) (string, error) {
	var err error
	out := indexVar().ReplaceAllStringFunc(query, func(m string) string {
		if err != nil {
			return m
		}
		sub := indexVar().FindStringSubmatch(m)
		// pg-promise's pattern takes 1 to 17 digits not followed by
		// another digit: a longer number is left alone.
		if len(sub[1]) > 17 {
			return m
		}
		n, _ := strconv.Atoi(sub[1])
		if n-1 >= 100000 {
			err = fmt.Errorf("Variable $%s exceeds supported maximum of $100000", sub[1])
			return m
		}
		if n > len(values) {
			if partial {
				return m
			}
			err = fmt.Errorf("Variable $%d out of range. Parameters array length: %d", n, len(values))
			return m
		}
		var s string
		s, err = formatAs(values[n-1], sub[2])
		return s
	})
	if err != nil {
		return "", err
	}
	return out, nil
}

func formatAs(v any, mod string) (string, error) {
	switch mod {
	case "^", ":raw":
		return rawText(v), nil
	case "~", ":name":
		return asName(v)
	case ":alias":
		return asAlias(v)
	case ":json":
		if v == nil || data.IsUndefined(v) {
			return "null", nil
		}
		return asJSON(v), nil
	case ":csv", ":list":
		if data.IsUndefined(v) {
			return "", nil
		}
		list, ok := v.([]any)
		if o, isObj := v.(*data.Object); isObj {
			list, ok = make([]any, 0, o.Len()), true
			for _, e := range o.All() {
				list = append(list, e)
			}
		}
		if !ok {
			return formatValue(v), nil
		}
		parts := make([]string, len(list))
		for i, e := range list {
			parts[i] = formatValue(e)
		}
		return strings.Join(parts, ","), nil
	case "#", ":value":
		if v == nil || data.IsUndefined(v) {
			return "", fmt.Errorf("Open values cannot be null or undefined.")
		}
		return strings.ReplaceAll(rawText(v), "'", "''"), nil
	}
	return formatValue(v), nil
}

// rawText is a value as JavaScript's String() prints it.
func rawText(v any) string {
	switch x := v.(type) {
	case nil, data.UndefinedType:
		return "null"
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case float64:
		return data.FormatNumber(x, false)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			if e != nil && !data.IsUndefined(e) {
				parts[i] = rawText(e)
			}
		}
		return strings.Join(parts, ",")
	case *data.Object:
		return "[object Object]"
	}
	return fmt.Sprint(v)
}

// formatValue is pg-promise's default formatting of one value.
func formatValue(v any) string {
	switch x := v.(type) {
	case nil, data.UndefinedType:
		return "null"
	case string:
		return quoteText(x)
	case bool:
		return strconv.FormatBool(x)
	case float64:
		s := data.FormatNumber(x, false)
		if x < 0 {
			return "(" + s + ")"
		}
		switch s {
		case "NaN":
			return "'NaN'"
		case "Infinity":
			return "'+Infinity'"
		case "-Infinity":
			return "'-Infinity'"
		}
		return s
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case []byte:
		return `'\x` + hex.EncodeToString(x) + `'`
	case []any:
		if len(x) == 0 {
			return "'{}'"
		}
		return "array" + formatArray(x)
	case *data.Object:
		return asJSON(x)
	}
	return quoteText(fmt.Sprint(v))
}

func formatArray(list []any) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, e := range list {
		if i > 0 {
			b.WriteByte(',')
		}
		if inner, ok := e.([]any); ok {
			b.WriteString(formatArray(inner))
		} else {
			b.WriteString(formatValue(e))
		}
	}
	b.WriteByte(']')
	return b.String()
}

func quoteText(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

func asJSON(v any) string {
	b, err := data.MarshalValue(v)
	if err != nil {
		return "null"
	}
	return quoteText(string(b))
}

func quoteName(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// asName is pg-promise's as.name: a string (or "*"), or the names of an
// array / object joined by commas.
func asName(v any) (string, error) {
	switch x := v.(type) {
	case string:
		if x != "" {
			if strings.TrimSpace(x) == "*" {
				return x, nil
			}
			return quoteName(x), nil
		}
	case []any:
		return joinNames(x)
	case *data.Object:
		keys := make([]any, 0, x.Len())
		for _, k := range x.Keys() {
			keys = append(keys, k)
		}
		return joinNames(keys)
	}
	return "", fmt.Errorf("Invalid sql name: %s", jsonText(v))
}

func joinNames(names []any) (string, error) {
	if len(names) == 0 {
		return "", fmt.Errorf("Cannot retrieve sql names from an empty array/object.")
	}
	parts := make([]string, len(names))
	for i, n := range names {
		s, ok := n.(string)
		if !ok || s == "" {
			return "", fmt.Errorf("Invalid sql name: %s", jsonText(n))
		}
		parts[i] = quoteName(s)
	}
	return strings.Join(parts, ","), nil
}

func jsonText(v any) string {
	if data.IsUndefined(v) {
		return "undefined"
	}
	b, err := data.MarshalValue(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// concatQueries is pg-promise's helpers.concat: each query formatted,
// stripped of surrounding blanks and semicolons, joined with ";".
func concatQueries(queries []query) (string, error) {
	parts := make([]string, 0, len(queries))
	for _, q := range queries {
		s, err := format(q.text, q.values, q.partial)
		if err != nil {
			return "", err
		}
		s = strings.TrimRight(strings.TrimLeft(s, " \t\r\n\v\f;"), " \t\r\n\v\f;")
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, ";"), nil
}

// query is one item's SQL text and its values.
type query struct {
	text   string
	values []any
	// partial leaves a variable past the end of values as it is
	// (pg-promise's partial option, which execute query sets in "single"
	// mode) instead of failing.
	partial bool
}

var plainAlias = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^([a-z_][a-z0-9_$]*|[A-Z_][A-Z0-9_$]*)$`)
})

// asAlias is pg-promise's as.alias: dotted parts, quoted where needed.
func asAlias(v any) (string, error) {
	s, ok := v.(string)
	if !ok || s == "" {
		return "", fmt.Errorf("Invalid sql alias: %s", jsonText(v))
	}
	var parts []string
	for _, a := range strings.Split(s, ".") {
		if a == "" {
			continue
		}
		if plainAlias().MatchString(a) {
			parts = append(parts, a)
		} else {
			parts = append(parts, quoteName(a))
		}
	}
	return strings.Join(parts, "."), nil
}
