// Command httpfake serves the generic fake HTTP API (internal/fakes/httpfake)
// on an address, over HTTPS when given a certificate, to stand in for an
// API while real n8n is recorded. On SIGTERM/SIGINT it writes the request
// log and the records created.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/n8n-go/n8n-go/internal/fakes/httpfake"
	fakekit "github.com/n8n-go/n8n-go/internal/fakes/kit"
)

func main() {
	var f fakekit.Flags
	f.Define(flag.CommandLine, "127.0.0.1:8444")
	jitter := flag.Duration("jitter", 0, "answer each request after a random delay below this")
	seed := flag.Uint64("jitter-seed", 0, "seed of the jitter (0: fixed default)")
	oauth1 := flag.String("oauth1", "", "consumerKey:consumerSecret:tokenSecret OAuth1 signatures are checked with")
	oauth2 := flag.String("oauth2-client", "", "clientId:clientSecret the OAuth2 token endpoint accepts")
	digest := flag.String("digest", "", "user:password the /digest/ routes accept")
	public := flag.String("public-base", "", "base URL clients sign OAuth1 requests for (default: the request's)")
	flag.Parse()
	opts := httpfake.Options{Jitter: *jitter, Seed: *seed, PublicBase: *public}
	if p := httpfake.ParseTriple(*oauth1); len(p) == 3 {
		opts.OAuth1 = &httpfake.OAuth1Keys{ConsumerKey: p[0], ConsumerSecret: p[1], TokenSecret: p[2]}
	}
	if p := httpfake.ParseTriple(*oauth2); len(p) == 2 {
		opts.OAuth2Client = &httpfake.Client{ID: p[0], Secret: p[1]}
	}
	if p := httpfake.ParseTriple(*digest); len(p) == 2 {
		opts.Digest = &httpfake.DigestUser{User: p[0], Password: p[1]}
	}
	fake := httpfake.New(opts)
	if err := fakekit.Run("httpfake", f, fake, func() any { return fake.Requests() }); err != nil {
		fmt.Fprintln(os.Stderr, "httpfake:", err)
		os.Exit(1)
	}
}
