// Command fakegoogleoauth serves the Google token endpoint fake on an
// address, over HTTPS when given a certificate. On SIGTERM/SIGINT it
// writes the request log and the final state.
package main

import (
	"flag"
	"fmt"
	"os"

	fakegoogleoauth "github.com/n8n-go/n8n-go/internal/fakes/googleoauth"
	fakekit "github.com/n8n-go/n8n-go/internal/fakes/kit"
)

func main() {
	var f fakekit.Flags
	f.Define(flag.CommandLine, "127.0.0.1:8444")
	flag.Parse()
	fake := fakegoogleoauth.New(fakegoogleoauth.Options{})
	if err := fakekit.Run("fakegoogleoauth", f, fake, func() any { return fake.Requests() }); err != nil {
		fmt.Fprintln(os.Stderr, "fakegoogleoauth:", err)
		os.Exit(1)
	}
}
