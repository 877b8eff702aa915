// Package googleoauth is a stateful fake of Google's OAuth 2.0 token
// endpoint (https://oauth2.googleapis.com/token, also reachable as
// https://www.googleapis.com/oauth2/v4/token) for tests and for recording
// real n8n against known credentials.
//
// It grants two kinds of token: the refresh_token grant of an OAuth2
// client (client id and secret in the body or a Basic header), and the
// jwt-bearer grant of a service account, whose RS256 assertion it checks
// against the account's seeded public key (issuer, audience, expiry).
// Access tokens are counted per use so a test can make one lapse in the
// middle of a run; the Sheets, Drive and Gmail fakes ask it through Check
// whether a bearer token is valid. Grants are counted and logged without
// any secret (no assertion, refresh token or client secret is kept).
package googleoauth

import (
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	fakekit "github.com/n8n-go/n8n-go/internal/fakes/kit"
)

// Audience is the `aud` a service account assertion must carry.
const Audience = "https://oauth2.googleapis.com/token"

// AdminPrefix is where the fake's control routes live.
const AdminPrefix = "/__fake/"

// Options configure a Server.
type Options struct {
	// TokenLifetime is the expires_in of granted tokens (default 3599, as
	// Google answers).
	TokenLifetime int
	// Now is the clock for assertion expiry checks (default time.Now).
	Now func() time.Time
}

// State is everything the fake knows, as seeded and dumped.
type State struct {
	Clients         []Client         `json:"clients"`
	RefreshTokens   []RefreshToken   `json:"refreshTokens"`
	ServiceAccounts []ServiceAccount `json:"serviceAccounts"`
	AccessTokens    []*AccessToken   `json:"accessTokens"`
	// TokenUses is how many API requests a newly granted token is good
	// for (0: any number).
	TokenUses int `json:"tokenUses,omitempty"`
	// Grants counts the tokens granted since the seed.
	Grants    int `json:"grants"`
	NextToken int `json:"nextToken"`
}

// Client is an OAuth2 client (an n8n googleOAuth2Api-style credential's
// client id and secret).
type Client struct {
	ClientID     string `json:"clientId"`
	ClientSecret string `json:"clientSecret"`
}

// RefreshToken is a refresh token of a client, with the scope it grants.
type RefreshToken struct {
	Token    string `json:"token"`
	ClientID string `json:"clientId"`
	Scope    string `json:"scope"`
}

// ServiceAccount is a service account's email and public key (PEM).
type ServiceAccount struct {
	Email     string `json:"email"`
	PublicKey string `json:"publicKey"`
	// Delegation lists the users the account may impersonate (`sub`);
	// empty allows any.
	Delegation []string `json:"delegation,omitempty"`
}

// AccessToken is a granted (or seeded) bearer token.
type AccessToken struct {
	Token   string `json:"token"`
	Subject string `json:"subject,omitempty"`
	Scope   string `json:"scope"`
	// Limit is how many API requests the token is good for (0: any);
	// Used counts them. Past the limit the token is expired.
	Limit int `json:"limit,omitempty"`
	Used  int `json:"used"`
}

// Request is one logged token request, without secrets.
type Request struct {
	Method      string `json:"method"`
	Host        string `json:"host,omitempty"`
	Path        string `json:"path"`
	ContentType string `json:"contentType,omitempty"`
	GrantType   string `json:"grantType,omitempty"`
	// Fields are the form's field names in the order sent.
	Fields []string `json:"fields,omitempty"`
	// ClientID and ClientAuth ("basic", "body" or "none") for the
	// refresh grant.
	ClientID   string `json:"clientId,omitempty"`
	ClientAuth string `json:"clientAuth,omitempty"`
	// Claims are the assertion's iss, sub, scope and aud (not iat/exp,
	// which are clock readings) for the jwt-bearer grant.
	Claims *Claims `json:"claims,omitempty"`
	Status int     `json:"status"`
	Error  string  `json:"error,omitempty"`
}

// Claims are the checked claims of an assertion.
type Claims struct {
	Iss   string `json:"iss"`
	Sub   string `json:"sub,omitempty"`
	Scope string `json:"scope"`
	Aud   string `json:"aud"`
}

// Server is the fake; safe for concurrent use.
type Server struct {
	opts   Options
	log    fakekit.Log[Request]
	faults fakekit.Faults

	mu sync.Mutex
	st State
}

// New returns an empty fake.
func New(opts Options) *Server {
	if opts.TokenLifetime == 0 {
		opts.TokenLifetime = 3599
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	s := &Server{opts: opts}
	s.st.NextToken = 1
	return s
}

// Seed replaces the state.
func (s *Server) Seed(doc []byte) error {
	var st State
	if err := json.Unmarshal(doc, &st); err != nil {
		return fmt.Errorf("fakegoogleoauth: seed: %w", err)
	}
	for _, sa := range st.ServiceAccounts {
		if _, err := publicKey(sa.PublicKey); err != nil {
			return fmt.Errorf("fakegoogleoauth: seed: service account %s: %w", sa.Email, err)
		}
	}
	if st.NextToken == 0 {
		st.NextToken = 1
	}
	s.mu.Lock()
	s.st = st
	s.mu.Unlock()
	return nil
}

// Dump returns the state as a seed document.
func (s *Server) Dump() []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, _ := json.MarshalIndent(s.st, "", "  ")
	return b
}

// Grants is how many tokens were granted since the seed.
func (s *Server) Grants() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.Grants
}

// Requests returns a copy of the request log.
func (s *Server) Requests() []Request { return s.log.All() }

// ResetLog empties the request log.
func (s *Server) ResetLog() { s.log.Reset() }

// AddFault queues a fault for the token endpoint.
func (s *Server) AddFault(f fakekit.Fault) { s.faults.Add(f) }

// Check reports whether a bearer token is valid and counts one use of it
// (the API fakes call it once per request).
func (s *Server) Check(token string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.st.AccessTokens {
		if t.Token != token {
			continue
		}
		if t.Limit > 0 && t.Used >= t.Limit {
			return false
		}
		t.Used++
		return true
	}
	return false
}

// ServeHTTP implements http.Handler: POST /token (oauth2.googleapis.com)
// and POST /oauth2/v4/token (www.googleapis.com).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, AdminPrefix) {
		s.serveAdmin(w, r)
		return
	}
	raw := fakekit.ReadBody(r, 1<<20)
	entry := Request{Method: r.Method, Host: r.Host, Path: r.URL.EscapedPath(), ContentType: r.Header.Get("Content-Type")}
	a := s.handle(r, raw, &entry)
	entry.Status = a.Status
	s.log.Add(entry)
	fakekit.Write(w, r, a, "application/json; charset=utf-8")
}

func tokenError(status int, code, desc string) fakekit.Answer {
	b, _ := json.Marshal(struct {
		Error       string `json:"error"`
		Description string `json:"error_description,omitempty"`
	}{code, desc})
	return fakekit.Answer{Status: status, Body: b}
}

func (s *Server) handle(r *http.Request, raw []byte, entry *Request) fakekit.Answer {
	if a, done := s.faults.Answer(r.Method, entry.Path, func(status int) []byte {
		return tokenError(status, "temporarily_unavailable", http.StatusText(status)).Body
	}); done {
		return a
	}
	if entry.Path != "/token" && entry.Path != "/oauth2/v4/token" {
		return fakekit.Answer{Status: 404, Body: []byte(`{"error":"not_found"}`)}
	}
	if r.Method != http.MethodPost {
		return tokenError(405, "invalid_request", "Method not allowed")
	}
	form, fields, err := parseForm(string(raw))
	if err != nil {
		entry.Error = "invalid_request"
		return tokenError(400, "invalid_request", "Malformed form body")
	}
	entry.Fields = fields
	entry.GrantType = form.Get("grant_type")
	s.mu.Lock()
	defer s.mu.Unlock()
	var a fakekit.Answer
	switch entry.GrantType {
	case "refresh_token":
		a = s.refresh(r, form, entry)
	case "urn:ietf:params:oauth:grant-type:jwt-bearer":
		a = s.jwtBearer(form, entry)
	case "":
		a = tokenError(400, "unsupported_grant_type", "Invalid grant_type: ")
	default:
		a = tokenError(400, "unsupported_grant_type", "Invalid grant_type: "+entry.GrantType)
	}
	if a.Status >= 300 {
		var e struct {
			Error string `json:"error"`
		}
		json.Unmarshal(a.Body, &e)
		entry.Error = e.Error
	}
	return a
}

// parseForm decodes an x-www-form-urlencoded body keeping the field order.
func parseForm(body string) (url.Values, []string, error) {
	vals := url.Values{}
	var order []string
	for _, kv := range strings.Split(body, "&") {
		if kv == "" {
			continue
		}
		k, v, _ := strings.Cut(kv, "=")
		k, err := url.QueryUnescape(k)
		if err != nil {
			return nil, nil, err
		}
		v, err = url.QueryUnescape(v)
		if err != nil {
			return nil, nil, err
		}
		order = append(order, k)
		vals.Add(k, v)
	}
	return vals, order, nil
}

// refresh is the refresh_token grant; s.mu is held.
func (s *Server) refresh(r *http.Request, form url.Values, entry *Request) fakekit.Answer {
	id, secret := form.Get("client_id"), form.Get("client_secret")
	entry.ClientAuth = "none"
	if secret != "" {
		entry.ClientAuth = "body"
	}
	if u, p, ok := r.BasicAuth(); ok {
		id, secret, entry.ClientAuth = u, p, "basic"
	}
	entry.ClientID = id
	var client *Client
	for i := range s.st.Clients {
		if s.st.Clients[i].ClientID == id {
			client = &s.st.Clients[i]
		}
	}
	if client == nil {
		return tokenError(401, "invalid_client", "The OAuth client was not found.")
	}
	if client.ClientSecret != secret {
		return tokenError(401, "invalid_client", "Unauthorized")
	}
	rt := form.Get("refresh_token")
	for _, t := range s.st.RefreshTokens {
		if t.Token == rt && t.ClientID == id {
			tok := s.grant("", t.Scope)
			return jsonAnswer(struct {
				AccessToken string `json:"access_token"`
				ExpiresIn   int    `json:"expires_in"`
				Scope       string `json:"scope"`
				TokenType   string `json:"token_type"`
			}{tok.Token, s.opts.TokenLifetime, t.Scope, "Bearer"})
		}
	}
	return tokenError(400, "invalid_grant", "Bad Request")
}

// jwtBearer is the service account grant; s.mu is held.
func (s *Server) jwtBearer(form url.Values, entry *Request) fakekit.Answer {
	parts := strings.Split(form.Get("assertion"), ".")
	if len(parts) != 3 {
		return tokenError(400, "invalid_grant", "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.")
	}
	enc := base64.RawURLEncoding
	hb, err1 := enc.DecodeString(parts[0])
	cb, err2 := enc.DecodeString(parts[1])
	sig, err3 := enc.DecodeString(parts[2])
	var header struct {
		Alg string `json:"alg"`
	}
	var c struct {
		Claims
		Iat float64 `json:"iat"`
		Exp float64 `json:"exp"`
	}
	if err1 != nil || err2 != nil || err3 != nil || json.Unmarshal(hb, &header) != nil || json.Unmarshal(cb, &c) != nil {
		return tokenError(400, "invalid_grant", "Invalid JWT Signature.")
	}
	claims := c.Claims
	entry.Claims = &claims
	if header.Alg != "RS256" {
		return tokenError(400, "invalid_grant", "Invalid JWT Signature.")
	}
	var sa *ServiceAccount
	for i := range s.st.ServiceAccounts {
		if s.st.ServiceAccounts[i].Email == c.Iss {
			sa = &s.st.ServiceAccounts[i]
		}
	}
	if sa == nil {
		return tokenError(400, "invalid_grant", "Invalid grant: account not found")
	}
	pub, err := publicKey(sa.PublicKey)
	if err != nil {
		return tokenError(500, "internal_failure", "bad seeded key")
	}
	sum := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	if rsa.VerifyPKCS1v15(pub, crypto.SHA256, sum[:], sig) != nil {
		return tokenError(400, "invalid_grant", "Invalid JWT Signature.")
	}
	now := float64(s.opts.Now().Unix())
	if c.Aud != Audience && c.Aud != "https://www.googleapis.com/oauth2/v4/token" {
		return tokenError(400, "invalid_grant", "Invalid JWT: Failed audience check.")
	}
	if c.Exp < now || c.Iat > now+300 || c.Exp-c.Iat > 3600 {
		return tokenError(400, "invalid_grant", "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.")
	}
	if c.Scope == "" {
		return tokenError(400, "invalid_scope", "Invalid OAuth scope or ID token audience provided.")
	}
	if c.Sub != "" && c.Sub != c.Iss && len(sa.Delegation) > 0 {
		ok := false
		for _, d := range sa.Delegation {
			ok = ok || d == c.Sub
		}
		if !ok {
			return tokenError(401, "unauthorized_client", "Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.")
		}
	}
	tok := s.grant(c.Sub, c.Scope)
	return jsonAnswer(struct {
		AccessToken string `json:"access_token"`
		ExpiresIn   int    `json:"expires_in"`
		TokenType   string `json:"token_type"`
	}{tok.Token, s.opts.TokenLifetime, "Bearer"})
}

// grant issues a token; s.mu is held. Tokens come from a counter so runs
// compare.
func (s *Server) grant(sub, scope string) *AccessToken {
	t := &AccessToken{Token: fmt.Sprintf("ya29.fake-%04d", s.st.NextToken), Subject: sub, Scope: scope, Limit: s.st.TokenUses}
	s.st.NextToken++
	s.st.Grants++
	s.st.AccessTokens = append(s.st.AccessTokens, t)
	return t
}

func jsonAnswer(v any) fakekit.Answer {
	b, _ := json.MarshalIndent(v, "", "  ")
	return fakekit.Answer{Status: 200, Body: b, Header: map[string]string{"Cache-Control": "no-cache, no-store, max-age=0, must-revalidate"}}
}

func publicKey(text string) (*rsa.PublicKey, error) {
	block, _ := pem.Decode([]byte(text))
	if block == nil {
		return nil, fmt.Errorf("publicKey is not PEM")
	}
	if k, err := x509.ParsePKCS1PublicKey(block.Bytes); err == nil {
		return k, nil
	}
	k, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("publicKey: %w", err)
	}
	rk, ok := k.(*rsa.PublicKey)
	if !ok {
		return nil, fmt.Errorf("publicKey is not RSA")
	}
	return rk, nil
}

// serveAdmin answers GET/PUT /__fake/state, GET/DELETE /__fake/requests
// and POST /__fake/faults.
func (s *Server) serveAdmin(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 16<<20))
	w.Header().Set("Content-Type", "application/json")
	switch strings.TrimPrefix(r.URL.Path, AdminPrefix) + " " + r.Method {
	case "requests GET":
		b, _ := json.MarshalIndent(s.Requests(), "", "  ")
		w.Write(b)
	case "requests DELETE":
		s.ResetLog()
		w.Write([]byte("{}"))
	case "state GET":
		w.Write(s.Dump())
	case "state PUT":
		if err := s.Seed(body); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		w.Write([]byte("{}"))
	case "faults POST":
		var f fakekit.Fault
		if err := json.Unmarshal(body, &f); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		s.AddFault(f)
		w.Write([]byte("{}"))
	default:
		http.Error(w, "unknown admin route", http.StatusNotFound)
	}
}
