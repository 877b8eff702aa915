// Command fakeclockify serves the Clockify fake on an address, over HTTPS
// when given a certificate (to stand in for api.clockify.me while real n8n
// is recorded). Control it through /__fake/ (see fakeclockify.Server); on
// SIGTERM/SIGINT it writes the request log and the final state.
package main

import (
	"flag"
	"fmt"
	"os"

	fakeclockify "github.com/n8n-go/n8n-go/internal/fakes/clockify"
	fakekit "github.com/n8n-go/n8n-go/internal/fakes/kit"
)

func main() {
	var f fakekit.Flags
	f.Define(flag.CommandLine, "127.0.0.1:8443")
	allowActive := flag.Bool("allow-active-client-delete", false, "let DELETE remove clients that are not archived")
	flag.Parse()
	fake := fakeclockify.New(fakeclockify.Options{AllowActiveClientDelete: *allowActive})
	if err := fakekit.Run("fakeclockify", f, fake, func() any { return fake.Requests() }); err != nil {
		fmt.Fprintln(os.Stderr, "fakeclockify:", err)
		os.Exit(1)
	}
}
