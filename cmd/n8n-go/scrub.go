package main

import (
	"bytes"
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

// writeScrubbed writes the run data through the scrubber whole, so no
// secret is split between two writes.
func writeScrubbed(w io.Writer, res *engine.Result, scrub *credentials.Scrubber) error {
	var buf bytes.Buffer
	if err := res.WriteJSON(&buf); err != nil {
		return err
	}
	_, err := w.Write(scrub.Bytes(buf.Bytes()))
	return err
}

// scrubOrNil keeps a nil *Scrubber from becoming a non-nil interface.
func scrubOrNil(s *credentials.Scrubber) server.Scrubber {
	if s == nil {
		return nil
	}
	return s
}
