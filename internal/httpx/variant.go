package httpx

import (
	"crypto/tls"
	"fmt"
	"net/http"
	"net/url"
)

// Variant is a per-request transport setting a node may ask for (the HTTP
// Request node's "Ignore SSL Issues" and "Proxy" options).
type Variant struct {
	// Insecure skips certificate verification.
	Insecure bool
	// Proxy is a proxy URL ("http://user:pass@host:port"); empty uses the
	// environment's, as the base transport does.
	Proxy string
}

// ForVariant is For with a variant transport. A base transport that is not
// an *http.Transport (HTTP recording or replay) is used as it is: there is
// no connection to configure.
func (c *Client) ForVariant(key string, v Variant) (*http.Client, error) {
	if v == (Variant{}) {
		return c.For(key), nil
	}
	t, ok := c.base.(*http.Transport)
	if !ok {
		return c.For(key), nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.variants == nil {
		c.variants = map[Variant]http.RoundTripper{}
	}
	rt := c.variants[v]
	if rt == nil {
		nt := t.Clone()
		if v.Insecure {
			if nt.TLSClientConfig == nil {
				nt.TLSClientConfig = &tls.Config{}
			}
			nt.TLSClientConfig.InsecureSkipVerify = true
		}
		if v.Proxy != "" {
			u, err := url.Parse(v.Proxy)
			if err != nil || u.Host == "" {
				return nil, fmt.Errorf("proxy %q is not a URL", v.Proxy)
			}
			nt.Proxy = http.ProxyURL(u)
		}
		rt = nt
		c.variants[v] = rt
	}
	// The limiters and 429 pauses stay the client's: they are per
	// credential, not per connection pool.
	return &http.Client{Transport: &transport{c: c, key: key, base: rt}, Timeout: c.opts.RequestTimeout}, nil
}
