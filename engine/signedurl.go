package engine

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"strings"
)

// SignatureParam is the query parameter of a signed resume URL (n8n's
// WAITING_TOKEN_QUERY_PARAM).
const SignatureParam = "signature"

// HMACSecretFromKey is the secret n8n signs resume URLs with when
// N8N_HMAC_SIGNATURE_SECRET is not set: the SHA-256, in hex, of
// "hmac-signature:" and its encryption key.
func HMACSecretFromKey(key string) string {
	sum := sha256.Sum256([]byte("hmac-signature:" + key))
	return hex.EncodeToString(sum[:])
}

// urlSignature is n8n's generateUrlSignature: HMAC-SHA256 in hex of the
// URL's host, path and search.
func urlSignature(secret string, u *url.URL) string {
	search := ""
	if u.RawQuery != "" {
		search = "?" + u.RawQuery
	}
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(u.Host + u.EscapedPath() + search))
	return hex.EncodeToString(m.Sum(nil))
}

// SignedResumeURL is n8n's getSignedResumeUrl: the execution's resume URL
// with the node's id as suffix, params as query (in order) and their
// signature last. It fails, as n8n does, when the execution has no id.
func (ex *Exec) SignedResumeURL(params [][2]string) (string, error) {
	id := ex.run.execID
	if id == "" {
		return "", OperationError(-1, "Execution id is missing")
	}
	u, err := url.Parse(ex.run.eng.opts.WebhookBaseURL + "webhook-waiting/" + id + "/" + url.PathEscape(ex.node.ID))
	if err != nil {
		return "", OperationError(-1, "The resume URL could not be made: %v", err)
	}
	q := make([]string, 0, len(params)+1)
	for _, p := range params {
		q = append(q, formEscape(p[0])+"="+formEscape(p[1]))
	}
	u.RawQuery = strings.Join(q, "&")
	sig := urlSignature(ex.run.eng.opts.HMACSecret, u)
	if u.RawQuery != "" {
		u.RawQuery += "&"
	}
	u.RawQuery += SignatureParam + "=" + sig
	return u.String(), nil
}

// formEscape is URLSearchParams' serialisation of a name or value.
func formEscape(s string) string { return url.QueryEscape(s) }

// VerifyResumeSignature is n8n's validateSignatureInRequest for a call
// to host with the request URI uri: its signature parameter must be the
// signature of the URL without it.
func (e *Engine) VerifyResumeSignature(host, uri string) bool {
	u, err := url.Parse(uri)
	if err != nil {
		return false
	}
	u.Host = host
	q := u.Query()
	got := q.Get(SignatureParam)
	if got == "" {
		return false
	}
	// URLSearchParams.delete re-serialises the remaining parameters.
	var kept []string
	for _, kv := range strings.Split(u.RawQuery, "&") {
		if kv == "" {
			continue
		}
		k, _, _ := strings.Cut(kv, "=")
		if name, err := url.QueryUnescape(k); err == nil && name == SignatureParam {
			continue
		}
		kept = append(kept, kv)
	}
	u.RawQuery = strings.Join(kept, "&")
	want := urlSignature(e.opts.HMACSecret, u)
	return hmac.Equal([]byte(got), []byte(want))
}
