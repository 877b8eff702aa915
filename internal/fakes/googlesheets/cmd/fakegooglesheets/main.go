// Command fakegooglesheets serves the Google Sheets fake together with
// its token endpoint on one address (over HTTPS when given a certificate),
// telling them apart by Host, to stand in for sheets.googleapis.com and
// oauth2.googleapis.com while real n8n is recorded. On SIGTERM/SIGINT it
// writes both request logs and both final states.
package main

import (
	"flag"
	"fmt"
	"os"

	fakegooglesheets "github.com/n8n-go/n8n-go/internal/fakes/googlesheets"
	fakekit "github.com/n8n-go/n8n-go/internal/fakes/kit"
)

func main() {
	var f fakekit.Flags
	f.Define(flag.CommandLine, "127.0.0.1:8445")
	legacy := flag.Bool("legacy-403", false, "answer rate limiting with 403 rateLimitExceeded instead of 429")
	rate := flag.Float64("rate-limit", 0, "requests per second before 429 (0: none)")
	flag.Parse()
	fake := fakegooglesheets.NewPair(fakegooglesheets.Options{Legacy403: *legacy, RateLimit: *rate})
	if err := fakekit.Run("fakegooglesheets", f, fake, func() any { return fake.Requests() }); err != nil {
		fmt.Fprintln(os.Stderr, "fakegooglesheets:", err)
		os.Exit(1)
	}
}
