package filter

import (
	"time"

	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/jsvalue"
)

// Values inside items and resolved parameters are Go JSON values: nil (null),
// data.Undefined, bool, float64 (also int, int64, json.Number), string,
// []any and *data.Object. Dates from expressions are anything with a
// UnixMilli method (time.Time, DateTime) or a Time method (the expression
// engine's DateTime). The JavaScript meaning of these values lives in
// engine/jsvalue; the names below are the filter's own, also used by the If,
// Switch and Compare Datasets nodes.

// millier is a date value (time.Time, Luxon-like DateTime).
type millier interface{ UnixMilli() int64 }

// normalize turns the other numeric representations into float64.
func normalize(v any) any { return jsvalue.Normalize(v) }

// TypeOf is JavaScript's typeof.
func TypeOf(v any) string { return jsvalue.TypeOf(v) }

func isUndef(v any) bool { return data.IsUndefined(v) }

// isNaN reports a number that is NaN (JS Number.isNaN).
func isNaN(v any) bool { return jsvalue.IsNaN(v) }

// Truthy is JavaScript's Boolean(v).
func Truthy(v any) bool { return jsvalue.Truthy(v) }

// JSString is JavaScript's String(v). A bare time.Time prints as a JS Date
// does (the shared conversion knows only JSON values and String methods).
func JSString(v any) string {
	if t, ok := v.(time.Time); ok {
		return t.Format("Mon Jan 02 2006 15:04:05 GMT-0700")
	}
	return jsvalue.ToString(v)
}

// stringify is JSON.stringify for objects and arrays.
func stringify(v any) string { return jsvalue.Stringify(v) }

func jsTrim(s string) string { return jsvalue.Trim(s) }

// ToNumber is JavaScript's Number(v); dates give their epoch milliseconds.
func ToNumber(v any) float64 { return jsvalue.ToNumber(v) }

// sameValueZero is Array.prototype.includes' equality.
func sameValueZero(a, b any) bool { return jsvalue.SameValueZero(a, b) }

// strictEquals is JavaScript's ===.
func strictEquals(a, b any) bool { return jsvalue.StrictEquals(a, b) }

// relNumber converts an operand of <, > as JavaScript does for the values a
// filter produces (numbers, null, undefined, booleans).
func relNumber(v any) float64 { return ToNumber(v) }

// undefined is read-only: a name for data.Undefined as an `any` value.
var undefined any = data.Undefined
