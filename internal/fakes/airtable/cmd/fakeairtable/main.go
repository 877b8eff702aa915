// Command fakeairtable serves the Airtable fake on an address, over HTTPS
// when given a certificate (to stand in for api.airtable.com while real
// n8n is recorded). Control it through /__fake/ (see fakeairtable.Server);
// on SIGTERM/SIGINT it writes the request log and the final state.
package main

import (
	"flag"
	"fmt"
	"os"

	fakeairtable "github.com/n8n-go/n8n-go/internal/fakes/airtable"
	fakekit "github.com/n8n-go/n8n-go/internal/fakes/kit"
)

func main() {
	var f fakekit.Flags
	f.Define(flag.CommandLine, "127.0.0.1:8443")
	flag.Parse()
	fake := fakeairtable.New(fakeairtable.Options{})
	if err := fakekit.Run("fakeairtable", f, fake, func() any { return fake.Requests() }); err != nil {
		fmt.Fprintln(os.Stderr, "fakeairtable:", err)
		os.Exit(1)
	}
}
