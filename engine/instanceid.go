package engine

import (
	"crypto/sha256"
	"encoding/hex"
)

// InstanceIDFromKey is n8n's instance id for an encryption key: the
// sha256 of its second half (slice(Math.round(length / 2))), hex.
func InstanceIDFromKey(key string) string {
	if key == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(key[(len(key)+1)/2:]))
	return hex.EncodeToString(sum[:])
}
