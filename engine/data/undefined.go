package data

// UndefinedType is the type of Undefined.
type UndefinedType struct{}

// Undefined is JavaScript's undefined. Expressions return it (for example for
// a missing property) and nodes must tell it apart from null (nil). It is
// never stored in item JSON: writers drop keys whose value is Undefined, as
// JSON.stringify does.
var Undefined = UndefinedType{}

// IsUndefined reports whether v is Undefined.
func IsUndefined(v any) bool { _, ok := v.(UndefinedType); return ok }

// String renders undefined like JavaScript's String(undefined).
func (UndefinedType) String() string { return "undefined" }

// MarshalJSON writes null, which is what JSON.stringify writes for undefined
// inside arrays; object keys holding Undefined are removed by MarshalValue.
func (UndefinedType) MarshalJSON() ([]byte, error) { return []byte("null"), nil }
