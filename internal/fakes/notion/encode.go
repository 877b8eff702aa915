package notion

import (
	"encoding/json"
	"strconv"

	fakekit "github.com/n8n-go/n8n-go/internal/fakes/kit"
)

// encodeJSON is json.Marshal(v), byte for byte, for the values the fake
// keeps (map[string]any with sorted keys, []any, strings, float64, bool,
// nil, cached page JSON), without reflection: answers are most of what
// the fake does, and encoding/json's map encoder allocates and sorts
// through reflect per map. Any other type is encoded by encoding/json
// itself (its output for a value does not depend on where the value
// sits), and a value encoding/json rejects (NaN, ±Inf) makes encodeJSON
// return json.Marshal's error.
func encodeJSON(v any) ([]byte, error) {
	b, ok := appendValue(make([]byte, 0, 1024), v)
	if !ok {
		return json.Marshal(v)
	}
	return b, nil
}

// encode is encodeJSON through the server's scratch buffer (s.mu held):
// the answer is copied out once at its final size instead of growing a
// fresh buffer by doubling (a query answer of 100 pages is ~300 KB, and
// the growth steps, each cleared and copied, were a tenth of the fake's
// CPU in the template benchmark).
func (s *Server) encode(v any) ([]byte, error) {
	b, ok := appendValue(s.scratch[:0], v)
	if cap(b) <= maxScratch {
		s.scratch = b[:0]
	}
	if !ok {
		return json.Marshal(v)
	}
	return append([]byte(nil), b...), nil
}

// encodeTo is encodeJSON(v) appended to dst.
func (s *Server) encodeTo(dst []byte, v any) ([]byte, error) {
	b, ok := appendValue(dst, v)
	if !ok {
		return json.Marshal(v)
	}
	return b, nil
}

// maxScratch bounds the scratch buffer kept between answers.
const maxScratch = 4 << 20

// pageBytes is a rendered page's JSON, as json.Marshal wrote it.
type pageBytes []byte

// MarshalJSON lets encoding/json write it too (as it is: it is compact).
func (p pageBytes) MarshalJSON() ([]byte, error) { return p, nil }

// appendValue appends v's JSON; false when v cannot be encoded here.
// appendFunc is a value that writes its own JSON (a page's properties,
// written straight from the stored page).
type appendFunc func(b []byte) ([]byte, bool)

func appendValue(b []byte, v any) ([]byte, bool) {
	switch x := v.(type) {
	case nil:
		return append(b, "null"...), true
	case bool:
		return strconv.AppendBool(b, x), true
	case string:
		return appendString(b, x), true
	case float64:
		return appendFloat(b, x)
	case pageBytes:
		return append(b, x...), true
	case appendFunc:
		return x(b)
	case map[string]any:
		if x == nil {
			return append(b, "null"...), true
		}
		if b, ok, done := appendShaped(b, x); done {
			return b, ok
		}
		// Most maps here have a handful of keys: their entries are
		// sorted in a stack array, not a new slice per map, and taken
		// with their values (looking each value up again by its key was
		// a tenth of encoding a page).
		var small [24]field
		fs := small[:0]
		if len(x) > len(small) {
			fs = make([]field, 0, len(x))
		}
		for k, v := range x {
			fs = append(fs, field{k, v})
		}
		return appendFields(b, fs)
	case []any:
		return appendList(b, x)
	case []map[string]any:
		return appendList(b, x)
	}
	enc, err := json.Marshal(v)
	if err != nil {
		return b, false
	}
	return append(b, enc...), true
}

// appendFloat is encoding/json's float64 format (false for NaN, ±Inf).
func appendFloat(b []byte, f float64) ([]byte, bool) { return fakekit.AppendJSONFloat(b, f) }

// appendString is encoding/json's string encoding (HTML-escaped).
func appendString(b []byte, s string) []byte { return fakekit.AppendJSONString(b, s) }

// appendList writes a list of values (nil as null, as encoding/json).
func appendList[T any](b []byte, xs []T) ([]byte, bool) {
	if xs == nil {
		return append(b, "null"...), true
	}
	b = append(b, '[')
	for i, e := range xs {
		if i > 0 {
			b = append(b, ',')
		}
		var ok bool
		if b, ok = appendValue(b, e); !ok {
			return b, false
		}
	}
	return append(b, ']'), true
}
