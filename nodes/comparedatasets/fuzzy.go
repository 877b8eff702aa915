package comparedatasets

import (
	"encoding/json"
	"strings"

	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/nodes/internal/filter"
)

// fuzzyCompare is n8n's fuzzyCompare(useFuzzy, compareVersion): lodash
// isEqual, or the loose rules that equate null/0/"0", empty values, numbers
// and their strings, JSON strings and objects, booleans and "true"/1.
func fuzzyCompare(fuzzy bool, version float64) func(a, b any) bool {
	if !fuzzy {
		return isEqual
	}
	return func(a, b any) bool { return fuzzyEqual(a, b, version) }
}

// isFalsy is the helper of the same name in n8n's utilities: null, "" or [].
func isFalsy(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return x == ""
	case []any:
		return len(x) == 0
	}
	return false
}

func fuzzyEqual(a, b any, version float64) bool {
	ta, tb := filter.TypeOf(a), filter.TypeOf(b)
	if a != nil && b != nil && ta == tb {
		return isEqual(a, b)
	}
	if version >= 2 {
		zeroish := func(v any) bool {
			if v == nil {
				return true
			}
			if n, ok := num(v); ok && n == 0 {
				return true
			}
			s, ok := v.(string)
			return ok && s == "0"
		}
		if a == nil && zeroish(b) || b == nil && zeroish(a) {
			return true
		}
	}
	if isFalsy(a) && isFalsy(b) {
		return true
	}
	if isFalsy(a) && data.IsUndefined(b) || data.IsUndefined(a) && isFalsy(b) {
		return true
	}
	if ta == "number" && tb == "string" {
		return filter.JSString(a) == b.(string)
	}
	if ta == "string" && tb == "number" {
		return a.(string) == filter.JSString(b)
	}
	if a != nil && ta == "object" && tb == "string" {
		return parseAndCompare(b.(string), a)
	}
	if b != nil && ta == "string" && tb == "object" {
		return parseAndCompare(a.(string), b)
	}
	if ta == "boolean" && tb == "string" && boolString(a.(bool), b.(string)) {
		return true
	}
	if tb == "boolean" && ta == "string" && boolString(b.(bool), a.(string)) {
		return true
	}
	if ta == "boolean" && tb == "number" && boolNumber(a.(bool), b) {
		return true
	}
	if tb == "boolean" && ta == "number" && boolNumber(b.(bool), a) {
		return true
	}
	if ta == "boolean" && tb == "string" && boolDigit(a.(bool), b.(string)) {
		return true
	}
	if tb == "boolean" && ta == "string" && boolDigit(b.(bool), a.(string)) {
		return true
	}
	return isEqual(a, b)
}

func boolString(b bool, s string) bool {
	s = strings.ToLower(s)
	return b && s == "true" || !b && s == "false"
}

func boolNumber(b bool, n any) bool {
	f, _ := num(n)
	return b && f == 1 || !b && f == 0
}

func boolDigit(b bool, s string) bool { return b && s == "1" || !b && s == "0" }

func parseAndCompare(s string, v any) bool {
	var parsed any
	if err := json.Unmarshal([]byte(s), &parsed); err != nil {
		return false
	}
	return isEqual(parsed, v)
}
