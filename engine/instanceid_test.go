package engine

import "testing"

func TestInstanceIDFromKey(t *testing.T) {
	// The id n8n 1.123.81 derives from N8N_ENCRYPTION_KEY=oracle-recording-key
	// (it is in the Gmail goldens' attribution link).
	if got := InstanceIDFromKey("oracle-recording-key"); got != "94f74a65b871d11e6c669e106f2136de0e4d1ad478707b2d4a5edd5aa8ab4620" {
		t.Fatalf("got %s", got)
	}
	if InstanceIDFromKey("") != "" {
		t.Fatal("no key, no id")
	}
}
