package gmail_test

import (
	"testing"

	"github.com/n8n-go/n8n-go/internal/apitest"
	fakegmail "github.com/n8n-go/n8n-go/internal/fakes/gmail"
	fakegoogleoauth "github.com/n8n-go/n8n-go/internal/fakes/googleoauth"
	"github.com/n8n-go/n8n-go/nodes/gmail"
)

// TestTokenRefreshGolden: a token that lapses in the middle of a run,
// recorded from n8n (see apitest.GoogleRefresh).
func TestTokenRefreshGolden(t *testing.T) {
	apitest.GoogleRefresh[fakegmail.Request]{
		Dir: goldenDir, Name: "token-refresh", API: "gmail",
		NewAPI: func(oauth *fakegoogleoauth.Server) fakegoogleoauth.API {
			return fakegmail.New(fakegmail.Options{Checker: oauth})
		},
		Requests: func(api fakegoogleoauth.API) []fakegmail.Request { return api.(*fakegmail.Server).Requests() },
		Key:      requestKey,
		Node:     gmail.New(),
	}.Test(t)
}
