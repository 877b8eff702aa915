package auth

import (
	"crypto/md5"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strings"
)

// DigestAuthorization answers an HTTP Digest challenge (the
// WWW-Authenticate value of a 401) for one request the way n8n 1.123.81
// does (n8n-core's digestAuthAxiosConfig): always MD5 with qop "auth",
// nonce count 000000001, a 48-hex-digit cnonce, the challenge read by
// splitting on "," and "=" (a value holding either is cut there, as in
// n8n), and the fields in n8n's order without spaces. ok is false when
// the challenge has no nonce or no realm (n8n gives up there too).
func DigestAuthorization(challenge, method, uri string, b Basic) (string, bool) {
	var raw [24]byte
	rand.Read(raw[:])
	return digestAuthorization(challenge, method, uri, b, hex.EncodeToString(raw[:]))
}

func digestAuthorization(challenge, method, uri string, b Basic, cnonce string) (string, bool) {
	if !strings.Contains(challenge, "nonce") {
		return "", false
	}
	find := func(name string) (string, bool) {
		for _, part := range strings.Split(challenge, ",") {
			kv := strings.Split(part, "=")
			if strings.Contains(strings.ToLower(kv[0]), name) {
				if len(kv) < 2 {
					return "", false
				}
				return strings.ReplaceAll(kv[1], `"`, ""), true
			}
		}
		return "", false
	}
	realm, ok1 := find("realm")
	nonce, ok2 := find("nonce")
	if !ok1 || !ok2 {
		return "", false
	}
	opaque, hasOpaque := find("opaque")
	sum := func(s string) string {
		x := md5.Sum([]byte(s))
		return hex.EncodeToString(x[:])
	}
	const nc = "000000001"
	ha1 := sum(b.User + ":" + realm + ":" + b.Password)
	ha2 := sum(method + ":" + uri)
	resp := sum(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2)
	out := fmt.Sprintf(`Digest username="%s",realm="%s",nonce="%s",uri="%s",qop="auth",algorithm="MD5",response="%s",nc="%s",cnonce="%s"`,
		b.User, realm, nonce, uri, resp, nc, cnonce)
	if hasOpaque {
		out += `,opaque="` + opaque + `"`
	}
	return out, true
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
