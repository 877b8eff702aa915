package extractfromfile

import "testing"

// Difference from n8n: without an encoding option n8n guesses one with
// chardet, and for the bytes 00 01 02 FF it guessed UTF-32BE ("\U000102FF",
// seen when recording json-text-base64). n8n-go reads UTF-8, replacing
// invalid bytes, which is what n8n does with encoding "utf8" set.
func TestDecodeTextIsUTF8(t *testing.T) {
	if got := decodeText([]byte{0, 1, 2, 0xFF}, true); got != "\x00\x01\x02\uFFFD" {
		t.Errorf("got %q", got)
	}
	if got := decodeText([]byte("\ufeffhé"), true); got != "hé" {
		t.Errorf("BOM not stripped: %q", got)
	}
}
