package engine

import (
	"crypto/sha256"
	"encoding/hex"
	"math"
)

// InstanceIDFromKey is the instance id n8n derives from its encryption key
// (N8N_ENCRYPTION_KEY): the SHA-256 of the key's second half, in hex, the
// half starting at Math.round(length / 2). Nodes put it in the attribution
// links they append to messages, so runs with the same key send the same
// text.
func InstanceIDFromKey(key string) string {
	if key == "" {
		return ""
	}
	u := []rune(key)
	half := int(math.Floor(float64(len(u))/2 + 0.5))
	sum := sha256.Sum256([]byte(string(u[half:])))
	return hex.EncodeToString(sum[:])
}
