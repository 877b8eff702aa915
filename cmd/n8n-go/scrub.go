package main

import (
	"io"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/credentials"
	"github.com/n8n-go/n8n-go/internal/server"
)

// scrubberFor returns the scrubber of the secrets a credential store
// holds (an empty one for stores without secrets, such as the sandbox's).
func scrubberFor(creds engine.CredentialStore) *credentials.Scrubber {
	if s, ok := creds.(interface{ Scrubber() *credentials.Scrubber }); ok {
		return s.Scrubber()
	}
	return credentials.NewScrubber()
}

// writeScrubbed streams the run data through the scrubber (which finds a
// secret even when it is split between two writes), so a large run is
// never held whole in memory.
func writeScrubbed(w io.Writer, res *engine.Result, scrub *credentials.Scrubber) error {
	sw := scrub.StreamWriter(w)
	if err := res.WriteJSON(sw); err != nil {
		return err
	}
	return sw.Close()
}

// scrubOrNil keeps a nil *Scrubber from becoming a non-nil interface.
func scrubOrNil(s *credentials.Scrubber) server.Scrubber {
	if s == nil {
		return nil
	}
	return s
}
