package googledrive_test

import (
	"testing"

	"github.com/n8n-go/n8n-go/internal/apitest"
	fakegoogledrive "github.com/n8n-go/n8n-go/internal/fakes/googledrive"
	fakegoogleoauth "github.com/n8n-go/n8n-go/internal/fakes/googleoauth"
	"github.com/n8n-go/n8n-go/nodes/googledrive"
)

// TestTokenRefreshGolden: a token that lapses in the middle of a run,
// recorded from n8n (see apitest.GoogleRefresh).
func TestTokenRefreshGolden(t *testing.T) {
	apitest.GoogleRefresh[fakegoogledrive.Request]{
		Dir: goldenDir, Name: "token-refresh", API: "drive",
		NewAPI: func(oauth *fakegoogleoauth.Server) fakegoogleoauth.API {
			return fakegoogledrive.New(fakegoogledrive.Options{Checker: oauth})
		},
		Requests: func(api fakegoogleoauth.API) []fakegoogledrive.Request {
			return api.(*fakegoogledrive.Server).Requests()
		},
		Key:  requestKey,
		Node: googledrive.New(),
	}.Test(t)
}
