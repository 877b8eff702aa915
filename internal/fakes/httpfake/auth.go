package httpfake

import (
	"crypto/hmac"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"hash"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/n8n-go/n8n-go/engine/data"
)

// The fake checks three kinds of signed requests the way a real API does,
// so a client that signs wrongly fails, and logs their Authorization
// header with the parts a client draws at random (nonces, timestamps) and
// the signature replaced by placeholders ("VALID" when the signature
// checks), so two clients' request logs compare equal:
//
//	Authorization: OAuth …          (any route) checked against Options.OAuth1
//	GET|… /digest/…                 needs HTTP Digest (Options.Digest); 401 with a challenge
//	POST /oauth/token               OAuth2 token endpoint (Options.OAuth2Client):
//	                                client_credentials and refresh_token grants
//	… /secure/…                     needs "Bearer <a token the endpoint issued>"; 401 otherwise

// OAuth1Keys are the secrets an OAuth1 signature is checked with.
type OAuth1Keys struct{ ConsumerKey, ConsumerSecret, TokenSecret string }

// Client is an OAuth2 client id and secret.
type Client struct{ ID, Secret string }

// DigestUser is the user and password of the /digest/ routes.
type DigestUser struct{ User, Password string }

// ParseTriple splits "a:b:c" (or "a:b") for the command's flags.
func ParseTriple(s string) []string { return strings.SplitN(s, ":", 3) }

const (
	digestRealm  = "fake"
	digestNonce  = "fakenonce"
	digestOpaque = "fakeopaque"
)

var nonceShape = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^[A-Za-z0-9]{32}$`)
})

// authParams parses `k="v", k2=v2` as Authorization headers write them.
func authParams(s string) [][2]string {
	var out [][2]string
	for s = strings.TrimSpace(s); s != ""; {
		k, rest, ok := strings.Cut(s, "=")
		if !ok {
			break
		}
		k = strings.TrimSpace(k)
		var v string
		if strings.HasPrefix(rest, `"`) {
			end := strings.Index(rest[1:], `"`)
			if end < 0 {
				v, rest = rest[1:], ""
			} else {
				v, rest = rest[1:1+end], rest[2+end:]
			}
		} else {
			v, rest, _ = strings.Cut(rest, ",")
		}
		out = append(out, [2]string{k, v})
		s = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(rest), ","))
	}
	return out
}

// rfc3986 is OAuth1's percent-encoding (RFC 5849 3.6).
func rfc3986(s string) string {
	return strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
}

// checkOAuth1 verifies an "OAuth …" Authorization header (RFC 5849: the
// base string over the method, the public URL and every oauth_, query and
// form parameter) and returns the header as logged.
func (s *Server) checkOAuth1(r *http.Request, authz string, raw []byte) string {
	params := authParams(strings.TrimPrefix(authz, "OAuth "))
	var sig, method, ts string
	var pairs [][2]string
	for _, p := range params {
		v, _ := url.QueryUnescape(strings.ReplaceAll(p[1], "+", "%2B"))
		switch p[0] {
		case "oauth_signature":
			sig = v
			continue
		case "oauth_signature_method":
			method = v
		case "oauth_timestamp":
			ts = v
		case "realm":
			continue
		}
		pairs = append(pairs, [2]string{p[0], v})
	}
	q, _ := url.ParseQuery(r.URL.RawQuery)
	for k, vs := range q {
		for _, v := range vs {
			pairs = append(pairs, [2]string{k, v})
		}
	}
	if ct := r.Header.Get("Content-Type"); strings.HasPrefix(ct, "application/x-www-form-urlencoded") {
		f, _ := url.ParseQuery(string(raw))
		for k, vs := range f {
			for _, v := range vs {
				pairs = append(pairs, [2]string{k, v})
			}
		}
	}
	enc := make([]string, len(pairs))
	for i, p := range pairs {
		enc[i] = rfc3986(p[0]) + "=" + rfc3986(p[1])
	}
	sort.Strings(enc)
	base := strings.ToUpper(r.Method) + "&" + rfc3986(s.publicURL(r)) + "&" + rfc3986(strings.Join(enc, "&"))
	var h func() hash.Hash
	switch method {
	case "HMAC-SHA1":
		h = sha1.New
	case "HMAC-SHA256":
		h = sha256.New
	case "HMAC-SHA512":
		h = sha512.New
	}
	verdict := "INVALID"
	if k := s.opts.OAuth1; h != nil && k != nil {
		mac := hmac.New(h, []byte(rfc3986(k.ConsumerSecret)+"&"+rfc3986(k.TokenSecret)))
		mac.Write([]byte(base))
		if hmac.Equal([]byte(base64.StdEncoding.EncodeToString(mac.Sum(nil))), []byte(sig)) {
			verdict = "VALID"
		}
	}
	// The log keeps what was sent, in the order sent, but the random parts.
	var b strings.Builder
	b.WriteString("OAuth ")
	for i, p := range params {
		v := p[1]
		switch p[0] {
		case "oauth_nonce":
			v = "NONCE"
			if !nonceShape().MatchString(p[1]) {
				v = fmt.Sprintf("ODD-NONCE(%d)", len(p[1]))
			}
		case "oauth_timestamp":
			v = "TIMESTAMP"
			if n, err := strconv.ParseInt(ts, 10, 64); err != nil || time.Since(time.Unix(n, 0)).Abs() > 5*time.Minute {
				v = "STALE-TIMESTAMP"
			}
		case "oauth_signature":
			v = verdict
		}
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, `%s="%s"`, p[0], v)
	}
	return b.String()
}

// publicURL is the URL a client signed: the public base and the path.
func (s *Server) publicURL(r *http.Request) string {
	if s.opts.PublicBase != "" {
		return strings.TrimSuffix(s.opts.PublicBase, "/") + r.URL.Path
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host + r.URL.Path
}

// checkDigest verifies a Digest Authorization (MD5, qop=auth, the fake's
// nonce) and returns whether it holds and the header as logged.
func (s *Server) checkDigest(r *http.Request, authz string) (bool, string) {
	params := authParams(strings.TrimPrefix(authz, "Digest "))
	p := map[string]string{}
	for _, kv := range params {
		p[strings.ToLower(kv[0])] = kv[1]
	}
	ok := false
	if d := s.opts.Digest; d != nil && p["username"] == d.User && p["realm"] == digestRealm && p["nonce"] == digestNonce {
		md := func(x string) string { h := md5.Sum([]byte(x)); return hex.EncodeToString(h[:]) }
		ha1 := md(d.User + ":" + digestRealm + ":" + d.Password)
		ha2 := md(r.Method + ":" + p["uri"])
		want := md(ha1 + ":" + digestNonce + ":" + p["nc"] + ":" + p["cnonce"] + ":" + p["qop"] + ":" + ha2)
		ok = p["qop"] == "auth" && p["uri"] == r.URL.RequestURI() && hmac.Equal([]byte(want), []byte(p["response"]))
	}
	var b strings.Builder
	b.WriteString("Digest ")
	for i, kv := range params {
		v := kv[1]
		switch strings.ToLower(kv[0]) {
		case "cnonce":
			v = "CNONCE"
		case "response":
			v = "INVALID"
			if ok {
				v = "VALID"
			}
		}
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, `%s="%s"`, kv[0], v)
	}
	return ok, b.String()
}

// token answers the OAuth2 token endpoint (under s.mu). The client
// authenticates with Basic or client_id/client_secret in the body.
func (s *Server) token(r *http.Request, raw []byte) (int, any) {
	form, err := url.ParseQuery(string(raw))
	if err != nil || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		return http.StatusBadRequest, data.ObjectOf("error", "invalid_request")
	}
	id, secret, basic := r.BasicAuth()
	if !basic {
		id, secret = form.Get("client_id"), form.Get("client_secret")
	}
	c := s.opts.OAuth2Client
	if c == nil || id != c.ID || secret != c.Secret {
		return http.StatusUnauthorized, data.ObjectOf("error", "invalid_client")
	}
	switch form.Get("grant_type") {
	case "client_credentials":
	case "refresh_token":
		if !strings.HasPrefix(form.Get("refresh_token"), "refresh-") {
			return http.StatusBadRequest, data.ObjectOf("error", "invalid_grant")
		}
	default:
		return http.StatusBadRequest, data.ObjectOf("error", "unsupported_grant_type")
	}
	tok := "token-" + strconv.Itoa(len(s.tokens)+1)
	s.tokens = append(s.tokens, tok)
	ans := data.ObjectOf("access_token", tok, "token_type", "Bearer", "expires_in", float64(3600))
	if sc := form.Get("scope"); sc != "" {
		ans.Set("scope", sc)
	}
	return http.StatusOK, ans
}

// bearerValid reports whether r carries a token the endpoint issued (under s.mu).
func (s *Server) bearerValid(r *http.Request) (string, bool) {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok {
		return "", false
	}
	for _, t := range s.tokens {
		if t == tok {
			return tok, true
		}
	}
	return tok, false
}
