package main

import (
	"fmt"
	"net/http"
	"net/url"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/internal/httprecord"
)

// httpSession records or replays the HTTP exchanges of one run
// (`run --record-http/--replay-http`, a test case's "http").
type httpSession struct {
	recordPath string
	recorder   *httprecord.Recorder
	replayer   *httprecord.Replayer
}

// wireHTTP sets up --record-http or --replay-http (both "": nothing).
func wireHTTP(x *extra, recordFile, replayFile string, sandbox bool, credFile string, env cliEnv) (*httpSession, error) {
	if recordFile == "" && replayFile == "" {
		return nil, nil
	}
	if recordFile != "" && replayFile != "" {
		return nil, fmt.Errorf("--record-http and --replay-http exclude each other")
	}
	if replayFile != "" && sandbox {
		return nil, fmt.Errorf("--replay-http needs no --sandbox: the recording answers every request")
	}
	creds := x.credentials
	if creds == nil {
		c, err := loadCredentials(credFile, env)
		if err != nil {
			return nil, err
		}
		creds = c
	}
	if recordFile != "" {
		return recordHTTP(x, recordFile, creds), nil
	}
	return replayHTTP(x, replayFile, creds)
}

// recordHTTP makes the run built from x record its exchanges; save writes
// them to path. creds are the run's credentials: their values are scrubbed
// from the recording.
func recordHTTP(x *extra, path string, creds engine.CredentialStore) *httpSession {
	secrets := &httprecord.Secrets{}
	// Every secret the store holds is scrubbed, not only those of the
	// credentials the run resolves: an API may echo any of them.
	secrets.AddValues(scrubberFor(creds).Forms()...)
	s := &httpSession{recordPath: path}
	x.credentials = httprecord.Credentials(creds, secrets, nil)
	x.transport = func(mapURL func(*url.URL) *url.URL) http.RoundTripper {
		s.recorder = httprecord.NewRecorder(nil, mapURL, secrets)
		return s.recorder
	}
	return s
}

// replayHTTP makes the run built from x answer every request from the
// recording at path, without network. creds may be nil or lack types: the
// recording's placeholder credentials fill in.
func replayHTTP(x *extra, path string, creds engine.CredentialStore) (*httpSession, error) {
	rec, err := httprecord.Load(path)
	if err != nil {
		return nil, err
	}
	secrets := &httprecord.Secrets{}
	s := &httpSession{replayer: httprecord.NewReplayer(rec, secrets)}
	var inner httprecord.Resolver
	if creds != nil {
		inner = creds
	}
	x.credentials = httprecord.Credentials(inner, secrets, rec.Credentials)
	x.transport = func(func(*url.URL) *url.URL) http.RoundTripper { return s.replayer }
	return s, nil
}

// save writes the recording, if recording.
func (s *httpSession) save() error {
	if s == nil || s.recorder == nil {
		return nil
	}
	return s.recorder.Recording().WriteFile(s.recordPath)
}

// problems lists what went wrong in a replay: requests no exchange
// answered and, with unused, exchanges no request used.
func (s *httpSession) problems(unused bool) []string {
	if s == nil || s.replayer == nil {
		return nil
	}
	var out []string
	for _, m := range s.replayer.Misses() {
		out = append(out, m.Error())
	}
	if !unused {
		return out
	}
	if unused := s.replayer.Unused(); len(unused) > 0 {
		line := fmt.Sprintf("http replay: %d recorded exchange(s) were not requested:", len(unused))
		for i, u := range unused {
			if i == 5 {
				line += fmt.Sprintf(" … and %d more", len(unused)-5)
				break
			}
			line += " " + u + ";"
		}
		out = append(out, line)
	}
	return out
}
