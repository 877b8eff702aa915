package engine

import "testing"

// The recordings' N8N_ENCRYPTION_KEY gives the id real n8n 1.123.81 put in
// the Telegram attribution links (testdata/telegram/send-message.requests.json).
func TestInstanceIDFromKey(t *testing.T) {
	const want = "94f74a65b871d11e6c669e106f2136de0e4d1ad478707b2d4a5edd5aa8ab4620"
	if got := InstanceIDFromKey("oracle-recording-key"); got != want {
		t.Fatalf("InstanceIDFromKey = %s, want %s", got, want)
	}
}
