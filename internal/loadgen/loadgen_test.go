package loadgen

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestRunCountsAnswers(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{}`))
	}))
	defer ts.Close()
	r, err := Run(context.Background(), Options{URL: ts.URL, Clients: 2, Duration: 100 * time.Millisecond})
	if err != nil || r.Requests == 0 || r.Codes["200"] != r.Requests || r.P99MS < r.P50MS {
		t.Fatalf("%+v %v", r, err)
	}
}

func TestRunRefusesNonLoopback(t *testing.T) {
	_, err := Run(context.Background(), Options{URL: "http://example.com/x", Clients: 1, Duration: time.Second})
	if err == nil || !strings.Contains(err.Error(), "loopback") {
		t.Fatal(err)
	}
}
