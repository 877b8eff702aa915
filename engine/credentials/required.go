package credentials

import "strings"

// requiredFields are the fields a credential of each type must have for
// the nodes n8n-go implements to authenticate; checked by validate, so a
// half-filled credentials file fails before anything runs.
var requiredFields = map[string][]string{
	"notionApi":      {"apiKey"},
	"clockifyApi":    {"apiKey"},
	"googleApi":      {"email", "privateKey"},
	"httpHeaderAuth": {"name"},
	"httpBasicAuth":  {"user"},
	"httpQueryAuth":  {"name"},
	"httpBearerAuth": {"token"},
}

// MissingFields implements engine.CredentialFieldChecker: the required
// fields of typ that data lacks or leaves empty.
func (s *Store) MissingFields(typ string, data map[string]any) []string {
	var out []string
	for _, f := range requiredFields[typ] {
		if v, ok := data[f].(string); !ok || strings.TrimSpace(v) == "" {
			out = append(out, f)
		}
	}
	return out
}
