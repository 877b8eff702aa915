package auth

import (
	"crypto/md5"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"strings"
)

// DigestAuthorization answers an HTTP Digest challenge (RFC 7616, the
// WWW-Authenticate value of a 401) for one request; ok is false when the
// challenge is not Digest or uses an algorithm other than MD5 or SHA-256.
// n8n sends digest credentials the same way: first without them, then
// once more answering the server's challenge.
func DigestAuthorization(challenge, method, uri string, b Basic) (string, bool) {
	scheme, rest, _ := strings.Cut(strings.TrimSpace(challenge), " ")
	if !strings.EqualFold(scheme, "Digest") {
		return "", false
	}
	p := digestParams(rest)
	var h func() hash.Hash
	switch strings.ToUpper(p["algorithm"]) {
	case "", "MD5":
		h = md5.New
	case "SHA-256":
		h = sha256.New
	default:
		return "", false
	}
	sum := func(s string) string {
		x := h()
		x.Write([]byte(s))
		return hex.EncodeToString(x.Sum(nil))
	}
	ha1 := sum(b.User + ":" + p["realm"] + ":" + b.Password)
	ha2 := sum(method + ":" + uri)
	var out strings.Builder
	fmt.Fprintf(&out, `Digest username="%s", realm="%s", nonce="%s", uri="%s"`, b.User, p["realm"], p["nonce"], uri)
	qop := ""
	for _, q := range strings.Split(p["qop"], ",") {
		if strings.TrimSpace(q) == "auth" {
			qop = "auth"
		}
	}
	if qop != "" {
		var raw [8]byte
		rand.Read(raw[:])
		cnonce := hex.EncodeToString(raw[:])
		resp := sum(ha1 + ":" + p["nonce"] + ":00000001:" + cnonce + ":auth:" + ha2)
		fmt.Fprintf(&out, `, qop=auth, response="%s", nc=00000001, cnonce="%s"`, resp, cnonce)
	} else {
		fmt.Fprintf(&out, `, response="%s"`, sum(ha1+":"+p["nonce"]+":"+ha2))
	}
	if p["opaque"] != "" {
		fmt.Fprintf(&out, `, opaque="%s"`, p["opaque"])
	}
	if p["algorithm"] != "" {
		fmt.Fprintf(&out, `, algorithm=%s`, p["algorithm"])
	}
	return out.String(), true
}

// digestParams parses `k="v", k2=v2` (values may hold commas when quoted).
func digestParams(s string) map[string]string {
	out := map[string]string{}
	for s = strings.TrimSpace(s); s != ""; s = strings.TrimLeft(strings.TrimSpace(s), ",") {
		s = strings.TrimSpace(s)
		k, rest, ok := strings.Cut(s, "=")
		if !ok {
			break
		}
		k = strings.ToLower(strings.TrimSpace(k))
		rest = strings.TrimSpace(rest)
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
			v = strings.TrimSpace(v)
		}
		out[k] = v
		s = rest
	}
	return out
}
