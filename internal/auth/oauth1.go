package auth

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"hash"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/n8n-go/n8n-go/engine/data"
)

// OAuth1 marks a credential type as OAuth1 (n8n's oAuth1Api): requests are
// signed one by one (RFC 5849 HMAC), so the rule places nothing itself;
// the sender calls Sign with the final method, URL and parameters.
type OAuth1 struct{}

// OAuth1Request is what an OAuth1 signature covers.
type OAuth1Request struct {
	Method string
	// URL is the request URL before the query parameters are added (it may
	// hold a query of its own).
	URL string
	// Query and Form are the query parameters and the form-urlencoded body
	// (nil when the body is anything else); a value may be a list.
	Query, Form *data.Object
}

// Connected reports whether the credential holds the access token n8n
// keeps after the OAuth1 dance (n8n: "OAuth credentials not connected").
func (OAuth1) Connected(c Credential) bool {
	_, ok := c["oauthTokenData"]
	return ok && c["oauthTokenData"] != nil
}

// Sign returns the Authorization header for r, with a fresh nonce and the
// current time.
func (o OAuth1) Sign(c Credential, r OAuth1Request) string {
	return o.sign(c, r, oauth1Nonce(), strconv.FormatInt(time.Now().Unix(), 10))
}

// sign follows the oauth-1.0a library n8n signs with: the oauth_ fields,
// the form and query fields and the URL's own query fields (those last
// two decoded the library's way: the value only, '+' kept) merged into
// one set, later sources overwriting earlier names; names and values
// percent-encoded, names sorted, a list's values sorted; HMAC over
// "METHOD&url&params" keyed by "consumerSecret&tokenSecret", base64.
func (OAuth1) sign(c Credential, r OAuth1Request, nonce, ts string) string {
	method := String(c["signatureMethod"])
	var h func() hash.Hash
	switch method {
	case "HMAC-SHA256":
		h = sha256.New
	case "HMAC-SHA512":
		h = sha512.New
	default:
		h = sha1.New
	}
	if method == "" {
		method = "HMAC-SHA1"
	}
	td := tokenData(c)
	params := data.NewObject(8)
	params.Set("oauth_consumer_key", String(c["consumerKey"]))
	params.Set("oauth_nonce", nonce)
	params.Set("oauth_signature_method", method)
	params.Set("oauth_timestamp", ts)
	params.Set("oauth_version", "1.0")
	if v, ok := td.Get("oauth_token"); ok && !data.IsUndefined(v) {
		params.Set("oauth_token", v)
	}
	// {...qs, ...form}, then the URL's fields over them.
	for _, src := range []*data.Object{r.Query, r.Form, urlFields(r.URL)} {
		for k, v := range src.All() {
			params.Set(k, v)
		}
	}
	type kv struct {
		k string
		v []string
	}
	enc := make([]kv, 0, params.Len())
	for k, v := range params.All() {
		e := kv{k: percentEncode(k)}
		if list, ok := v.([]any); ok && len(list) > 0 {
			for _, x := range list {
				e.v = append(e.v, percentEncode(jsText(x)))
			}
			sort.Strings(e.v)
		} else {
			e.v = []string{percentEncode(jsText(v))}
		}
		enc = append(enc, e)
	}
	sort.Slice(enc, func(i, j int) bool { return enc[i].k < enc[j].k })
	var ps []string
	for _, e := range enc {
		for _, v := range e.v {
			ps = append(ps, e.k+"="+v)
		}
	}
	base := strings.ToUpper(r.Method) + "&" + percentEncode(strings.SplitN(r.URL, "?", 2)[0]) + "&" + percentEncode(strings.Join(ps, "&"))
	key := percentEncode(String(c["consumerSecret"])) + "&" + percentEncode(String(td.Value("oauth_token_secret")))
	mac := hmac.New(h, []byte(key))
	mac.Write([]byte(base))
	params.Set("oauth_signature", base64.StdEncoding.EncodeToString(mac.Sum(nil)))

	// The header carries the oauth_ fields, sorted by name.
	var names []string
	for k := range params.All() {
		if strings.HasPrefix(k, "oauth_") {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString("OAuth ")
	for i, k := range names {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(percentEncode(k) + `="` + percentEncode(jsText(params.Value(k))) + `"`)
	}
	return b.String()
}

// urlFields are the fields of a URL's own query, decoded as the oauth-1.0a
// library does: split on & and =, the name kept as written, the value
// URI-decoded (a repeated name collects a list).
func urlFields(u string) *data.Object {
	_, q, ok := strings.Cut(u, "?")
	out := data.NewObject(0)
	if !ok {
		return out
	}
	for _, part := range strings.Split(q, "&") {
		seg := strings.Split(part, "=")
		k, v := seg[0], ""
		if len(seg) > 1 {
			v = seg[1]
		}
		if d, err := url.PathUnescape(v); err == nil {
			v = d
		}
		switch old := out.Value(k).(type) {
		case string:
			if old != "" {
				out.Set(k, []any{old, v})
				continue
			}
		case []any:
			out.Set(k, append(old, v))
			continue
		}
		out.Set(k, v)
	}
	return out
}

// percentEncode is RFC 3986 encoding (encodeURIComponent plus !*'()).
func percentEncode(s string) string {
	return strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
}

// jsText is String(v) as JavaScript writes it.
func jsText(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return strconv.FormatBool(x)
	case float64:
		b, _ := data.MarshalValue(x)
		return string(b)
	case *data.Object:
		return "[object Object]"
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			if e != nil {
				parts[i] = jsText(e)
			}
		}
		return strings.Join(parts, ",")
	}
	if data.IsUndefined(v) {
		return "undefined"
	}
	return String(v)
}

// oauth1Nonce is 32 random letters and digits, as the library draws them
// (bytes of 248 and above are redrawn so each character is equally likely).
func oauth1Nonce() string {
	const chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	out := make([]byte, 0, 32)
	var buf [48]byte
	for len(out) < 32 {
		rand.Read(buf[:])
		for _, b := range buf {
			if b < 248 && len(out) < 32 {
				out = append(out, chars[int(b)%len(chars)])
			}
		}
	}
	return string(out)
}
