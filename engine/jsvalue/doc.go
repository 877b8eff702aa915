// Package jsvalue gives Go JSON values their JavaScript (and lodash) meaning:
// ToNumber, String(v), typeof, truthiness, ===, SameValueZero, lodash
// isEqual, lodash merge/assign and lodash get/set/unset paths.
//
// Values are the types engine/data documents for item JSON: nil (null),
// data.Undefined, bool, float64, string, []any and *data.Object. Every Go
// integer and float width and json.Number are accepted as numbers too,
// because nodes put them into items. Runtime objects of the expression
// engine (functions, regular expressions, dates) are not known here: the
// expression package handles them before calling these functions. Other
// values fall back to the general rules of JavaScript objects (truthy,
// typeof "object", compared by identity), with two hooks for date-like
// values: a String() method gives String(v) and a UnixMilli() method gives
// Number(v), as Luxon's DateTime.toString and valueOf do.
//
// The package is a leaf next to engine/data so the expression engine and
// every node share one implementation. It holds no state.
package jsvalue
