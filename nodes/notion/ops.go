package notion

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"sync"

	"github.com/tidwall/gjson"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
)

// ID and URL patterns of shared/constants.ts.
const (
	notionIDPattern = `[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}`
	baseURLPattern  = `(?:https|http)://www\.notion\.so/(?:[a-z0-9-]{2,}/)?`
)

var (
	idExtractRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^(` + notionIDPattern + `)`)
	})
	databaseURLRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(baseURLPattern + `(` + notionIDPattern + `)`)
	})
	databasePageURLRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(baseURLPattern + `(?:[a-zA-Z0-9-]{1,}-)?(` + notionIDPattern + `)`)
	})
	blockURLRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(baseURLPattern + `(?:[a-zA-Z0-9-]{2,}-)?(` + notionIDPattern + `)`)
	})
	blockAnchorRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`https://www\.notion\.so/.+\?pvs=[0-9]+#([a-f0-9]{2,})`)
	})
)

// locator is getNodeParameter(name, i, ”, {extractValue: true}) for a
// resource locator: list mode gives the value, url and id modes the
// first group of their extraction regex.
func (r *run) locator(name, display string, i int, urlRe *regexp.Regexp) (string, error) {
	v, err := r.param(name, i, "")
	if err != nil {
		return "", err
	}
	rl, ok := v.(*data.Object)
	if !ok {
		return jsString(v), nil
	}
	value := jsString(rl.Value("value"))
	var re *regexp.Regexp
	switch rl.Value("mode") {
	case "url":
		re = urlRe
	case "id":
		re = idExtractRe()
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
	v, err := r.param("pageId", i, nil)
	if err != nil {
		return "", err
	}
	rl, _ := v.(*data.Object)
	value, isStr := rl.Value("value").(string)
	id := ""
	if isStr && value != "" {
		switch {
		case rl.Value("mode") == "id":
			id = value
		case strings.Contains(value, "p="):
			id = searchParam(value, "p")
		default:
			if m := databasePageURLRe().FindStringSubmatch(value); m != nil {
				id = m[1]
			}
		}
	}
	if id == "" {
		shown := "undefined"
		if rlv, ok := rl.Get("value"); ok {
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
		v, err := r.locator("blockId", "Block", i, blockURLRe())
		if err != nil {
			return "", err
		}
		return extractPageID(v), nil
	}
	v, err := r.param("blockId", i, nil)
	if err != nil {
		return "", err
	}
	rl, _ := v.(*data.Object)
	value := jsString(rl.Value("value"))
	if rl.Value("mode") == "id" {
		return value, nil
	}
	if m := blockAnchorRe().FindStringSubmatch(value); m != nil {
		return m[1], nil
	}
	if m := blockURLRe().FindStringSubmatch(value); m != nil {
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

func (r *run) databasePageGetAll(ctx context.Context, i int) ([]*data.Object, error) {
	simple, err := r.boolean("simple", 0, true)
	if err != nil {
		return nil, err
	}
	dbID, err := r.locator("databaseId", "Database", i, databaseURLRe())
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
	body := data.NewObject(4)
	filter := data.NewObject(1)
	body.Set("filter", filter)
	switch filterType {
	case "manual":
		matchType, err := r.str("matchType", 0, "anyFilter")
		if err != nil {
			return nil, err
		}
		mapped := make([]any, 0, len(conditions))
		for _, c := range conditions {
			cm, _ := c.(*data.Object)
			mapped = append(mapped, mapFilter(cm, r.ex.Location()))
		}
		switch matchType {
		case "anyFilter":
			filter.Set("or", mapped)
		case "allFilters":
			filter.Set("and", mapped)
		}
	case "json":
		fj, err := r.param("filterJson", i, "")
		if err != nil {
			return nil, err
		}
		s, ok := fj.(string)
		if !ok {
			return nil, engine.APIError(i, "", "Filters (JSON) must be a valid json", "", nil)
		}
		// The filter is sent as written: JSON.parse keeps key order.
		parsed, perr := data.ParseJSONString(s)
		if perr != nil {
			return nil, engine.APIError(i, "", "Filters (JSON) must be a valid json", "", nil)
		}
		body.Set("filter", parsed)
	}
	if f, ok := body.Get("filter"); ok {
		switch x := f.(type) {
		case *data.Object:
			if x.Len() == 0 {
				body.Delete("filter")
			}
		case nil, string, float64, bool:
			// Object.keys of a primitive is [] (null throws in n8n).
			if x == nil {
				return nil, fmt.Errorf("Cannot convert undefined or null to object")
			}
			body.Delete("filter")
		}
	}
	body.Set("sorts", mapSorting(sorts))
	resource := "/databases/" + pathSegment(dbID) + "/query"
	if returnAll {
		return r.allOutput(ctx, "POST", resource, body, data.NewObject(0), simple, i)
	}
	limit, err := r.param("limit", i, 50.0)
	if err != nil {
		return nil, err
	}
	body.Set("page_size", limit)
	resp, err := r.request(ctx, "POST", resource, body, r.qs, i)
	if err != nil {
		return nil, err
	}
	return r.output(resp.Get("results").Array(), simple)
}

func (r *run) databasePageUpdate(ctx context.Context, i int) ([]*data.Object, error) {
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
	body := data.ObjectOf("properties", data.NewObject(0))
	if len(entries) > 0 {
		props, err := mapProperties(entries, r.ex.Location())
		if err != nil {
			return nil, err
		}
		body.Set("properties", props)
	}
	if err := r.icon(body, i, true); err != nil {
		return nil, err
	}
	resp, err := r.request(ctx, "PATCH", "/pages/"+pathSegment(id), body, nil, i)
	if err != nil {
		return nil, err
	}
	return r.output([]gjson.Result{resp}, simple)
}

// icon adds options.icon as n8n does (update writes the type key, create
// does not).
func (r *run) icon(body *data.Object, i int, typed bool) error {
	opts, err := r.collection("options", i)
	if err != nil {
		return err
	}
	icon := opts.Value("icon")
	if !truthy(icon) {
		return nil
	}
	if t := opts.Value("iconType"); truthy(t) && t == "file" {
		if typed {
			body.Set("icon", data.ObjectOf("type", "external", "external", data.ObjectOf("url", icon)))
		} else {
			body.Set("icon", data.ObjectOf("external", data.ObjectOf("url", icon)))
		}
		return nil
	}
	if typed {
		body.Set("icon", data.ObjectOf("type", "emoji", "emoji", icon))
	} else {
		body.Set("icon", data.ObjectOf("emoji", icon))
	}
	return nil
}

// loadTitleKey reads the database schema once for databasePage create.
func (r *run) loadTitleKey(ctx context.Context) error {
	dbID, err := r.locator("databaseId", "Database", 0, databaseURLRe())
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

func (r *run) databasePageCreate(ctx context.Context, i int) ([]*data.Object, error) {
	title, err := r.param("title", i, "")
	if err != nil {
		return nil, err
	}
	simple, err := r.boolean("simple", i, true)
	if err != nil {
		return nil, err
	}
	parent := data.NewObject(0)
	props := data.NewObject(0)
	body := data.ObjectOf("parent", parent, "properties", props)
	if title != "" {
		props.Set(r.titleKey, data.ObjectOf("title", []any{data.ObjectOf("text", data.ObjectOf("content", title))}))
	}
	dbID, err := r.locator("databaseId", "Database", i, databaseURLRe())
	if err != nil {
		return nil, err
	}
	parent.Set("database_id", dbID)
	entries, err := r.list("propertiesUi.propertyValues", i)
	if err != nil {
		return nil, err
	}
	if len(entries) > 0 {
		mapped, err := mapProperties(entries, r.ex.Location())
		if err != nil {
			return nil, err
		}
		for k, v := range mapped.All() {
			props.Set(k, v)
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
	return r.output([]gjson.Result{resp}, simple)
}

func (r *run) children(body *data.Object, i int) error {
	blocks, err := r.list("blockUi.blockValues", i)
	if err != nil {
		return err
	}
	formatted, err := formatBlocks(blocks)
	if err != nil {
		return err
	}
	body.Set("children", formatted)
	return nil
}

func (r *run) pageGet(ctx context.Context, i int) ([]*data.Object, error) {
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
	return r.output([]gjson.Result{resp}, simple)
}

func (r *run) pageArchive(ctx context.Context, i int) ([]*data.Object, error) {
	id, err := r.pageID(i)
	if err != nil {
		return nil, err
	}
	simple, err := r.boolean("simple", i, true)
	if err != nil {
		return nil, err
	}
	resp, err := r.request(ctx, "PATCH", "/pages/"+pathSegment(id), data.ObjectOf("archived", true), nil, i)
	if err != nil {
		return nil, err
	}
	return r.output([]gjson.Result{resp}, simple)
}

func (r *run) pageCreate(ctx context.Context, i int) ([]*data.Object, error) {
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
	body := data.ObjectOf("parent", data.ObjectOf("page_id", parentID),
		"properties", data.ObjectOf("title", []any{data.ObjectOf("text", data.ObjectOf("content", title))}))
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
	return r.output([]gjson.Result{resp}, simple)
}

// search is the shared part of page and database search: n8n fetches
// every result page even with a limit, then keeps the first limit.
func (r *run) search(ctx context.Context, i int, body *data.Object) ([]*data.Object, error) {
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
		body.Set("query", text)
	}
	if r.resource == "page" && truthy(opts.Value("filter")) {
		f, _ := opts.Value("filter").(*data.Object)
		if v, ok := f.Get("filters"); ok && truthy(v) {
			body.Set("filter", v)
		} else {
			body.Set("filter", []any{})
		}
	}
	if truthy(opts.Value("sort")) {
		s, _ := opts.Value("sort").(*data.Object)
		if v, ok := s.Get("sortValue"); ok && truthy(v) {
			body.Set("sort", v)
		} else {
			body.Set("sort", data.NewObject(0))
		}
	}
	results, err := r.all(ctx, "POST", "/search", body, data.NewObject(0), i)
	if err != nil {
		return nil, err
	}
	if !returnAll {
		limit, err := r.param("limit", i, 50.0)
		if err != nil {
			return nil, err
		}
		r.qs.Set("limit", limit)
		results = splice(results, limit)
	}
	return r.output(results, simple)
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

func (r *run) pageSearch(ctx context.Context, i int) ([]*data.Object, error) {
	return r.search(ctx, i, data.NewObject(0))
}

func (r *run) databaseSearch(ctx context.Context, i int) ([]*data.Object, error) {
	return r.search(ctx, i, data.ObjectOf("filter", data.ObjectOf("property", "object", "value", "database")))
}

func (r *run) databaseGet(ctx context.Context, i int) ([]*data.Object, error) {
	simple, err := r.boolean("simple", 0, true)
	if err != nil {
		return nil, err
	}
	v, err := r.locator("databaseId", "Database", i, databaseURLRe())
	if err != nil {
		return nil, err
	}
	resp, err := r.request(ctx, "GET", "/databases/"+pathSegment(extractDatabaseID(v)), nil, nil, i)
	if err != nil {
		return nil, err
	}
	out, err := r.output([]gjson.Result{resp}, simple)
	if err != nil || !simple {
		return out, err
	}
	if len(out) == 0 {
		// simplifyObjects(...)[0] is undefined: returnJsonArray makes {}.
		return []*data.Object{data.NewObject(0)}, nil
	}
	return out[:1], nil
}

func (r *run) databaseGetAll(ctx context.Context, i int) ([]*data.Object, error) {
	simple, err := r.boolean("simple", 0, true)
	if err != nil {
		return nil, err
	}
	body := data.ObjectOf("filter", data.ObjectOf("property", "object", "value", "database"))
	returnAll, err := r.boolean("returnAll", i, false)
	if err != nil {
		return nil, err
	}
	var results []gjson.Result
	if returnAll {
		results, err = r.all(ctx, "POST", "/search", body, data.NewObject(0), i)
	} else {
		limit, perr := r.param("limit", i, 50.0)
		if perr != nil {
			return nil, perr
		}
		body.Set("page_size", limit)
		var resp gjson.Result
		resp, err = r.request(ctx, "POST", "/search", body, nil, i)
		results = resp.Get("results").Array()
	}
	if err != nil {
		return nil, err
	}
	return r.output(results, simple)
}

func (r *run) userGet(ctx context.Context, i int) ([]*data.Object, error) {
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

func (r *run) userGetAll(ctx context.Context, i int) ([]*data.Object, error) {
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
		r.qs.Set("limit", limit)
		results = splice(results, limit)
	}
	return decode(results), nil
}

func (r *run) blockAppend(ctx context.Context, i int) ([]*data.Object, error) {
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
	resp, err := r.request(ctx, "PATCH", "/blocks/"+pathSegment(id)+"/children", data.ObjectOf("children", formatted), nil, i)
	if err != nil {
		return nil, err
	}
	return decode([]gjson.Result{resp}), nil
}

func (r *run) blockGetAll(ctx context.Context, i int) ([]*data.Object, error) {
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
	var blocks []*data.Object
	if returnAll {
		results, err := r.all(ctx, "GET", resource, nil, data.NewObject(0), i)
		if err != nil {
			return nil, err
		}
		blocks = decode(results)
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
		r.qs.Set("page_size", limit)
		resp, err := r.request(ctx, "GET", resource, nil, r.qs, i)
		if err != nil {
			return nil, err
		}
		blocks = decode(resp.Get("results").Array())
		if nested {
			n, _ := limit.(float64)
			if blocks, err = r.nestedBlocks(ctx, blocks, nil, int(n), i); err != nil {
				return nil, err
			}
		}
	}
	// n8n puts object and parent_id in front of every block; a nested
	// block keeps the parent_id it was given.
	for j, b := range blocks {
		blocks[j] = withParent(b, id)
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

// withParent is {object: b.object, parent_id: parentID, ...b}: object and
// parent_id come first, and a parent_id b already has wins.
func withParent(b *data.Object, parentID string) *data.Object {
	out := data.NewObject(b.Len() + 2)
	if v, ok := b.Get("object"); ok {
		out.Set("object", v)
	}
	out.Set("parent_id", parentID)
	for k, v := range b.All() {
		out.Set(k, v)
	}
	return out
}

// nestedBlocks is notionApiRequestGetBlockChildrens: depth-first, child
// pages are not descended into, and a limit cuts the list.
func (r *run) nestedBlocks(ctx context.Context, blocks, acc []*data.Object, limit, i int) ([]*data.Object, error) {
	for _, b := range blocks {
		acc = append(acc, b)
		if b.Value("type") == "child_page" {
			continue
		}
		if truthy(b.Value("has_children")) {
			id := jsString(b.Value("id"))
			results, err := r.all(ctx, "GET", "/blocks/"+pathSegment(id)+"/children", nil, data.NewObject(0), i)
			if err != nil {
				return nil, err
			}
			children := decode(results)
			for j, c := range children {
				children[j] = withParent(c, id)
			}
			acc, err = r.nestedBlocks(ctx, children, acc, 0, i)
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
