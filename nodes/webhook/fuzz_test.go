package webhook

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/n8n-go/n8n-go/engine/workflow"
)

// FuzzReceive: no request makes webhook parsing panic: any content type,
// body, query string, path or header, in every body-handling mode.
func FuzzReceive(f *testing.F) {
	deep := strings.Repeat(`{"a":`, 2000) + "1" + strings.Repeat("}", 2000)
	seeds := []struct{ ct, body, query, path string }{
		{"application/json", `{"a":1}`, "a=1&b[c]=2", "p"},
		{"application/json", deep, "", "p"},
		{"application/x-www-form-urlencoded", "a=1&a=2&b[]=x&c[d][e]=1", "x[100000000]=1", "p"},
		{"multipart/form-data; boundary=XX", "--XX\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.txt\"\r\n\r\nhi\r\n--XX--\r\n", "", "p"},
		{"multipart/form-data", "garbage", "", "p"},
		{"text/plain", "hello", "a[]=1&a[0]=2", "p/:id"},
		{"application/xml", "<a>1</a>", "%zz", "p"},
		{"", "", "a[b][c][d][e][f][g]=1", ""},
	}
	for _, s := range seeds {
		f.Add(s.ct, s.body, s.query, s.path, uint8(0))
	}
	f.Fuzz(func(t *testing.T, ct, body, query, path string, mode uint8) {
		params := map[string]any{"path": "p", "httpMethod": "POST", "options": map[string]any{}}
		opts := params["options"].(map[string]any)
		if mode&1 != 0 {
			opts["rawBody"] = true
		}
		if mode&2 != 0 {
			opts["binaryData"] = true
		}
		version := 2.0
		if mode&4 != 0 {
			version = 1
		}
		cfg, err := ConfigFor(params, &workflow.Node{Name: "W", TypeVersion: version, WebhookID: "x"})
		if err != nil {
			return
		}
		req := httptest.NewRequest("POST", "/webhook/p", strings.NewReader(body))
		req.URL.RawQuery = query
		req.Header.Set("Content-Type", ct)
		_, _ = cfg.Receive(context.Background(), Request{HTTP: req, Body: []byte(body), Params: map[string]string{"id": path}, WebhookURL: "http://h/webhook/p", Mode: "webhook"}, &workflow.Node{Name: "W"}, nil)
		_ = ParseQuery(query)
		_, _, _ = cfg.Match(path)
	})
}
