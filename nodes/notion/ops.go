package notion

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/tidwall/gjson"

	"github.com/n8n-go/n8n-go/engine"
)

// ID and URL patterns of shared/constants.ts.
const (
	notionIDPattern = `[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}`
	baseURLPattern  = `(?:https|http)://www\.notion\.so/(?:[a-z0-9-]{2,}/)?`
)

var (
	idExtractRe       = regexp.MustCompile(`^(` + notionIDPattern + `)`)
	databaseURLRe     = regexp.MustCompile(baseURLPattern + `(` + notionIDPattern + `)`)
	databasePageURLRe = regexp.MustCompile(baseURLPattern + `(?:[a-zA-Z0-9-]{1,}-)?(` + notionIDPattern + `)`)
	blockURLRe        = regexp.MustCompile(baseURLPattern + `(?:[a-zA-Z0-9-]{2,}-)?(` + notionIDPattern + `)`)
	blockAnchorRe     = regexp.MustCompile(`https://www\.notion\.so/.+\?pvs=[0-9]+#([a-f0-9]{2,})`)
)

// locator is getNodeParameter(name, i, ”, {extractValue: true}) for a
// resource locator: list mode gives the value, url and id modes the
// first group of their extraction regex.
func (r *run) locator(name, display string, i int, urlRe *regexp.Regexp) (string, error) {
	v, err := r.param(name, i, "")
	if err != nil {
		return "", err
	}
	rl, ok := v.(map[string]any)
	if !ok {
		return jsString(v), nil
	}
	value := jsString(rl["value"])
	var re *regexp.Regexp
	switch rl["mode"] {
	case "url":
		re = urlRe
	case "id":
		re = idExtractRe
	default:
		return value, nil
	}
	m := re.FindStringSubmatch(value)
	if m == nil {
		return "", engine.OperationError(i, "ERROR: %s parameter's value is invalid. This is likely because the URL entered is incorrect", display)
	}
	return m[1], nil
}

// pageID is n8n's getPageId.
func (r *run) pageID(i int) (string, error) {
	v, err := r.param("pageId", i, map[string]any{})
	if err != nil {
		return "", err
	}
	rl, _ := v.(map[string]any)
	value, isStr := rl["value"].(string)
	id := ""
	if isStr && value != "" {
		switch {
		case rl["mode"] == "id":
			id = value
		case strings.Contains(value, "p="):
			id = searchParam(value, "p")
		default:
			if m := databasePageURLRe.FindStringSubmatch(value); m != nil {
				id = m[1]
			}
		}
	}
	if id == "" {
		shown := "undefined"
		if rlv, ok := rl["value"]; ok {
			shown = jsString(rlv)
		}
		return "", engine.OperationError(i, "Could not extract page ID from URL: %s", shown)
	}
	return id, nil
}

// searchParam is new URLSearchParams(s).get(key).
func searchParam(s, key string) string {
	s = strings.TrimPrefix(s, "?")
	for _, pair := range strings.Split(s, "&") {
		k, v, _ := strings.Cut(pair, "=")
		if uk, err := url.QueryUnescape(strings.ReplaceAll(k, "+", " ")); err == nil && uk == key {
			uv, err := url.QueryUnescape(strings.ReplaceAll(v, "+", " "))
			if err != nil {
				return v
			}
			return uv
		}
	}
	return ""
}

// extractPageID is n8n's extractPageId.
func extractPageID(page string) string {
	switch {
	case strings.Contains(page, "p="):
		return strings.Split(page, "p=")[1]
	case strings.Contains(page, "-") && strings.Contains(page, "https"):
		parts := strings.Split(page, "-")
		return parts[len(parts)-1]
	}
	return page
}

// blockID is n8n's extractBlockId.
func (r *run) blockID(i int) (string, error) {
	if r.ex.Version() < 2.2 {
		v, err := r.locator("blockId", "Block", i, blockURLRe)
		if err != nil {
			return "", err
		}
		return extractPageID(v), nil
	}
	v, err := r.param("blockId", i, map[string]any{})
	if err != nil {
		return "", err
	}
	rl, _ := v.(map[string]any)
	value := jsString(rl["value"])
	if rl["mode"] == "id" {
		return value, nil
	}
	if m := blockAnchorRe.FindStringSubmatch(value); m != nil {
		return m[1], nil
	}
	if m := blockURLRe.FindStringSubmatch(value); m != nil {
		return extractPageID(m[1]), nil
	}
	return "", engine.OperationError(i, "Invalid URL, could not find block ID or page ID")
}

// extractDatabaseID is n8n's extractDatabaseId.
func extractDatabaseID(db string) string {
	if strings.Contains(db, "?v=") {
		parts := strings.Split(strings.Split(db, "?v=")[0], "/")
		return parts[len(parts)-1]
	}
	if strings.Contains(db, "/") {
		parts := strings.Split(db, "/")
		return parts[len(parts)-1]
	}
	return db
}

// pathSegment is toPathSegment: the id must not be able to leave its path
// segment.
func pathSegment(s string) string { return url.PathEscape(s) }

func (r *run) databasePageGetAll(ctx context.Context, i int) ([]map[string]any, error) {
	simple, err := r.boolean("simple", 0, true)
	if err != nil {
		return nil, err
	}
	dbID, err := r.locator("databaseId", "Database", i, databaseURLRe)
	if err != nil {
		return nil, err
	}
	returnAll, err := r.boolean("returnAll", i, false)
	if err != nil {
		return nil, err
	}
	filterType, err := r.str("filterType", 0, "none")
	if err != nil {
		return nil, err
	}
	conditions, err := r.list("filters.conditions", i)
	if err != nil {
		return nil, err
	}
	sorts, err := r.list("options.sort.sortValue", i)
	if err != nil {
		return nil, err
	}
	body := &object{}
	filter := &object{}
	body.set("filter", filter)
	switch filterType {
	case "manual":
		matchType, err := r.str("matchType", 0, "anyFilter")
		if err != nil {
			return nil, err
		}
		mapped := make([]any, 0, len(conditions))
		for _, c := range conditions {
			cm, _ := c.(map[string]any)
			mapped = append(mapped, mapFilter(cm, r.ex.Location()))
		}
		switch matchType {
		case "anyFilter":
			filter.set("or", mapped)
		case "allFilters":
			filter.set("and", mapped)
		}
	case "json":
		fj, err := r.param("filterJson", i, "")
		if err != nil {
			return nil, err
		}
		s, ok := fj.(string)
		var parsed any
		if !ok || json.Unmarshal([]byte(s), &parsed) != nil {
			return nil, engine.APIError(i, "", "Filters (JSON) must be a valid json", "", nil)
		}
		// The filter is sent as written (JSON.parse keeps key order).
		var compactJSON bytes.Buffer
		if m, isObj := parsed.(map[string]any); isObj && len(m) > 0 && json.Compact(&compactJSON, []byte(s)) == nil {
			body.set("filter", json.RawMessage(compactJSON.Bytes()))
		} else {
			body.set("filter", parsed)
		}
	}
	if f, ok := body.get("filter"); ok {
		switch x := f.(type) {
		case *object:
			if x.len() == 0 {
				body.del("filter")
			}
		case map[string]any:
			if len(x) == 0 {
				body.del("filter")
			}
		case nil, string, float64, bool:
			// Object.keys of a primitive is [] (null throws in n8n).
			if x == nil {
				return nil, fmt.Errorf("Cannot convert undefined or null to object")
			}
			body.del("filter")
		}
	}
	body.set("sorts", mapSorting(sorts))
	resource := "/databases/" + pathSegment(dbID) + "/query"
	var results []gjson.Result
	if returnAll {
		results, err = r.all(ctx, "POST", resource, body, &object{}, i)
	} else {
		limit, perr := r.param("limit", i, 50.0)
		if perr != nil {
			return nil, perr
		}
		body.set("page_size", limit)
		var resp gjson.Result
		resp, err = r.request(ctx, "POST", resource, body, r.qs, i)
		results = resp.Get("results").Array()
	}
	if err != nil {
		return nil, err
	}
	return output(results, simple)
}

func (r *run) databasePageUpdate(ctx context.Context, i int) ([]map[string]any, error) {
	id, err := r.pageID(i)
	if err != nil {
		return nil, err
	}
	simple, err := r.boolean("simple", i, true)
	if err != nil {
		return nil, err
	}
	entries, err := r.list("propertiesUi.propertyValues", i)
	if err != nil {
		return nil, err
	}
	body := newObject("properties", &object{})
	if len(entries) > 0 {
		props, err := mapProperties(entries, r.ex.Location())
		if err != nil {
			return nil, err
		}
		body.set("properties", props)
	}
	if err := r.icon(body, i, true); err != nil {
		return nil, err
	}
	resp, err := r.request(ctx, "PATCH", "/pages/"+pathSegment(id), body, nil, i)
	if err != nil {
		return nil, err
	}
	return output([]gjson.Result{resp}, simple)
}

// icon adds options.icon as n8n does (update writes the type key, create
// does not).
func (r *run) icon(body *object, i int, typed bool) error {
	opts, err := r.collection("options", i)
	if err != nil {
		return err
	}
	icon := opts["icon"]
	if !truthy(icon) {
		return nil
	}
	if t := opts["iconType"]; truthy(t) && t == "file" {
		if typed {
			body.set("icon", newObject("type", "external", "external", newObject("url", icon)))
		} else {
			body.set("icon", newObject("external", newObject("url", icon)))
		}
		return nil
	}
	if typed {
		body.set("icon", newObject("type", "emoji", "emoji", icon))
	} else {
		body.set("icon", newObject("emoji", icon))
	}
	return nil
}

// loadTitleKey reads the database schema once for databasePage create.
func (r *run) loadTitleKey(ctx context.Context) error {
	dbID, err := r.locator("databaseId", "Database", 0, databaseURLRe)
	if err != nil {
		return err
	}
	resp, err := r.request(ctx, "GET", "/databases/"+pathSegment(dbID), nil, nil, -1)
	if err != nil {
		ne := engine.AsNodeError(err)
		ne.Context = map[string]any{}
		ne.ItemIndex = -1
		return ne
	}
	r.titleKey = ""
	forEachProperty(resp.Get("properties"), func(key string, p gjson.Result) bool {
		if p.Get("type").String() == "title" {
			r.titleKey = key
		}
		return true
	})
	return nil
}

func (r *run) databasePageCreate(ctx context.Context, i int) ([]map[string]any, error) {
	title, err := r.param("title", i, "")
	if err != nil {
		return nil, err
	}
	simple, err := r.boolean("simple", i, true)
	if err != nil {
		return nil, err
	}
	parent := &object{}
	props := &object{}
	body := newObject("parent", parent, "properties", props)
	if title != "" {
		props.set(r.titleKey, newObject("title", []any{newObject("text", newObject("content", title))}))
	}
	dbID, err := r.locator("databaseId", "Database", i, databaseURLRe)
	if err != nil {
		return nil, err
	}
	parent.set("database_id", dbID)
	entries, err := r.list("propertiesUi.propertyValues", i)
	if err != nil {
		return nil, err
	}
	if len(entries) > 0 {
		mapped, err := mapProperties(entries, r.ex.Location())
		if err != nil {
			return nil, err
		}
		for _, k := range mapped.keys {
			props.set(k, mapped.vals[k])
		}
	}
	if err := r.children(body, i); err != nil {
		return nil, err
	}
	if err := r.icon(body, i, false); err != nil {
		return nil, err
	}
	resp, err := r.request(ctx, "POST", "/pages", body, nil, i)
	if err != nil {
		return nil, err
	}
	return output([]gjson.Result{resp}, simple)
}

func (r *run) children(body *object, i int) error {
	blocks, err := r.list("blockUi.blockValues", i)
	if err != nil {
		return err
	}
	formatted, err := formatBlocks(blocks)
	if err != nil {
		return err
	}
	body.set("children", formatted)
	return nil
}

func (r *run) pageGet(ctx context.Context, i int) ([]map[string]any, error) {
	id, err := r.pageID(i)
	if err != nil {
		return nil, err
	}
	simple, err := r.boolean("simple", i, true)
	if err != nil {
		return nil, err
	}
	resp, err := r.request(ctx, "GET", "/pages/"+pathSegment(id), nil, nil, i)
	if err != nil {
		return nil, err
	}
	return output([]gjson.Result{resp}, simple)
}

func (r *run) pageArchive(ctx context.Context, i int) ([]map[string]any, error) {
	id, err := r.pageID(i)
	if err != nil {
		return nil, err
	}
	simple, err := r.boolean("simple", i, true)
	if err != nil {
		return nil, err
	}
	resp, err := r.request(ctx, "PATCH", "/pages/"+pathSegment(id), newObject("archived", true), nil, i)
	if err != nil {
		return nil, err
	}
	return output([]gjson.Result{resp}, simple)
}

func (r *run) pageCreate(ctx context.Context, i int) ([]map[string]any, error) {
	simple, err := r.boolean("simple", i, true)
	if err != nil {
		return nil, err
	}
	parentID, err := r.pageID(i)
	if err != nil {
		return nil, err
	}
	title, err := r.param("title", i, "")
	if err != nil {
		return nil, err
	}
	body := newObject("parent", newObject("page_id", parentID),
		"properties", newObject("title", []any{newObject("text", newObject("content", title))}))
	if err := r.children(body, i); err != nil {
		return nil, err
	}
	if err := r.icon(body, i, false); err != nil {
		return nil, err
	}
	resp, err := r.request(ctx, "POST", "/pages", body, nil, i)
	if err != nil {
		return nil, err
	}
	return output([]gjson.Result{resp}, simple)
}

// search is the shared part of page and database search: n8n fetches
// every result page even with a limit, then keeps the first limit.
func (r *run) search(ctx context.Context, i int, body *object) ([]map[string]any, error) {
	text, err := r.param("text", i, "")
	if err != nil {
		return nil, err
	}
	opts, err := r.collection("options", i)
	if err != nil {
		return nil, err
	}
	returnAll, err := r.boolean("returnAll", i, false)
	if err != nil {
		return nil, err
	}
	simple, err := r.boolean("simple", i, true)
	if err != nil {
		return nil, err
	}
	if truthy(text) {
		body.set("query", text)
	}
	if r.resource == "page" && truthy(opts["filter"]) {
		f, _ := opts["filter"].(map[string]any)
		if v, ok := f["filters"]; ok && truthy(v) {
			body.set("filter", v)
		} else {
			body.set("filter", []any{})
		}
	}
	if truthy(opts["sort"]) {
		s, _ := opts["sort"].(map[string]any)
		if v, ok := s["sortValue"]; ok && truthy(v) {
			body.set("sort", v)
		} else {
			body.set("sort", map[string]any{})
		}
	}
	results, err := r.all(ctx, "POST", "/search", body, &object{}, i)
	if err != nil {
		return nil, err
	}
	if !returnAll {
		limit, err := r.param("limit", i, 50.0)
		if err != nil {
			return nil, err
		}
		r.qs.set("limit", limit)
		results = splice(results, limit)
	}
	return output(results, simple)
}

// splice is array.splice(0, limit) for a numeric limit.
func splice[T any](list []T, limit any) []T {
	n, ok := limit.(float64)
	if !ok {
		return list
	}
	if n < 0 {
		n = float64(len(list)) + n
		if n < 0 {
			n = 0
		}
	}
	if int(n) < len(list) {
		return list[:int(n)]
	}
	return list
}

func (r *run) pageSearch(ctx context.Context, i int) ([]map[string]any, error) {
	return r.search(ctx, i, &object{})
}

func (r *run) databaseSearch(ctx context.Context, i int) ([]map[string]any, error) {
	return r.search(ctx, i, newObject("filter", newObject("property", "object", "value", "database")))
}

func (r *run) databaseGet(ctx context.Context, i int) ([]map[string]any, error) {
	simple, err := r.boolean("simple", 0, true)
	if err != nil {
		return nil, err
	}
	v, err := r.locator("databaseId", "Database", i, databaseURLRe)
	if err != nil {
		return nil, err
	}
	resp, err := r.request(ctx, "GET", "/databases/"+pathSegment(extractDatabaseID(v)), nil, nil, i)
	if err != nil {
		return nil, err
	}
	out, err := output([]gjson.Result{resp}, simple)
	if err != nil || !simple {
		return out, err
	}
	if len(out) == 0 {
		// simplifyObjects(...)[0] is undefined: returnJsonArray makes {}.
		return []map[string]any{{}}, nil
	}
	return out[:1], nil
}

func (r *run) databaseGetAll(ctx context.Context, i int) ([]map[string]any, error) {
	simple, err := r.boolean("simple", 0, true)
	if err != nil {
		return nil, err
	}
	body := newObject("filter", newObject("property", "object", "value", "database"))
	returnAll, err := r.boolean("returnAll", i, false)
	if err != nil {
		return nil, err
	}
	var results []gjson.Result
	if returnAll {
		results, err = r.all(ctx, "POST", "/search", body, &object{}, i)
	} else {
		limit, perr := r.param("limit", i, 50.0)
		if perr != nil {
			return nil, perr
		}
		body.set("page_size", limit)
		var resp gjson.Result
		resp, err = r.request(ctx, "POST", "/search", body, nil, i)
		results = resp.Get("results").Array()
	}
	if err != nil {
		return nil, err
	}
	return output(results, simple)
}

func (r *run) userGet(ctx context.Context, i int) ([]map[string]any, error) {
	id, err := r.str("userId", i, "")
	if err != nil {
		return nil, err
	}
	resp, err := r.request(ctx, "GET", "/users/"+pathSegment(id), nil, nil, i)
	if err != nil {
		return nil, err
	}
	return decode([]gjson.Result{resp}), nil
}

func (r *run) userGetAll(ctx context.Context, i int) ([]map[string]any, error) {
	returnAll, err := r.boolean("returnAll", i, false)
	if err != nil {
		return nil, err
	}
	results, err := r.all(ctx, "GET", "/users", nil, nil, i)
	if err != nil {
		return nil, err
	}
	if !returnAll {
		limit, err := r.param("limit", i, 50.0)
		if err != nil {
			return nil, err
		}
		r.qs.set("limit", limit)
		results = splice(results, limit)
	}
	return decode(results), nil
}

func (r *run) blockAppend(ctx context.Context, i int) ([]map[string]any, error) {
	id, err := r.blockID(i)
	if err != nil {
		return nil, err
	}
	blocks, err := r.list("blockUi.blockValues", i)
	if err != nil {
		return nil, err
	}
	formatted, err := formatBlocks(blocks)
	if err != nil {
		return nil, err
	}
	resp, err := r.request(ctx, "PATCH", "/blocks/"+pathSegment(id)+"/children", newObject("children", formatted), nil, i)
	if err != nil {
		return nil, err
	}
	return decode([]gjson.Result{resp}), nil
}

func (r *run) blockGetAll(ctx context.Context, i int) ([]map[string]any, error) {
	id, err := r.blockID(i)
	if err != nil {
		return nil, err
	}
	returnAll, err := r.boolean("returnAll", i, false)
	if err != nil {
		return nil, err
	}
	nested, err := r.boolean("fetchNestedBlocks", i, false)
	if err != nil {
		return nil, err
	}
	resource := "/blocks/" + pathSegment(id) + "/children"
	var blocks []map[string]any
	if returnAll {
		results, err := r.all(ctx, "GET", resource, nil, &object{}, i)
		if err != nil {
			return nil, err
		}
		blocks = withParent(decode(results), id)
		if nested {
			if blocks, err = r.nestedBlocks(ctx, blocks, nil, 0, i); err != nil {
				return nil, err
			}
		}
	} else {
		limit, err := r.param("limit", i, 50.0)
		if err != nil {
			return nil, err
		}
		r.qs.set("page_size", limit)
		resp, err := r.request(ctx, "GET", resource, nil, r.qs, i)
		if err != nil {
			return nil, err
		}
		blocks = withParent(decode(resp.Get("results").Array()), id)
		if nested {
			n, _ := limit.(float64)
			if blocks, err = r.nestedBlocks(ctx, blocks, nil, int(n), i); err != nil {
				return nil, err
			}
		}
	}
	// n8n adds object and parent_id (again) in front of every block.
	for _, b := range blocks {
		if _, ok := b["parent_id"]; !ok {
			b["parent_id"] = id
		}
	}
	if r.ex.Version() > 2 {
		simplify, err := r.boolean("simplifyOutput", i, true)
		if err != nil {
			return nil, err
		}
		if simplify {
			simplifyBlocks(blocks, id)
		}
	}
	return blocks, nil
}

func withParent(blocks []map[string]any, parentID string) []map[string]any {
	for _, b := range blocks {
		b["parent_id"] = parentID
	}
	return blocks
}

// nestedBlocks is notionApiRequestGetBlockChildrens: depth-first, child
// pages are not descended into, and a limit cuts the list.
func (r *run) nestedBlocks(ctx context.Context, blocks, acc []map[string]any, limit, i int) ([]map[string]any, error) {
	for _, b := range blocks {
		acc = append(acc, b)
		if b["type"] == "child_page" {
			continue
		}
		if b["has_children"] == true {
			id := jsString(b["id"])
			results, err := r.all(ctx, "GET", "/blocks/"+pathSegment(id)+"/children", nil, &object{}, i)
			if err != nil {
				return nil, err
			}
			acc, err = r.nestedBlocks(ctx, withParent(decode(results), id), acc, 0, i)
			if err != nil {
				return nil, err
			}
		}
		if limit > 0 && len(acc) >= limit {
			return acc[:limit], nil
		}
	}
	return acc, nil
}
