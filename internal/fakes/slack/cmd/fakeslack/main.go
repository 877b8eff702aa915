// Command fakeslack serves the Slack Web API fake on an address, over
// HTTPS when given a certificate (to stand in for slack.com and
// files.slack.com while real n8n is recorded). Control it through
// /__fake/ (see fakeslack.Server); on SIGTERM/SIGINT it writes the request
// log and the final state.
package main

import (
	"flag"
	"fmt"
	"os"

	fakekit "github.com/n8n-go/n8n-go/internal/fakes/kit"
	fakeslack "github.com/n8n-go/n8n-go/internal/fakes/slack"
)

func main() {
	var f fakekit.Flags
	f.Define(flag.CommandLine, "127.0.0.1:8443")
	flag.Parse()
	fake := fakeslack.New(fakeslack.Options{})
	if err := fakekit.Run("fakeslack", f, fake, func() any { return fake.Requests() }); err != nil {
		fmt.Fprintln(os.Stderr, "fakeslack:", err)
		os.Exit(1)
	}
}
