package webhook

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/rsa"
	"crypto/subtle"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"strings"
	"time"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/workflow"
)

// authRejection is n8n's WebhookAuthorizationError: the status, a text body
// and always a Basic realm challenge.
func authRejection(code int, msg string) *Rejection {
	if msg == "" {
		switch code {
		case http.StatusUnauthorized:
			msg = "Authorization is required!"
		case http.StatusForbidden:
			msg = "Authorization data is wrong!"
		default:
			msg = "Authorization problem!"
		}
	}
	h := http.Header{}
	h.Set("WWW-Authenticate", `Basic realm="Webhook"`)
	return &Rejection{Code: code, Message: msg, Header: h}
}

func (c *Config) credential(typ string, node *workflow.Node, creds engine.CredentialStore) map[string]any {
	if creds == nil {
		return nil
	}
	var ref *workflow.CredentialRef
	if node != nil {
		if r, ok := node.Credentials[typ]; ok {
			ref = &r
		}
	}
	m, err := creds.Resolve(typ, ref)
	if err != nil {
		return nil
	}
	return m
}

func str(m map[string]any, k string) string {
	s, _ := m[k].(string)
	return s
}

func equal(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }

// authenticate is n8n's validateWebhookAuthentication. It returns the JWT
// payload for jwtAuth.
func (c *Config) authenticate(r *http.Request, node *workflow.Node, creds engine.CredentialStore) (*data.Object, error) {
	switch c.Auth {
	case "none", "":
		return nil, nil
	case "basicAuth":
		want := c.credential("httpBasicAuth", node, creds)
		if str(want, "user") == "" || str(want, "password") == "" {
			return nil, authRejection(http.StatusInternalServerError, "No authentication data defined on node!")
		}
		user, pass, ok := r.BasicAuth()
		if !ok {
			return nil, authRejection(http.StatusUnauthorized, "")
		}
		if !equal(user, str(want, "user")) || !equal(pass, str(want, "password")) {
			return nil, authRejection(http.StatusForbidden, "")
		}
	case "bearerAuth":
		token := str(c.credential("httpBearerAuth", node, creds), "token")
		if token == "" {
			return nil, authRejection(http.StatusInternalServerError, "No authentication data defined on node!")
		}
		if !equal(r.Header.Get("Authorization"), "Bearer "+token) {
			return nil, authRejection(http.StatusForbidden, "")
		}
	case "headerAuth":
		want := c.credential("httpHeaderAuth", node, creds)
		if str(want, "name") == "" || str(want, "value") == "" {
			return nil, authRejection(http.StatusInternalServerError, "No authentication data defined on node!")
		}
		got, present := r.Header[http.CanonicalHeaderKey(str(want, "name"))]
		if !present || !equal(strings.Join(got, ", "), str(want, "value")) {
			return nil, authRejection(http.StatusForbidden, "")
		}
	case "jwtAuth":
		want := c.credential("jwtAuth", node, creds)
		if want == nil {
			return nil, authRejection(http.StatusInternalServerError, "No authentication data defined on node!")
		}
		_, token, _ := strings.Cut(r.Header.Get("Authorization"), " ")
		token, _, _ = strings.Cut(token, " ")
		if token == "" {
			return nil, authRejection(http.StatusUnauthorized, "No token provided")
		}
		payload, err := verifyJWT(token, want, time.Now())
		if err != nil {
			return nil, authRejection(http.StatusForbidden, err.Error())
		}
		return payload, nil
	}
	return nil, nil
}

// verifyJWT checks a token as jsonwebtoken.verify does with one allowed
// algorithm (the credential's), and exp/nbf; the messages are the
// library's.
func verifyJWT(token string, cred map[string]any, now time.Time) (*data.Object, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return nil, errors.New("jwt malformed")
	}
	var header struct {
		Alg string `json:"alg"`
	}
	hb, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[0], "="))
	if err != nil || json.Unmarshal(hb, &header) != nil {
		return nil, errors.New("invalid token")
	}
	pb, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return nil, errors.New("invalid token")
	}
	payload, err := data.ParseJSONObject(pb)
	if err != nil || payload == nil {
		return nil, errors.New("invalid token")
	}
	sig, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[2], "="))
	if err != nil {
		return nil, errors.New("invalid signature")
	}
	alg := str(cred, "algorithm")
	if alg == "" {
		alg = "HS256"
	}
	if header.Alg != alg {
		return nil, errors.New("invalid algorithm")
	}
	signed := []byte(parts[0] + "." + parts[1])
	var key any
	if str(cred, "keyType") == "pemKey" {
		key, err = parsePublicKey(str(cred, "publicKey"))
		if err != nil {
			return nil, errors.New("secret or public key must be provided")
		}
	} else {
		key = []byte(str(cred, "secret"))
	}
	if err := checkSignature(alg, key, signed, sig); err != nil {
		return nil, err
	}
	if exp, ok := payload.Value("exp").(float64); ok && float64(now.Unix()) >= exp {
		return nil, errors.New("jwt expired")
	}
	if nbf, ok := payload.Value("nbf").(float64); ok && float64(now.Unix()) < nbf {
		return nil, errors.New("jwt not active")
	}
	return payload, nil
}

var hashes = map[string]crypto.Hash{"256": crypto.SHA256, "384": crypto.SHA384, "512": crypto.SHA512}

func checkSignature(alg string, key any, signed, sig []byte) error {
	bad := errors.New("invalid signature")
	if len(alg) != 5 {
		return errors.New("invalid algorithm")
	}
	h, ok := hashes[alg[2:]]
	if !ok {
		return errors.New("invalid algorithm")
	}
	hw := h.New()
	hw.Write(signed)
	digest := hw.Sum(nil)
	switch alg[:2] {
	case "HS":
		secret, ok := key.([]byte)
		if !ok || len(secret) == 0 {
			return errors.New("secret or public key must be provided")
		}
		m := hmac.New(h.New, secret)
		m.Write(signed)
		if !hmac.Equal(m.Sum(nil), sig) {
			return bad
		}
	case "RS":
		pk, ok := key.(*rsa.PublicKey)
		if !ok || rsa.VerifyPKCS1v15(pk, h, digest, sig) != nil {
			return bad
		}
	case "PS":
		pk, ok := key.(*rsa.PublicKey)
		if !ok || rsa.VerifyPSS(pk, h, digest, sig, nil) != nil {
			return bad
		}
	case "ES":
		pk, ok := key.(*ecdsa.PublicKey)
		if !ok || len(sig)%2 != 0 {
			return bad
		}
		n := len(sig) / 2
		r, s := new(big.Int).SetBytes(sig[:n]), new(big.Int).SetBytes(sig[n:])
		if !ecdsa.Verify(pk, digest, r, s) {
			return bad
		}
	default:
		return errors.New("invalid algorithm")
	}
	return nil
}

// parsePublicKey reads a PEM public key or certificate; keys pasted without
// their line breaks are re-wrapped as n8n's formatPrivateKey does.
func parsePublicKey(s string) (any, error) {
	block, _ := pem.Decode([]byte(s))
	if block == nil {
		block, _ = pem.Decode([]byte(rewrapPEM(s)))
	}
	if block == nil {
		return nil, errors.New("no PEM block")
	}
	if k, err := x509.ParsePKIXPublicKey(block.Bytes); err == nil {
		if _, isEd := k.(ed25519.PublicKey); isEd {
			return nil, errors.New("ed25519 keys are not supported by jsonwebtoken")
		}
		return k, nil
	}
	if k, err := x509.ParsePKCS1PublicKey(block.Bytes); err == nil {
		return k, nil
	}
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("unsupported public key: %w", err)
	}
	return cert.PublicKey, nil
}

func rewrapPEM(s string) string {
	s = strings.TrimSpace(strings.ReplaceAll(s, `\n`, "\n"))
	begin := strings.Index(s, "-----BEGIN ")
	if begin < 0 {
		return s
	}
	hdrEnd := strings.Index(s[begin+11:], "-----")
	if hdrEnd < 0 {
		return s
	}
	hdrEnd += begin + 11 + 5
	footer := strings.LastIndex(s, "-----END ")
	if footer < hdrEnd {
		return s
	}
	body := strings.Join(strings.Fields(s[hdrEnd:footer]), "")
	var b strings.Builder
	b.WriteString(s[begin:hdrEnd] + "\n")
	for len(body) > 64 {
		b.WriteString(body[:64] + "\n")
		body = body[64:]
	}
	b.WriteString(body + "\n" + s[footer:] + "\n")
	return b.String()
}
