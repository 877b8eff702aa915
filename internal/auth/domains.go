package auth

import (
	"errors"
	"net/url"
	"strings"
)

// The HTTP Request node's credential restriction (n8n's
// allowedHttpRequestDomains): "all" (the default), "none" (the credential
// may not be used there) or "domains" with a comma-separated list where
// "*.example.com" matches subdomains only.

// ErrCredentialBlocked and ErrNoAllowedDomains are n8n's texts for a
// credential that may not be used by the HTTP Request node.
var (
	ErrCredentialBlocked = errors.New("This credential is configured to prevent use within an HTTP Request or GraphQL node")
	ErrNoAllowedDomains  = errors.New("No allowed domains specified. Configure allowed domains or change restriction setting.")
)

// AllowedDomains is the credential's domain list ("" when unrestricted).
func AllowedDomains(c Credential) (string, error) {
	switch String(c["allowedHttpRequestDomains"]) {
	case "none":
		return "", ErrCredentialBlocked
	case "domains":
		list := strings.TrimSpace(String(c["allowedDomains"]))
		if list == "" {
			return "", ErrNoAllowedDomains
		}
		return list, nil
	}
	return "", nil
}

// DomainAllowed reports whether rawURL's host is on list (n8n's
// isDomainAllowed; an empty list allows every host, an unparsable URL
// none).
func DomainAllowed(rawURL, list string) bool {
	if strings.TrimSpace(list) == "" {
		return true
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		return false
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	if host == "" {
		return false
	}
	for _, d := range strings.Split(list, ",") {
		d = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(d)), ".")
		switch {
		case d == "":
		case strings.HasPrefix(d, "*."):
			if suffix := d[2:]; suffix != "" && strings.HasSuffix(host, "."+suffix) {
				return true
			}
		case host == d:
			return true
		}
	}
	return false
}
