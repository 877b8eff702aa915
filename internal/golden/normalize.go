package golden

import (
	"encoding/json"

	"github.com/n8n-go/n8n-go/engine/data"
)

// DropErrorTimestamps removes the clock reading n8n puts in error objects
// inside items (json.error.timestamp), keeping key order; a document that
// does not parse is returned as it is.
func DropErrorTimestamps(doc []byte) []byte {
	v, err := data.ParseJSON(doc)
	if err != nil {
		return doc
	}
	var walk func(any)
	walk = func(x any) {
		switch m := x.(type) {
		case *data.Object:
			if e, ok := m.Value("error").(*data.Object); ok {
				e.Delete("timestamp")
			}
			for _, c := range m.All() {
				walk(c)
			}
		case []any:
			for _, c := range m {
				walk(c)
			}
		}
	}
	walk(v)
	b, err := data.MarshalValue(v)
	if err != nil {
		return doc
	}
	return b
}

// CanonicalJSON is a logged body as JSON.stringify writes it (recordings
// are indented), key order kept; a body that is not JSON stays as it is.
func CanonicalJSON(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	v, err := data.ParseJSON(raw)
	if err != nil {
		return string(raw)
	}
	b, err := data.MarshalValue(v)
	if err != nil {
		return string(raw)
	}
	return string(b)
}
