package notion

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/n8n-go/n8n-go/engine/data"
)

type toServer struct{ base *url.URL }

func (t toServer) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.URL.Scheme, r.URL.Host = t.base.Scheme, t.base.Host
	return http.DefaultTransport.RoundTrip(r)
}

// Issue 21 item 8: paging never ended when an answer lacked has_more.
func TestPagingEnds(t *testing.T) {
	tests := []struct {
		name, answer, wantErr string
		wantResults           int
	}{
		{"no has_more and no cursor: last page", `{"results":[{"id":"a"}]}`, "", 1},
		{"has_more with a repeated cursor", `{"results":[{"id":"a"}],"has_more":true,"next_cursor":"c1"}`, "same next_cursor", 0},
		{"no has_more, repeated cursor", `{"results":[],"next_cursor":"c1"}`, "same next_cursor", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var calls atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if calls.Add(1) > 100 {
					w.WriteHeader(500)
					return
				}
				io.WriteString(w, tc.answer)
			}))
			defer srv.Close()
			base, _ := url.Parse(srv.URL)
			c := &client{http: &http.Client{Transport: toServer{base}}, cred: map[string]any{"apiKey": "k"}, version: "2021-08-16"}
			res, err := c.all(context.Background(), "POST", "/search", data.NewObject(0), data.NewObject(0), false, 0)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v after %d calls, want %q", err, calls.Load(), tc.wantErr)
				}
				return
			}
			if err != nil || len(res) != tc.wantResults {
				t.Fatalf("%d results, %v", len(res), err)
			}
		})
	}
}
