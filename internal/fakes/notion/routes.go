package notion

import (
	"strconv"
	"strings"
	"time"
)

// list is Notion's paginated list object.
func list(results []any, next any, typ string) map[string]any {
	return map[string]any{
		"object": "list", "results": results, "next_cursor": next, "has_more": next != nil,
		"type": typ, typ: map[string]any{},
	}
}

// pageSize reads page_size (body number or query string); default 100.
func pageSize(v any, where string) (int, *apiError) {
	switch x := v.(type) {
	case nil:
		return 100, nil
	case float64:
		if x != float64(int(x)) {
			return 0, validation("body failed validation: %s.page_size should be an integer, instead was `%v`.", where, x)
		}
		if x < 1 {
			return 0, validation("body failed validation: %s.page_size should be ≥ `1`, instead was `%v`.", where, x)
		}
		if x > 100 {
			return 0, validation("body failed validation: %s.page_size should be ≤ `100`, instead was `%v`.", where, x)
		}
		return int(x), nil
	case string:
		n, err := strconv.Atoi(x)
		if err != nil {
			return 0, validation("body failed validation: %s.page_size should be a number, instead was `%q`.", where, x)
		}
		return pageSize(float64(n), where)
	}
	return 0, validation("body failed validation: %s.page_size should be a number, instead was `%s`.", where, compact(v))
}

// paginate cuts one page out of items; cursors are item ids.
func paginate(items []map[string]any, cursor any, size int, where string) ([]any, any, *apiError) {
	return paginateAt(items, nil, cursor, size, where)
}

// paginateAt is paginate with pos, when not nil, giving each item's index
// by id (the first of equal ids), so a cursor costs O(1) instead of a pass
// over the items before it.
func paginateAt(items []map[string]any, pos map[string]int, cursor any, size int, where string) ([]any, any, *apiError) {
	start := 0
	switch c := cursor.(type) {
	case nil:
	case string:
		if c == "" {
			break
		}
		start = -1
		id := NormID(c)
		if pos != nil {
			if i, ok := pos[id]; ok {
				start = i
			}
		} else {
			for i, it := range items {
				if str(it["id"]) == id {
					start = i
					break
				}
			}
		}
		if start < 0 {
			return nil, nil, validation("The start_cursor provided is invalid: %s", c)
		}
	default:
		return nil, nil, validation("body failed validation: %s.start_cursor should be a string, instead was `%s`.", where, compact(cursor))
	}
	end := min(start+size, len(items))
	out := make([]any, 0, end-start)
	for _, it := range items[start:end] {
		out = append(out, it)
	}
	var next any
	if end < len(items) {
		next = items[end]["id"]
	}
	return out, next, nil
}

func (s *Server) getDatabase(id string) (any, *apiError) {
	d := s.database(NormID(id))
	if d == nil || d["archived"] == true {
		return nil, notFound("database", id)
	}
	return s.renderDatabase(d), nil
}

func (s *Server) clock() time.Time {
	if s.opts.Now != nil {
		return s.opts.Now()
	}
	return DefaultNow
}

func (s *Server) queryDatabase(id string, r *apiRequest) (any, *apiError) {
	db := s.database(NormID(id))
	if db == nil || db["archived"] == true {
		return nil, notFound("database", id)
	}
	for k := range r.body {
		switch k {
		case "filter", "sorts", "start_cursor", "page_size", "archived", "in_trash", "filter_properties":
		default:
			return nil, validation("body failed validation: body.%s should be not present, instead was `%s`.", k, compact(r.body[k]))
		}
	}
	size, err := pageSize(r.body["page_size"], "body")
	if err != nil {
		return nil, err
	}
	schema, _ := db["properties"].(map[string]any)
	m := &matcher{s: s, db: db, schema: schema, now: s.clock()}
	var filter map[string]any
	if f, ok := r.body["filter"]; ok && f != nil {
		filter, ok = f.(map[string]any)
		if !ok {
			return nil, validation("body failed validation: body.filter should be an object or `undefined`, instead was `%s`.", compact(f))
		}
	}
	var sorts []any
	if so, ok := r.body["sorts"]; ok && so != nil {
		sorts, ok = so.([]any)
		if !ok {
			return nil, validation("body failed validation: body.sorts should be an array or `undefined`, instead was `%s`.", compact(so))
		}
	}
	dbID := str(db["id"])
	key := dbID + "\x00" + compact(filter) + "\x00" + compact(sorts)
	q, cached := s.queries[key]
	if !cached || !s.cacheOK {
		matched, err := s.match(m, dbID, filter, sorts)
		if err != nil {
			return nil, err
		}
		q = &queryResult{pages: matched}
		if s.cacheOK {
			if s.queries == nil {
				s.queries = map[string]*queryResult{}
			}
			s.queries[key] = q
		}
	}
	var pos map[string]int
	if c, _ := r.body["start_cursor"].(string); c != "" && s.cacheOK {
		pos = q.positions()
	}
	results, next, err := paginateAt(q.pages, pos, r.body["start_cursor"], size, "body")
	if err != nil {
		return nil, err
	}
	for i, r := range results {
		// Written straight from the stored page when the answer is
		// encoded (under s.mu, in handle), as an update's page is.
		p := r.(map[string]any)
		results[i] = appendFunc(func(b []byte) ([]byte, bool) { return s.appendPage(b, p, 0) })
	}
	out := list(results, next, "page_or_database")
	return out, nil
}

// queryResult is one database query's matching pages in order, as
// stored (the cached snapshot its paged requests are cut from; any write
// drops it).
type queryResult struct {
	pages []map[string]any
	// pos is each page's index by id, made at the first cursor.
	pos map[string]int
}

func (q *queryResult) positions() map[string]int {
	if q.pos == nil {
		q.pos = make(map[string]int, len(q.pages))
		for i, p := range q.pages {
			id := str(p["id"])
			if _, dup := q.pos[id]; !dup {
				q.pos[id] = i
			}
		}
	}
	return q.pos
}

// match returns the database's pages (as stored) that pass filter, in
// sorts' order. The filter and the sorts read the properties they name
// (pageView), not every page rendered whole: a query of the template's
// tasks computed two rollups per page only to test one.
func (s *Server) match(m *matcher, dbID string, filter map[string]any, sorts []any) ([]map[string]any, *apiError) {
	var matched []map[string]any
	for _, p := range s.st.pagesIn[dbID] {
		if p["archived"] == true {
			continue
		}
		if filter != nil {
			v := m.view(p)
			ok, err := m.match(filter, &v, "body.filter", 0)
			if err != nil {
				return nil, err
			}
			if !ok {
				continue
			}
		}
		matched = append(matched, p)
	}
	if err := m.sortPages(matched, sorts); err != nil {
		return nil, err
	}
	return matched, nil
}

func (s *Server) getPage(id string) (any, *apiError) {
	p := s.page(NormID(id))
	if p == nil {
		return nil, notFound("page", id)
	}
	return s.renderPage(p), nil
}

func (s *Server) createPage(r *apiRequest) (any, *apiError) {
	parent, ok := r.body["parent"].(map[string]any)
	if !ok {
		return nil, validation("body failed validation: body.parent should be defined, instead was `undefined`.")
	}
	req := map[string]any{"parent": parent, "properties": r.body["properties"], "icon": r.body["icon"], "cover": r.body["cover"]}
	switch {
	case parent["database_id"] != nil:
		id := NormID(str(parent["database_id"]))
		if db := s.database(id); db == nil || db["archived"] == true {
			return nil, notFound("database", str(parent["database_id"]))
		}
	case parent["page_id"] != nil:
		id := NormID(str(parent["page_id"]))
		if s.page(id) == nil {
			return nil, notFound("page", str(parent["page_id"]))
		}
	default:
		return nil, validation("body failed validation. Fix one:\nbody.parent.page_id should be defined, instead was `undefined`.\nbody.parent.database_id should be defined, instead was `undefined`.")
	}
	if _, ok := r.body["properties"].(map[string]any); !ok {
		return nil, validation("body failed validation: body.properties should be defined, instead was `undefined`.")
	}
	if e := checkIcon(r.body["icon"]); e != nil {
		return nil, e
	}
	// Build everything first so a bad child leaves no half-made page.
	saved := s.st.nextID
	p, err := s.normPage(req, false)
	if err != nil {
		s.st.nextID = saved
		return nil, asAPIError(err)
	}
	children, _ := r.body["children"].([]any)
	blocks, err := s.buildBlocks(children, map[string]any{"type": "page_id", "page_id": p["id"]})
	if err != nil {
		s.st.nextID = saved
		return nil, asAPIError(err)
	}
	s.st.addPage(p)
	s.addBlocks(blocks)
	return s.renderPage(p), nil
}

func checkIcon(v any) *apiError {
	if v == nil {
		return nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		return validation("body failed validation: body.icon should be an object or `null`, instead was `%s`.", compact(v))
	}
	if _, ok := m["emoji"]; ok {
		return nil
	}
	if e, ok := m["external"].(map[string]any); ok && str(e["url"]) != "" {
		return nil
	}
	return validation("body failed validation. Fix one:\nbody.icon.emoji should be defined, instead was `undefined`.\nbody.icon.external should be defined, instead was `undefined`.")
}

func asAPIError(err error) *apiError {
	if e, ok := err.(*apiError); ok {
		return e
	}
	return validation("%s", err.Error())
}

func (s *Server) updatePage(id string, r *apiRequest) (any, *apiError) {
	p := s.page(NormID(id))
	if p == nil {
		return nil, notFound("page", id)
	}
	for k := range r.body {
		switch k {
		case "properties", "archived", "in_trash", "icon", "cover":
		default:
			return nil, validation("body failed validation: body.%s should be not present, instead was `%s`.", k, compact(r.body[k]))
		}
	}
	arch, hasArch := r.body["archived"]
	if t, ok := r.body["in_trash"]; ok {
		arch, hasArch = t, true
	}
	if hasArch {
		if _, ok := arch.(bool); !ok {
			return nil, validation("body failed validation: body.archived should be a boolean, instead was `%s`.", compact(arch))
		}
	}
	if p["archived"] == true && !(hasArch && arch == false) {
		return nil, validation("Can't edit block that is archived. You must unarchive the block before editing.")
	}
	if e := checkIcon(r.body["icon"]); e != nil {
		return nil, e
	}
	upd := map[string]any{}
	if raw, ok := r.body["properties"]; ok && raw != nil {
		props, ok := raw.(map[string]any)
		if !ok {
			return nil, validation("body failed validation: body.properties should be an object, instead was `%s`.", compact(raw))
		}
		var schema map[string]any
		db := s.database(parentDB(p))
		if db != nil {
			schema, _ = db["properties"].(map[string]any)
		}
		for key, v := range props {
			if db == nil {
				np, err := s.normPage(map[string]any{"id": p["id"], "parent": p["parent"], "properties": map[string]any{key: v}}, false)
				if err != nil {
					return nil, asAPIError(err)
				}
				maps := np["properties"].(map[string]any)
				upd[key] = maps[key]
				continue
			}
			name, sp := findProp(schema, key)
			if sp == nil {
				return nil, validation("%s is not a property that exists.", key)
			}
			nv, err := s.normValue(db, name, sp, v, false)
			if err != nil {
				return nil, asAPIError(err)
			}
			upd[name] = nv
		}
	}
	stored, _ := p["properties"].(map[string]any)
	if stored == nil {
		stored = map[string]any{}
		p["properties"] = stored
	}
	for k, v := range upd {
		stored[k] = v
		s.forgetStored(str(p["id"]), k)
	}
	if hasArch {
		p["archived"], p["in_trash"] = arch, arch
		s.forgetStored(str(p["id"]), "")
		s.forgetPageMeta(str(p["id"]))
	}
	if v, ok := r.body["icon"]; ok {
		p["icon"] = normIcon(v)
		s.forgetPageMeta(str(p["id"]))
	}
	if v, ok := r.body["cover"]; ok {
		p["cover"] = normIcon(v)
		s.forgetPageMeta(str(p["id"]))
	}
	p["last_edited_time"] = s.now()
	p["last_edited_by"] = s.userRef()
	return s.pageAnswer(p), nil
}

func normIcon(v any) any {
	m, ok := v.(map[string]any)
	if !ok {
		return nil
	}
	if e, ok := m["emoji"]; ok {
		return map[string]any{"type": "emoji", "emoji": e}
	}
	if e, ok := m["external"].(map[string]any); ok {
		return map[string]any{"type": "external", "external": map[string]any{"url": e["url"]}}
	}
	return m
}

// search matches page and database titles (case-insensitive substring of
// query), filtered by object, sorted by last_edited_time (default
// descending, creation order breaking ties).
func (s *Server) search(r *apiRequest) (any, *apiError) {
	size, err := pageSize(r.body["page_size"], "body")
	if err != nil {
		return nil, err
	}
	query := strings.ToLower(str(r.body["query"]))
	objFilter := ""
	if f, ok := r.body["filter"]; ok && f != nil {
		fm, ok := f.(map[string]any)
		if !ok || str(fm["property"]) != "object" || (fm["value"] != "page" && fm["value"] != "database") {
			return nil, validation("body failed validation: body.filter.value should be `\"page\"` or `\"database\"`, instead was `%s`.", compact(f))
		}
		objFilter = str(fm["value"])
	}
	desc := true
	if so, ok := r.body["sort"].(map[string]any); ok {
		switch str(so["direction"]) {
		case "ascending":
			desc = false
		case "descending":
		default:
			return nil, validation("body failed validation: body.sort.direction should be `\"ascending\"` or `\"descending\"`, instead was `%s`.", compact(so["direction"]))
		}
	}
	var found []map[string]any
	if objFilter != "page" {
		for _, d := range s.st.dbs {
			if d["archived"] == true {
				continue
			}
			if query == "" || strings.Contains(strings.ToLower(plainText(d["title"])), query) {
				found = append(found, s.renderDatabase(d))
			}
		}
	}
	if objFilter != "database" {
		for _, p := range s.st.pages {
			if p["archived"] == true {
				continue
			}
			rp := s.renderPage(p)
			if query == "" || strings.Contains(strings.ToLower(titleText(rp["properties"].(map[string]any))), query) {
				found = append(found, rp)
			}
		}
	}
	sortByEdited(found, desc)
	results, next, e := paginate(found, r.body["start_cursor"], size, "body")
	if e != nil {
		return nil, e
	}
	return list(results, next, "page_or_database"), nil
}

func sortByEdited(items []map[string]any, desc bool) {
	// Insertion sort keeps ties in creation order and is fine for a fake.
	for i := 1; i < len(items); i++ {
		for j := i; j > 0; j-- {
			a, b := str(items[j-1]["last_edited_time"]), str(items[j]["last_edited_time"])
			if (desc && a < b) || (!desc && a > b) {
				items[j-1], items[j] = items[j], items[j-1]
				continue
			}
			break
		}
	}
}

func (s *Server) listUsers(r *apiRequest) (any, *apiError) {
	size, err := pageSize(queryValue(r, "page_size"), "query")
	if err != nil {
		return nil, err
	}
	results, next, err := paginate(s.st.users, queryValue(r, "start_cursor"), size, "query")
	if err != nil {
		return nil, err
	}
	return list(results, next, "user"), nil
}

func queryValue(r *apiRequest, k string) any {
	if v, ok := r.query[k]; ok && len(v) > 0 {
		return v[0]
	}
	return nil
}

func (s *Server) getUser(id string) (any, *apiError) {
	u := s.st.userBy[NormID(id)]
	if u == nil {
		return nil, errf(404, "object_not_found", "Could not find user with ID: %s.", id)
	}
	return u, nil
}

func (s *Server) me() (any, *apiError) {
	if u := s.st.userBy[s.botID()]; u != nil {
		return u, nil
	}
	return map[string]any{"object": "user", "id": s.botID(), "name": "n8n-go fake", "avatar_url": nil, "type": "bot",
		"bot": map[string]any{"owner": map[string]any{"type": "workspace", "workspace": true}}}, nil
}

// blockParent returns the parent object for children of id (a page or a
// block), or nil when id is unknown.
func (s *Server) blockParent(id string) map[string]any {
	nid := NormID(id)
	if p := s.page(nid); p != nil {
		return map[string]any{"type": "page_id", "page_id": nid}
	}
	if b := s.block(nid); b != nil {
		return map[string]any{"type": "block_id", "block_id": nid}
	}
	return nil
}

func (s *Server) getBlock(id string, r *apiRequest) (any, *apiError) {
	nid := NormID(id)
	if b := s.block(nid); b != nil {
		return s.renderBlock(b, r.legacyText()), nil
	}
	if p := s.page(nid); p != nil {
		rp := s.renderPage(p)
		return map[string]any{
			"object": "block", "id": nid, "parent": p["parent"], "created_time": p["created_time"],
			"last_edited_time": p["last_edited_time"], "created_by": p["created_by"], "last_edited_by": p["last_edited_by"],
			"has_children": s.hasChildren(nid), "archived": p["archived"], "in_trash": p["in_trash"], "type": "child_page",
			"child_page": map[string]any{"title": titleText(rp["properties"].(map[string]any))},
		}, nil
	}
	return nil, notFound("block", id)
}

func (s *Server) hasChildren(id string) bool {
	for _, c := range s.st.blocks {
		par, _ := c["parent"].(map[string]any)
		if (par["page_id"] == id || par["block_id"] == id) && c["archived"] != true {
			return true
		}
	}
	return false
}

func (s *Server) children(id string, legacy bool) []map[string]any {
	var out []map[string]any
	for _, c := range s.st.blocks {
		par, _ := c["parent"].(map[string]any)
		if (par["page_id"] == id || par["block_id"] == id) && c["archived"] != true {
			out = append(out, s.renderBlock(c, legacy))
		}
	}
	return out
}

func (s *Server) blockChildren(id string, r *apiRequest) (any, *apiError) {
	if s.blockParent(id) == nil {
		return nil, notFound("block", id)
	}
	size, err := pageSize(queryValue(r, "page_size"), "query")
	if err != nil {
		return nil, err
	}
	results, next, err := paginate(s.children(NormID(id), r.legacyText()), queryValue(r, "start_cursor"), size, "query")
	if err != nil {
		return nil, err
	}
	return list(results, next, "block"), nil
}

func (s *Server) appendChildren(id string, r *apiRequest) (any, *apiError) {
	parent := s.blockParent(id)
	if parent == nil {
		return nil, notFound("block", id)
	}
	children, ok := r.body["children"].([]any)
	if !ok {
		return nil, validation("body failed validation: body.children should be defined, instead was `undefined`.")
	}
	saved := s.st.nextID
	blocks, err := s.buildBlocks(children, parent)
	if err != nil {
		s.st.nextID = saved
		return nil, asAPIError(err)
	}
	s.addBlocks(blocks)
	var results []any
	for _, b := range blocks {
		par, _ := b["parent"].(map[string]any)
		if par["type"] == parent["type"] {
			results = append(results, s.renderBlock(b, r.legacyText()))
		}
	}
	if results == nil {
		results = []any{}
	}
	return list(results, nil, "block"), nil
}

// buildBlocks normalises request blocks (and their nested children).
func (s *Server) buildBlocks(children []any, parent map[string]any) ([]map[string]any, error) {
	if len(children) > maxBlockList {
		return nil, validation("body failed validation: body.children.length should be ≤ `%d`, instead was `%d`.", maxBlockList, len(children))
	}
	var out []map[string]any
	for i, c := range children {
		cm, ok := c.(map[string]any)
		if !ok {
			return nil, validation("body failed validation: body.children[%d] should be an object, instead was `%s`.", i, compact(c))
		}
		b, err := s.normBlock(cm, parent)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
		typ := str(b["type"])
		content, _ := cm[typ].(map[string]any)
		if nested, ok := content["children"].([]any); ok {
			delete(b[typ].(map[string]any), "children")
			sub, err := s.buildBlocks(nested, map[string]any{"type": "block_id", "block_id": b["id"]})
			if err != nil {
				return nil, err
			}
			out = append(out, sub...)
		}
	}
	return out, nil
}

func (s *Server) addBlocks(blocks []map[string]any) {
	for _, b := range blocks {
		s.st.blocks = append(s.st.blocks, b)
		s.st.byID[str(b["id"])] = b
	}
}
