package kit

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// A body read by a wrapper (the request log) reaches the handler through
// SetBody without a second copy, cut to the handler's own limit.
func TestReadBodyShared(t *testing.T) {
	tests := []struct {
		name  string
		body  string
		limit int64
		want  string
	}{
		{"whole", `{"a":1}`, 100, `{"a":1}`},
		{"limited", `{"a":1}`, 3, `{"a`},
		{"empty", ``, 100, ``},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(tt.body))
			raw := ReadBody(r, 1<<20)
			if string(raw) != tt.body {
				t.Fatalf("first read = %q, want %q", raw, tt.body)
			}
			SetBody(r, raw)
			if got := ReadBody(r, tt.limit); string(got) != tt.want {
				t.Fatalf("second read = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestHeaderValueIsGet: HeaderValue with a canonical key answers what
// Header.Get does, for absent, empty, single and repeated headers.
func TestHeaderValueIsGet(t *testing.T) {
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	h.Add("X-Api-Key", "a")
	h.Add("X-Api-Key", "b")
	h["Notion-Version"] = []string{}
	h.Set("Authorization", "")
	for _, key := range []string{"Content-Type", "X-Api-Key", "Notion-Version", "Authorization", "Accept"} {
		if got, want := HeaderValue(h, key), h.Get(key); got != want {
			t.Errorf("HeaderValue(%q) = %q, Get = %q", key, got, want)
		}
	}
}
