// Command faketelegram serves the Telegram Bot API fake on an address, over
// HTTPS when given a certificate (to stand in for api.telegram.org while
// real n8n is recorded). Control it through /__fake/ (see
// faketelegram.Server); on SIGTERM/SIGINT it writes the request log and the
// final state.
package main

import (
	"flag"
	"fmt"
	"os"

	fakekit "github.com/n8n-go/n8n-go/internal/fakes/kit"
	faketelegram "github.com/n8n-go/n8n-go/internal/fakes/telegram"
)

func main() {
	var f fakekit.Flags
	f.Define(flag.CommandLine, "127.0.0.1:8443")
	flag.Parse()
	fake := faketelegram.New(faketelegram.Options{})
	if err := fakekit.Run("faketelegram", f, fake, func() any { return fake.Requests() }); err != nil {
		fmt.Fprintln(os.Stderr, "faketelegram:", err)
		os.Exit(1)
	}
}
