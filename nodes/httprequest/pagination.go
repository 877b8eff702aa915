package httprequest

import (
	"context"
	"crypto/md5"
	"encoding/base64"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/jsvalue"
	"github.com/n8n-go/n8n-go/internal/auth"
)

// pager is one item's pagination (options.pagination.pagination), read
// with its expressions unresolved: they are evaluated before every page
// with $response, $pageCount, $request and $version, as n8n's
// requestWithAuthenticationPaginated does.
type pager struct {
	mode    string
	nextURL any
	params  []pageParam
	// cont is the "continue" expression n8n derives from "complete when";
	// codes, when set, replaces it (continue unless the status is listed),
	// and empty continues while the body is not empty.
	cont     string
	codes    []float64
	empty    bool
	maxReqs  any
	interval any
	// evalMu serialises expression evaluation with the node's other items.
	evalMu *sync.Mutex
}

type pageParam struct {
	typ, name string
	value     any
}

// readPager reads the raw pagination settings; nil when off.
func readPager(ex *engine.Exec, i int, mu *sync.Mutex) (*pager, error) {
	raw, ok := ex.Params().Get("options.pagination.pagination")
	p, _ := raw.(*data.Object)
	if !ok || p == nil {
		return nil, nil
	}
	mode, _ := p.Value("paginationMode").(string)
	switch mode {
	case "off":
		return nil, nil
	case "":
		mode = "updateAParameterInEachRequest" // the parameter's default
	}
	pg := &pager{mode: mode, evalMu: mu, interval: p.Value("requestInterval")}
	switch when, _ := p.Value("paginationCompleteWhen").(string); when {
	case "receiveSpecificStatusCodes":
		for _, s := range strings.Split(jsString(p.Value("statusCodesWhenComplete")), ",") {
			n, err := strconv.Atoi(strings.TrimSpace(s))
			if err != nil {
				pg.codes = append(pg.codes, -1) // parseInt gives NaN, which matches nothing
				continue
			}
			pg.codes = append(pg.codes, float64(n))
		}
		if pg.codes == nil {
			pg.codes = []float64{}
		}
	case "", "responseIsEmpty":
		pg.empty = true
	default:
		ce := strings.TrimSpace(jsString(p.Value("completeExpression")))
		if ce == "" || ce[0] != '=' || len(ce) < 5 {
			return nil, engine.OperationError(i, "Invalid or empty Complete Expression")
		}
		pg.cont = "={{ !(" + ce[3:len(ce)-2] + ") }}"
	}
	switch mode {
	case "updateAParameterInEachRequest":
		ps, ok := sub(p, "parameters").Value("parameters").([]any)
		if !ok {
			// The default is one empty entry.
			ps = []any{data.ObjectOf("name", "", "value", "")}
		}
		if len(ps) == 1 {
			if o, _ := ps[0].(*data.Object); jsString(o.Value("name")) == "" && jsString(o.Value("value")) == "" {
				return nil, engine.OperationError(i, "At least one entry with 'Name' and 'Value' filled must be included in 'Parameters' to use 'Update a Parameter in Each Request' mode ")
			}
		}
		for n, e := range ps {
			o, _ := e.(*data.Object)
			name := jsString(o.Value("name"))
			if name == "" {
				return nil, engine.OperationError(i, "Parameter name must be set for parameter [%d] in pagination settings", n+1)
			}
			typ, _ := o.Value("type").(string)
			if typ == "" {
				typ = "qs"
			}
			if typ != "body" && typ != "headers" && typ != "qs" {
				return nil, engine.OperationError(i, "Parameter type must be one of: body, headers, qs for parameter [%d] in pagination settings", n+1)
			}
			if v := o.Value("value"); v == nil || v == "" {
				return nil, engine.OperationError(i, "Some value must be provided for parameter [%d] in pagination settings, omitting it will result in an infinite loop", n+1)
			}
			pg.params = append(pg.params, pageParam{typ: typ, name: name, value: o.Value("value")})
		}
	case "responseContainsNextURL":
		pg.nextURL = p.Value("nextURL")
	}
	if truthy(p.Value("limitPagesFetched")) {
		pg.maxReqs = p.Value("maxRequests")
		if pg.maxReqs == nil {
			pg.maxReqs = float64(100)
		}
	}
	return pg, nil
}

func (pg *pager) eval(ex *engine.Exec, path string, v any, i int, keys map[string]any) (any, error) {
	pg.evalMu.Lock()
	defer pg.evalMu.Unlock()
	return ex.EvaluateWith(path, v, i, keys)
}

// fetch sends the pages of item i: the first as the item's request, the
// next ones with the pagination parameters applied, until "complete when"
// says so or the page limit is reached. Every page is answered (a
// non-2xx last page included, as n8n keeps it); a non-2xx page that would
// be followed by another fails the item.
func (pg *pager) fetch(ctx context.Context, ex *engine.Exec, spec *requestSpec, i int) ([]*response, error) {
	keys := map[string]any{
		"$request":   data.ObjectOf("method", spec.method, "uri", spec.url, "qs", spec.query, "headers", headerObject(spec.header)),
		"$response":  data.NewObject(0),
		"$version":   ex.Version(),
		"$pageCount": float64(0),
	}
	var pages []*response
	var prevLen, identical int
	prevHash := ""
	for {
		page, err := pg.pageSpec(ex, spec, i, keys)
		if err != nil {
			return nil, err
		}
		resp, err := send(ctx, ex, page, i)
		if err != nil {
			return nil, err
		}
		// A server answering the same page again and again stops the loop.
		length, _ := strconv.Atoi(resp.header.Get("Content-Length"))
		if length == prevLen {
			hash := resp.header.Get("Etag")
			if hash == "" {
				sum := md5.Sum(resp.body)
				hash = base64.StdEncoding.EncodeToString(sum[:])
			}
			if hash == prevHash {
				if identical++; identical > 2 {
					ne := engine.OperationError(i, "The returned response was identical 5x, so requests got stopped")
					ne.Description = `Check if "Pagination Completed When" has been configured correctly.`
					return nil, ne
				}
			} else {
				identical = 0
			}
			prevHash = hash
		} else {
			identical = 0
		}
		prevLen = length
		pages = append(pages, resp)
		keys["$response"] = pageResponse(resp)
		count := keys["$pageCount"].(float64) + 1
		keys["$pageCount"] = count
		if pg.maxReqs != nil {
			m, err := pg.eval(ex, "options.pagination.pagination.maxRequests", pg.maxReqs, i, keys)
			if err != nil {
				return nil, err
			}
			if n := jsvalue.ToNumber(m); n > 0 && count >= n {
				return pages, nil
			}
		}
		more, err := pg.more(ex, resp, i, keys)
		if err != nil {
			return nil, err
		}
		if !more {
			return pages, nil
		}
		if pg.interval != nil {
			v, err := pg.eval(ex, "options.pagination.pagination.requestInterval", pg.interval, i, keys)
			if err != nil {
				return nil, err
			}
			if ms := jsvalue.ToNumber(v); ms > 0 {
				if err := sleep(ctx, time.Duration(ms*float64(time.Millisecond))); err != nil {
					return nil, err
				}
			}
		}
		if resp.status < 200 || resp.status >= 300 {
			return nil, StatusError(resp.status, resp.body, i)
		}
	}
}

// more is the "continue" decision after a page.
func (pg *pager) more(ex *engine.Exec, resp *response, i int, keys map[string]any) (bool, error) {
	switch {
	case pg.codes != nil:
		for _, c := range pg.codes {
			if float64(resp.status) == c {
				return false, nil
			}
		}
		return true, nil
	case pg.empty:
		body := keys["$response"].(*data.Object).Value("body")
		if list, ok := body.([]any); ok {
			return len(list) > 0, nil
		}
		return jsvalue.Truthy(body), nil
	}
	v, err := pg.eval(ex, "options.pagination.pagination.completeExpression", pg.cont, i, keys)
	if err != nil {
		return false, err
	}
	return jsvalue.Truthy(v), nil
}

// pageSpec is the item's request with this page's parameters merged in
// (n8n merges them over a copy of the request: the URL replaced, qs,
// headers and body fields set).
func (pg *pager) pageSpec(ex *engine.Exec, spec *requestSpec, i int, keys map[string]any) (*requestSpec, error) {
	page := *spec
	page.header = spec.header.Clone()
	page.query = data.CloneObject(spec.query)
	page.neverError = true // n8n's simple: false; the loop decides
	if pg.nextURL != nil {
		u, err := pg.eval(ex, "options.pagination.pagination.nextURL", pg.nextURL, i, keys)
		if err != nil {
			return nil, err
		}
		if u != nil && !data.IsUndefined(u) {
			s := jsString(u)
			if !strings.HasPrefix(s, "http://") && !strings.HasPrefix(s, "https://") {
				ne := engine.OperationError(i, "'%s' is not a valid URL.", s)
				ne.Description = `Make sure the "Next URL" parameter evaluates to a valid URL.`
				return nil, ne
			}
			page.url = s
			// The next URL carries its own query: the item's query
			// parameters still merge over it, as request does.
		}
	}
	var body *data.Object
	for n, p := range pg.params {
		v, err := pg.eval(ex, fmt.Sprintf("options.pagination.pagination.parameters.parameters.%d.value", n), p.value, i, keys)
		if err != nil {
			return nil, err
		}
		switch p.typ {
		case "qs":
			page.query.Set(p.name, v)
		case "headers":
			auth.SetHeader(page.header, p.name, jsString(v))
		case "body":
			if body == nil {
				body = data.CloneObject(spec.bodyObj)
				if body == nil {
					body = data.NewObject(1)
				}
			}
			body.Set(p.name, v)
		}
	}
	if body != nil {
		ct := "json"
		switch {
		case strings.HasPrefix(spec.header.Get("content-type"), "application/x-www-form-urlencoded"):
			ct = "form-urlencoded"
		case strings.HasPrefix(spec.header.Get("content-type"), "multipart/form-data"):
			ct = "multipart-form-data"
		}
		if err := encodeBody(getter{ex: ex, i: i}, &page, true, ct, body, true); err != nil {
			return nil, err
		}
	}
	return &page, nil
}

// pageResponse is $response: body (JSON parsed when the content type says
// so, else text), headers and statusCode.
func pageResponse(r *response) *data.Object {
	var body any = string(r.body)
	if strings.Contains(r.header.Get("Content-Type"), "application/json") {
		if v, ok := decodeJSON(r.body); ok {
			body = v
		} else {
			body = data.NewObject(0)
		}
	}
	return data.ObjectOf("body", body, "headers", headersObject(r.header), "statusCode", float64(r.status))
}

func headerObject(h http.Header) *data.Object {
	o := data.NewObject(len(h))
	for k, v := range h {
		o.Set(k, strings.Join(v, ", "))
	}
	return o
}
