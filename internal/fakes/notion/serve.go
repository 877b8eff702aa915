package notion

import (
	"net/http"
	"net/http/httptest"

	fakekit "github.com/n8n-go/n8n-go/internal/fakes/kit"
)

// Start serves s over plain HTTP on a random loopback port until the test
// (or whoever calls Close) is done. Point n8n-go at srv.URL with
// httpx.Options.Endpoints{"api.notion.com": srv.URL}.
func Start(s *Server) *httptest.Server { return httptest.NewServer(s) }

// StartTLS is Start over HTTPS with httptest's certificate; srv.Client()
// trusts it.
func StartTLS(s *Server) *httptest.Server { return httptest.NewTLSServer(s) }

// Listener is a fake served on an address.
type Listener = fakekit.Listener

// Listen serves h on addr, over HTTPS when certFile is not empty (see
// fakekit.Listen).
func Listen(h http.Handler, addr, certFile, keyFile string) (*Listener, error) {
	return fakekit.Listen(h, addr, certFile, keyFile)
}
