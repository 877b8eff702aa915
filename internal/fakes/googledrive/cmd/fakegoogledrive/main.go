// Command fakegoogledrive serves the Google Drive fake on an address, over HTTPS when
// given a certificate (to stand in for www.googleapis.com while real n8n
// is recorded). Control it through /__fake/ (see fakegoogledrive.Server); on
// SIGTERM/SIGINT it writes the request log and the final state.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"

	fakegoogledrive "github.com/n8n-go/n8n-go/internal/fakes/googledrive"
	fakegoogleoauth "github.com/n8n-go/n8n-go/internal/fakes/googleoauth"
	fakekit "github.com/n8n-go/n8n-go/internal/fakes/kit"
)

func main() {
	var f fakekit.Flags
	f.Define(flag.CommandLine, "127.0.0.1:8446")
	rateLimit := flag.Float64("rate-limit", 0, "requests per second served before answering rate-limit errors (0: no limit)")
	rateStatus := flag.Int("rate-status", 429, "status of rate-limit answers (429 or 403)")
	faults := flag.String("faults", "", "JSON file with a list of faults to queue")
	withOAuth := flag.Bool("oauth", false, "serve Google's token endpoint too (told apart by Host) and check tokens with it; the seed and dumps are {\"oauth\": …, \"drive\": …}")
	flag.Parse()
	oauth := fakegoogleoauth.New(fakegoogleoauth.Options{})
	var checker interface{ Check(string) bool }
	if *withOAuth {
		checker = oauth
	}
	fake := fakegoogledrive.New(fakegoogledrive.Options{RateLimit: *rateLimit, RateLimitStatus: *rateStatus, Checker: checker})
	if err := queueFaults(fake, *faults); err != nil {
		fmt.Fprintln(os.Stderr, "fakegoogledrive:", err)
		os.Exit(1)
	}
	var served fakekit.Fake = fake
	requests := func() any { return fake.Requests() }
	if *withOAuth {
		pair := fakegoogleoauth.NewPair("drive", fake, oauth)
		served = pair
		requests = func() any { return map[string]any{"oauth": oauth.Requests(), "drive": fake.Requests()} }
	}
	if err := fakekit.Run("fakegoogledrive", f, served, requests); err != nil {
		fmt.Fprintln(os.Stderr, "fakegoogledrive:", err)
		os.Exit(1)
	}
}

func queueFaults(fake *fakegoogledrive.Server, file string) error {
	if file == "" {
		return nil
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	var list []fakegoogledrive.Fault
	if err := json.Unmarshal(b, &list); err != nil {
		return fmt.Errorf("faults: %w", err)
	}
	for _, x := range list {
		fake.AddFault(x)
	}
	return nil
}
