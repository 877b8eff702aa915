package n8napi

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
)

// fakeN8n serves /api/v1/workflows in pages of ?limit, with a cursor as
// n8n's (opaque to the client), and checks the key.
func fakeN8n(t *testing.T, total int, cursor func(next int) string) *httptest.Server {
	t.Helper()
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-N8N-API-KEY") != "good" {
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprint(w, `{"message":"unauthorized"}`)
			return
		}
		switch {
		case r.URL.Path == "/api/v1/workflows":
			limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
			off, _ := strconv.Atoi(r.URL.Query().Get("cursor"))
			var data []string
			for i := off; i < min(total, off+limit); i++ {
				data = append(data, fmt.Sprintf(`{"id":"w%d","name":"n"}`, i))
			}
			next := "null"
			if off+limit < total {
				next = strconv.Quote(cursor(off + limit))
			}
			fmt.Fprintf(w, `{"data":[%s],"nextCursor":%s}`, strings.Join(data, ","), next)
		case strings.HasPrefix(r.URL.Path, "/api/v1/workflows/"):
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprint(w, `{"message":"Not Found"}`)
		default:
			fmt.Fprint(w, `<html>editor</html>`)
		}
	}))
}

func TestWorkflowsPaging(t *testing.T) {
	tests := []struct {
		name     string
		total    int
		pageSize int
		cursor   func(int) string
		want     int
		err      string
	}{
		{"one page", 3, 100, strconv.Itoa, 3, ""},
		{"several pages", 7, 2, strconv.Itoa, 7, ""},
		{"exact pages", 4, 2, strconv.Itoa, 4, ""},
		{"empty", 0, 2, strconv.Itoa, 0, ""},
		{"a cursor handed out twice stops", 7, 2, func(int) string { return "2" }, 0, "returned the cursor \"2\" twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := fakeN8n(t, tt.total, tt.cursor)
			defer ts.Close()
			c, err := New(ts.URL+"/api/v1/", "good", nil)
			if err != nil {
				t.Fatal(err)
			}
			c.PageSize = tt.pageSize
			got, err := c.Workflows(context.Background(), Filter{})
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil || len(got) != tt.want {
				t.Fatalf("got %d workflows, error %v; want %d", len(got), err, tt.want)
			}
			for i, raw := range got {
				var w struct{ ID string }
				if json.Unmarshal(raw, &w) != nil || w.ID != fmt.Sprintf("w%d", i) {
					t.Fatalf("workflow %d: %s", i, raw)
				}
			}
		})
	}
}

func TestErrorsNameURLAndStatus(t *testing.T) {
	ts := fakeN8n(t, 1, strconv.Itoa)
	defer ts.Close()
	tests := []struct {
		name, key string
		call      func(*Client) error
		want      []string
	}{
		{"refused key", "bad", func(c *Client) error { _, err := c.Workflows(context.Background(), Filter{}); return err },
			[]string{"GET " + ts.URL + "/api/v1/workflows?limit=100", "401 Unauthorized", "the API key was refused", "n8n said: unauthorized"}},
		{"unknown id", "good", func(c *Client) error { _, err := c.Workflow(context.Background(), "nope"); return err },
			[]string{"/api/v1/workflows/nope", "404 Not Found", "check the id"}},
		{"not the API", "good", func(c *Client) error { _, err := c.Execution(context.Background(), "1", true); return err },
			[]string{"/api/v1/executions/1?includeData=true", "not JSON"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := New(ts.URL, tt.key, nil)
			if err != nil {
				t.Fatal(err)
			}
			err = tt.call(c)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if strings.Contains(err.Error(), tt.key) && tt.key != "good" {
				t.Errorf("error shows the key: %v", err)
			}
		})
	}
}

func TestNewAndParseRef(t *testing.T) {
	for _, tt := range []struct{ url, key, err string }{
		{"", "k", "--n8n-url"},
		{"http://x", "", "--api-key"},
		{"ftp://x", "k", "http(s) URL"},
		{"localhost:5678", "k", "http(s) URL"},
	} {
		if _, err := New(tt.url, tt.key, nil); err == nil || !strings.Contains(err.Error(), tt.err) {
			t.Errorf("New(%q, %q): %v, want %q", tt.url, tt.key, err, tt.err)
		}
	}
	for in, want := range map[string]string{"n8n://abc": "abc", "n8n://abc/": "abc", "n8n://": "", "wf.json": ""} {
		if got, ok := ParseRef(in); got != want || ok != (want != "") {
			t.Errorf("ParseRef(%q) = %q, %v", in, got, ok)
		}
	}
}
