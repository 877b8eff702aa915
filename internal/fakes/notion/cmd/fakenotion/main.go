// Command fakenotion serves the Notion fake on an address, over HTTPS when
// given a certificate (to stand in for api.notion.com while real n8n is
// recorded). Control it through /__fake/ (see fakenotion.Server); on
// SIGTERM/SIGINT it writes the request log and the final state.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"

	fakekit "github.com/n8n-go/n8n-go/internal/fakes/kit"
	fakenotion "github.com/n8n-go/n8n-go/internal/fakes/notion"
)

func main() {
	var f fakekit.Flags
	f.Define(flag.CommandLine, "127.0.0.1:8444")
	rateLimit := flag.Float64("rate-limit", 0, "requests per second served before answering 429 (0: no limit)")
	rateBurst := flag.Int("rate-burst", 1, "burst of the rate limit")
	faults := flag.String("faults", "", "JSON file with a list of faults to queue")
	flag.Parse()
	if err := run(f, *faults, *rateLimit, *rateBurst); err != nil {
		fmt.Fprintln(os.Stderr, "fakenotion:", err)
		os.Exit(1)
	}
}

func run(f fakekit.Flags, faults string, rateLimit float64, rateBurst int) error {
	fake := fakenotion.New(fakenotion.Options{RateLimit: rateLimit, RateBurst: rateBurst})
	if faults != "" {
		b, err := os.ReadFile(faults)
		if err != nil {
			return err
		}
		var list []fakenotion.Fault
		if err := json.Unmarshal(b, &list); err != nil {
			return fmt.Errorf("faults: %w", err)
		}
		for _, f := range list {
			fake.AddFault(f)
		}
	}
	return fakekit.Run("fakenotion", f, fake, func() any { return fake.Requests() })
}
