// Package n8napi talks to a running n8n's public REST API (/api/v1, the
// X-N8N-API-KEY header): workflows and executions, with the API's cursor
// paging. Answers are kept as the raw JSON n8n sent, so key order (which
// n8n's exports and run data carry) is never lost.
package n8napi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// maxPages bounds one listing: a server that hands out cursors forever
// must not keep a pull running forever.
const maxPages = 10000

// DefaultPageSize is the page size asked for (the API allows up to 250).
const DefaultPageSize = 100

// Client is a client of one n8n instance's public API.
type Client struct {
	base *url.URL // the instance's base URL, e.g. http://localhost:5678
	key  string
	hc   *http.Client
	// PageSize is the limit asked for per page of a listing.
	PageSize int
}

// New returns a client of the n8n at baseURL (its editor URL; a trailing
// /api/v1 is accepted too). hc is the HTTP client (nil: a default one);
// the rest of n8n-go passes the shared internal/httpx client.
func New(baseURL, apiKey string, hc *http.Client) (*Client, error) {
	if strings.TrimSpace(baseURL) == "" {
		return nil, errors.New("no n8n URL: give --n8n-url or set N8N_URL (e.g. http://localhost:5678)")
	}
	if strings.TrimSpace(apiKey) == "" {
		return nil, errors.New("no n8n API key: give --api-key or set N8N_API_KEY (n8n: Settings → n8n API → Create an API key)")
	}
	u, err := url.Parse(strings.TrimSpace(baseURL))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("n8n URL %q: expected an http(s) URL such as http://localhost:5678", baseURL)
	}
	u.Path = strings.TrimSuffix(strings.TrimSuffix(u.Path, "/"), "/api/v1")
	u.RawQuery, u.Fragment = "", ""
	if hc == nil {
		hc = &http.Client{}
	}
	return &Client{base: u, key: strings.TrimSpace(apiKey), hc: hc, PageSize: DefaultPageSize}, nil
}

// Base is the instance's base URL.
func (c *Client) Base() string { return c.base.String() }

// StatusError is an answer other than 2xx. Its text names the URL, the
// status and what n8n said (its {"message"}), and for 401 says plainly
// that the key was refused.
type StatusError struct {
	Method, URL string
	Status      int
	Message     string
}

func (e *StatusError) Error() string {
	s := fmt.Sprintf("%s %s: %d %s", e.Method, e.URL, e.Status, http.StatusText(e.Status))
	switch e.Status {
	case http.StatusUnauthorized:
		s += ": the API key was refused (check --api-key / N8N_API_KEY, and that the key has not expired)"
	case http.StatusForbidden:
		s += ": the API key may not do this (its scopes or the user's role)"
	case http.StatusNotFound:
		s += ": not found (check the id, and that the URL is the n8n base URL with the public API enabled)"
	}
	if e.Message != "" {
		s += fmt.Sprintf(" (n8n said: %s)", e.Message)
	}
	return s
}

// get sends GET path?query and returns the body of a 2xx answer.
func (c *Client) get(ctx context.Context, path string, q url.Values) ([]byte, error) {
	u := *c.base
	u.Path = strings.TrimSuffix(u.Path, "/") + "/api/v1" + path
	u.RawQuery = q.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("X-N8N-API-KEY", c.key)
	req.Header.Set("Accept", "application/json")
	resp, err := c.hc.Do(req)
	if err != nil {
		// The transport's error may carry the URL; never the key (it is a
		// header), so it is safe to show.
		return nil, fmt.Errorf("GET %s: %w", u.Redacted(), unwrapURLError(err))
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("GET %s: read answer: %w", u.Redacted(), err)
	}
	if resp.StatusCode/100 != 2 {
		var m struct {
			Message string `json:"message"`
		}
		_ = json.Unmarshal(body, &m)
		return nil, &StatusError{Method: "GET", URL: u.Redacted(), Status: resp.StatusCode, Message: m.Message}
	}
	if !json.Valid(body) {
		return nil, fmt.Errorf("GET %s: the answer is not JSON (is this the n8n base URL?): %.80q", u.Redacted(), body)
	}
	return body, nil
}

func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// Workflow fetches one workflow (GET /workflows/{id}).
func (c *Client) Workflow(ctx context.Context, id string) (json.RawMessage, error) {
	if id == "" {
		return nil, errors.New("empty workflow id")
	}
	return c.get(ctx, "/workflows/"+url.PathEscape(id), nil)
}

// Filter selects workflows in a listing; zero values select all.
type Filter struct {
	Active *bool
	// Tags: workflows that have all of these tags (the API's tags=a,b).
	Tags []string
	// Name: the API's name filter (n8n keeps names that contain it).
	Name string
	// ProjectID restricts to one project.
	ProjectID string
}

func (f Filter) query() url.Values {
	q := url.Values{}
	if f.Active != nil {
		q.Set("active", strconv.FormatBool(*f.Active))
	}
	if len(f.Tags) > 0 {
		q.Set("tags", strings.Join(f.Tags, ","))
	}
	if f.Name != "" {
		q.Set("name", f.Name)
	}
	if f.ProjectID != "" {
		q.Set("projectId", f.ProjectID)
	}
	return q
}

// page is one answer of a listing.
type page struct {
	Data       []json.RawMessage `json:"data"`
	NextCursor *string           `json:"nextCursor"`
}

// Workflows lists the workflows the filter selects, following nextCursor
// until the last page.
func (c *Client) Workflows(ctx context.Context, f Filter) ([]json.RawMessage, error) {
	return c.list(ctx, "/workflows", f.query())
}

// Executions lists executions (GET /executions) with the given query
// (workflowId, status, includeData…), following nextCursor.
func (c *Client) Executions(ctx context.Context, q url.Values) ([]json.RawMessage, error) {
	return c.list(ctx, "/executions", q)
}

func (c *Client) list(ctx context.Context, path string, q url.Values) ([]json.RawMessage, error) {
	var out []json.RawMessage
	seen := map[string]bool{}
	size := c.PageSize
	if size <= 0 {
		size = DefaultPageSize
	}
	q.Set("limit", strconv.Itoa(size))
	for range maxPages {
		b, err := c.get(ctx, path, q)
		if err != nil {
			return nil, err
		}
		var p page
		if err := json.Unmarshal(b, &p); err != nil {
			return nil, fmt.Errorf("GET %s: not a listing {data, nextCursor}: %w", path, err)
		}
		out = append(out, p.Data...)
		if p.NextCursor == nil || *p.NextCursor == "" {
			return out, nil
		}
		if seen[*p.NextCursor] {
			return nil, fmt.Errorf("GET %s: the API returned the cursor %q twice; stopping", path, *p.NextCursor)
		}
		seen[*p.NextCursor] = true
		q.Set("cursor", *p.NextCursor)
	}
	return nil, fmt.Errorf("GET %s: more than %d pages; stopping", path, maxPages)
}

// Execution fetches one execution (GET /executions/{id}); with
// includeData its run data and the workflow as it ran.
func (c *Client) Execution(ctx context.Context, id string, includeData bool) (json.RawMessage, error) {
	if id == "" {
		return nil, errors.New("empty execution id")
	}
	q := url.Values{}
	if includeData {
		q.Set("includeData", "true")
	}
	return c.get(ctx, "/executions/"+url.PathEscape(id), q)
}

// Ref is a workflow reference "n8n://ID" (the instance comes from flags
// or the environment).
const RefScheme = "n8n://"

// ParseRef returns the workflow id of an n8n://ID reference.
func ParseRef(s string) (id string, ok bool) {
	if !strings.HasPrefix(s, RefScheme) {
		return "", false
	}
	id = strings.Trim(strings.TrimPrefix(s, RefScheme), "/")
	return id, id != ""
}
