package notion

import (
	"bytes"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"
	"time"
)

// State is the document Seed takes and Dump returns: Notion API objects in
// creation order.
type State struct {
	Databases []map[string]any `json:"databases"`
	Pages     []map[string]any `json:"pages"`
	Users     []map[string]any `json:"users,omitempty"`
	Blocks    []map[string]any `json:"blocks,omitempty"`
	// NextID is the counter the next created id is derived from.
	NextID int `json:"nextId,omitempty"`
}

// store is the fake's data: objects keyed by dashed id, in creation order.
type store struct {
	dbs    []map[string]any
	pages  []map[string]any
	users  []map[string]any
	blocks []map[string]any
	byID   map[string]map[string]any // databases, pages and blocks
	userBy map[string]map[string]any
	// pagesIn is each database's pages (by its id) in creation order: a
	// query passes over its database's pages, not every page (a page's
	// parent never changes, and pages are never removed).
	pagesIn map[string][]map[string]any
	nextID  int
	// bot is botRefID's answer once found.
	bot any
}

func newStore() store {
	return store{byID: map[string]map[string]any{}, userBy: map[string]map[string]any{},
		pagesIn: map[string][]map[string]any{}, nextID: 1}
}

// addPage appends a made page to the store.
func (st *store) addPage(p map[string]any) {
	st.pages = append(st.pages, p)
	st.byID[str(p["id"])] = p
	if db := parentDB(p); db != "" {
		st.pagesIn[db] = append(st.pagesIn[db], p)
	}
}

// timeFormat is how Notion writes timestamps.
const timeFormat = "2006-01-02T15:04:05.000Z"

// now is the clock's minute as Notion writes it (s.mu held). The text is
// kept for the minute it was made for: every update writes it.
func (s *Server) now() string {
	t := DefaultNow
	if s.opts.Now != nil {
		t = s.opts.Now()
	}
	m := t.UTC().Truncate(time.Minute)
	if s.nowText == "" || !m.Equal(s.nowAt) {
		s.nowAt, s.nowText = m, m.Format(timeFormat)
	}
	return s.nowText
}

// newID returns the next deterministic id.
func (s *Server) newID() string {
	n := s.st.nextID
	s.st.nextID++
	return fmt.Sprintf("%s-0000-4000-8000-%012x", s.opts.IDPrefix, n)
}

func (s *Server) botID() string {
	id, _ := s.botRefID().(string)
	return id
}

// botRefID is botID as the value userRef stores, found at first use and
// kept in the store: users only come with a seed (which makes a new
// store), and every update writes a reference (looking through the users
// and boxing the id each time).
func (s *Server) botRefID() any {
	if s.st.bot != nil {
		return s.st.bot
	}
	id := s.opts.BotID
	if id == "" {
		id = "b0700000-0000-4000-8000-000000000001"
		for _, u := range s.st.users {
			if u["type"] == "bot" {
				id = str(u["id"])
				break
			}
		}
	}
	s.st.bot = id
	return s.st.bot
}

func (s *Server) userRef() map[string]any {
	return map[string]any{"object": "user", "id": s.botRefID()}
}

// NormID returns a Notion id with dashes (ids are accepted with or without
// them); anything that is not 32 hex digits comes back unchanged.
func NormID(id string) string {
	if dashedID(id) {
		return id // already in the form returned (most ids the fake is sent)
	}
	c := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(id), "-", ""))
	if len(c) != 32 {
		return id
	}
	for _, r := range c {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'f') {
			return id
		}
	}
	return c[:8] + "-" + c[8:12] + "-" + c[12:16] + "-" + c[16:20] + "-" + c[20:]
}

// dashedID reports whether id is 32 lower-case hex digits dashed as NormID
// dashes them.
func dashedID(id string) bool {
	if len(id) != 36 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
				return false
			}
		}
	}
	return true
}

// Seed replaces the whole state with a State document. Short forms are
// normalised: missing ids, timestamps, parents' type keys, schema property
// names and ids, option ids, full rich-text runs and user objects.
func (s *Server) Seed(doc []byte) error {
	var st State
	if err := json.Unmarshal(doc, &st); err != nil {
		return fmt.Errorf("fakenotion: seed: %w", err)
	}
	s.mu.Lock()
	s.renders, s.queries, s.valueJSON, s.plans = nil, nil, nil, nil
	defer s.mu.Unlock()
	s.st = newStore()
	if st.NextID > 0 {
		s.st.nextID = st.NextID
	}
	for i, u := range st.Users {
		nu, err := s.normUser(u)
		if err != nil {
			return fmt.Errorf("fakenotion: seed: users[%d]: %w", i, err)
		}
		s.st.users = append(s.st.users, nu)
		s.st.userBy[str(nu["id"])] = nu
	}
	for i, d := range st.Databases {
		nd, err := s.normDatabase(d)
		if err != nil {
			return fmt.Errorf("fakenotion: seed: databases[%d]: %w", i, err)
		}
		s.st.dbs = append(s.st.dbs, nd)
		s.st.byID[str(nd["id"])] = nd
	}
	for i, p := range st.Pages {
		np, err := s.normPage(p, true)
		if err != nil {
			return fmt.Errorf("fakenotion: seed: pages[%d]: %w", i, err)
		}
		s.st.addPage(np)
	}
	for i, b := range st.Blocks {
		nb, err := s.normBlock(b, nil)
		if err != nil {
			return fmt.Errorf("fakenotion: seed: blocks[%d]: %w", i, err)
		}
		s.st.blocks = append(s.st.blocks, nb)
		s.st.byID[str(nb["id"])] = nb
	}
	return nil
}

// Dump returns the state with every computed value filled in, as indented
// JSON (Seed accepts it back).
func (s *Server) Dump() []byte {
	s.mu.Lock()
	s.renders, s.queries = nil, nil
	defer s.mu.Unlock()
	out := State{Databases: []map[string]any{}, Pages: []map[string]any{}, Users: s.st.users, NextID: s.st.nextID}
	for _, d := range s.st.dbs {
		out.Databases = append(out.Databases, s.renderDatabase(d))
	}
	for _, p := range s.st.pages {
		out.Pages = append(out.Pages, s.renderPage(p))
	}
	for _, b := range s.st.blocks {
		out.Blocks = append(out.Blocks, s.renderBlock(b, false))
	}
	return indentState(out)
}

// indentState is json.MarshalIndent(st, "", "  ") (Marshal, then
// Indent), with the lists written by encodeJSON: a large workspace's dump
// costs a fraction of reflection's.
func indentState(st State) []byte {
	b := append(make([]byte, 0, 1<<16), `{"databases":`...)
	var ok bool
	for _, part := range []struct {
		key  string
		list []map[string]any
		omit bool
	}{
		{`{"databases":`, st.Databases, false},
		{`,"pages":`, st.Pages, false},
		{`,"users":`, st.Users, len(st.Users) == 0},
		{`,"blocks":`, st.Blocks, len(st.Blocks) == 0},
	} {
		if part.omit {
			continue
		}
		if part.key != `{"databases":` {
			b = append(b, part.key...)
		}
		if b, ok = appendValue(b, part.list); !ok {
			out, _ := json.MarshalIndent(st, "", "  ")
			return out
		}
	}
	if st.NextID != 0 {
		b = append(b, `,"nextId":`...)
		b = strconv.AppendInt(b, int64(st.NextID), 10)
	}
	b = append(b, '}')
	var out bytes.Buffer
	out.Grow(len(b) * 2)
	if err := json.Indent(&out, b, "", "  "); err != nil {
		o, _ := json.MarshalIndent(st, "", "  ")
		return o
	}
	return out.Bytes()
}

// Page returns one page as the API shows it (nil when unknown).
func (s *Server) Page(id string) map[string]any {
	s.mu.Lock()
	s.renders, s.queries = nil, nil
	defer s.mu.Unlock()
	p := s.page(NormID(id))
	if p == nil {
		return nil
	}
	return s.renderPage(p)
}

func (s *Server) page(id string) map[string]any {
	o := s.st.byID[id]
	if o == nil || o["object"] != "page" {
		return nil
	}
	return o
}

func (s *Server) database(id string) map[string]any {
	o := s.st.byID[id]
	if o == nil || o["object"] != "database" {
		return nil
	}
	return o
}

func (s *Server) block(id string) map[string]any {
	o := s.st.byID[id]
	if o == nil || o["object"] != "block" {
		return nil
	}
	return o
}

func (s *Server) normUser(u map[string]any) (map[string]any, error) {
	id := NormID(str(u["id"]))
	if id == "" {
		id = s.newID()
	}
	typ := str(u["type"])
	if typ == "" {
		typ = "person"
		if _, ok := u["bot"]; ok {
			typ = "bot"
		}
	}
	out := map[string]any{"object": "user", "id": id, "name": u["name"], "avatar_url": u["avatar_url"], "type": typ}
	switch typ {
	case "person":
		p, _ := u["person"].(map[string]any)
		if p == nil {
			p = map[string]any{}
			if e, ok := u["email"]; ok {
				p["email"] = e
			}
		}
		out["person"] = p
	case "bot":
		b, _ := u["bot"].(map[string]any)
		if b == nil {
			b = map[string]any{}
		}
		out["bot"] = b
	default:
		return nil, fmt.Errorf("user type %q is not person or bot", typ)
	}
	return out, nil
}

// shortID derives a property id the way Notion's look (4 url-safe chars).
func shortID(name string) string {
	h := fnv.New32a()
	h.Write([]byte(name))
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	v := h.Sum32()
	var b strings.Builder
	for range 4 {
		b.WriteByte(alphabet[v%uint32(len(alphabet))])
		v /= uint32(len(alphabet))
	}
	return b.String()
}

func (s *Server) normDatabase(d map[string]any) (map[string]any, error) {
	id := NormID(str(d["id"]))
	if id == "" {
		id = s.newID()
	}
	now := s.now()
	out := map[string]any{
		"object": "database", "id": id, "cover": d["cover"], "icon": d["icon"],
		"created_time": orDefault(d["created_time"], now), "last_edited_time": orDefault(d["last_edited_time"], now),
		"created_by": orDefault(d["created_by"], s.userRef()), "last_edited_by": orDefault(d["last_edited_by"], s.userRef()),
		"title": []any{}, "description": []any{}, "is_inline": d["is_inline"] == true,
		"archived": d["archived"] == true, "in_trash": d["in_trash"] == true, "public_url": d["public_url"],
	}
	switch t := d["title"].(type) {
	case string:
		out["title"] = richText(t)
	case []any:
		rt, err := s.normRichText(t)
		if err != nil {
			return nil, fmt.Errorf("title: %w", err)
		}
		out["title"] = rt
	}
	if desc, ok := d["description"].([]any); ok {
		rt, err := s.normRichText(desc)
		if err != nil {
			return nil, fmt.Errorf("description: %w", err)
		}
		out["description"] = rt
	}
	parent, _ := d["parent"].(map[string]any)
	out["parent"] = normParent(parent)
	props, _ := d["properties"].(map[string]any)
	schema := map[string]any{}
	titles := 0
	for name, raw := range props {
		p, _ := raw.(map[string]any)
		typ := str(p["type"])
		if typ == "" {
			return nil, fmt.Errorf("property %q has no type", name)
		}
		if typ == "title" {
			titles++
		}
		cfg, _ := p[typ].(map[string]any)
		if cfg == nil {
			cfg = map[string]any{}
		}
		pid := str(p["id"])
		if pid == "" {
			pid = shortID(name)
			if typ == "title" {
				pid = "title"
			}
		}
		if typ == "select" || typ == "multi_select" || typ == "status" {
			opts, _ := cfg["options"].([]any)
			norm := make([]any, 0, len(opts))
			for i, o := range opts {
				om, _ := o.(map[string]any)
				if om == nil {
					if n, ok := o.(string); ok {
						om = map[string]any{"name": n}
					} else {
						return nil, fmt.Errorf("property %q: option %d is not an object", name, i)
					}
				}
				norm = append(norm, map[string]any{
					"id": orDefault(om["id"], shortID(name+"/"+str(om["name"]))), "name": om["name"],
					"color": orDefault(om["color"], "default"),
				})
			}
			cfg["options"] = norm
		}
		schema[name] = map[string]any{"id": pid, "name": name, "type": typ, typ: cfg}
	}
	if titles != 1 {
		return nil, fmt.Errorf("a database needs exactly one title property, found %d", titles)
	}
	out["properties"] = schema
	return out, nil
}

func normParent(p map[string]any) map[string]any {
	switch {
	case p == nil:
		return map[string]any{"type": "workspace", "workspace": true}
	case p["database_id"] != nil:
		return map[string]any{"type": "database_id", "database_id": NormID(str(p["database_id"]))}
	case p["page_id"] != nil:
		return map[string]any{"type": "page_id", "page_id": NormID(str(p["page_id"]))}
	case p["block_id"] != nil:
		return map[string]any{"type": "block_id", "block_id": NormID(str(p["block_id"]))}
	}
	return map[string]any{"type": "workspace", "workspace": true}
}

func parentDB(p map[string]any) string {
	par, _ := p["parent"].(map[string]any)
	return str(par["database_id"])
}

// normPage builds a stored page from a seed (seed=true: computed values
// may be given) or a create request.
func (s *Server) normPage(p map[string]any, seed bool) (map[string]any, error) {
	id := NormID(str(p["id"]))
	if id == "" {
		id = s.newID()
	}
	now := s.now()
	parent, _ := p["parent"].(map[string]any)
	out := map[string]any{
		"object": "page", "id": id,
		"created_time": orDefault(p["created_time"], now), "last_edited_time": orDefault(p["last_edited_time"], now),
		"created_by": orDefault(p["created_by"], s.userRef()), "last_edited_by": orDefault(p["last_edited_by"], s.userRef()),
		"cover": p["cover"], "icon": p["icon"], "parent": normParent(parent),
		"archived": p["archived"] == true || p["in_trash"] == true, "in_trash": p["archived"] == true || p["in_trash"] == true,
		"public_url": p["public_url"],
	}
	props, _ := p["properties"].(map[string]any)
	stored := map[string]any{}
	if dbID := parentDB(out); dbID != "" {
		db := s.database(dbID)
		if db == nil {
			return nil, notFound("database", dbID)
		}
		schema, _ := db["properties"].(map[string]any)
		for key, raw := range props {
			name, sp := findProp(schema, key)
			if sp == nil {
				return nil, validation("%s is not a property that exists.", key)
			}
			v, err := s.normValue(db, name, sp, raw, seed)
			if err != nil {
				return nil, err
			}
			if v != nil {
				stored[name] = v
			}
		}
	} else {
		for key, raw := range props {
			if key != "title" {
				return nil, validation("body failed validation: body.properties.%s should be not present, instead was `%s`.", key, compact(raw))
			}
			// Both {"title":[…]} and {"title":{"title":[…]}} are accepted.
			list, ok := raw.([]any)
			if !ok {
				rm, _ := raw.(map[string]any)
				list, ok = rm["title"].([]any)
			}
			if !ok {
				return nil, validation("body failed validation: body.properties.title.title should be defined, instead was `undefined`.")
			}
			rt, err := s.normRichText(list)
			if err != nil {
				return nil, err
			}
			stored["title"] = map[string]any{"id": "title", "type": "title", "title": rt}
		}
	}
	out["properties"] = stored
	return out, nil
}

// findProp looks a property up by name, then by id.
func findProp(schema map[string]any, key string) (string, map[string]any) {
	if sp, ok := schema[key].(map[string]any); ok {
		return key, sp
	}
	for name, raw := range schema {
		sp, _ := raw.(map[string]any)
		if str(sp["id"]) == key {
			return name, sp
		}
	}
	return "", nil
}

// renderPage returns the page as the API shows it: every schema property,
// computed rollups and formulas, the url from the title.
func (s *Server) renderPage(p map[string]any) map[string]any {
	return s.renderPageDepth(p, 0)
}

func (s *Server) renderPageDepth(p map[string]any, depth int) map[string]any {
	if !s.cacheOK {
		return s.renderUncached(p, depth)
	}
	k := renderKey{str(p["id"]), depth}
	if rp, ok := s.renders[k]; ok {
		return rp
	}
	if s.renders == nil {
		s.renders = map[renderKey]map[string]any{}
	}
	rp := s.renderUncached(p, depth)
	s.renders[k] = rp
	return rp
}

// renderUncached computes a page's full API form (rollups, formulas).
func (s *Server) renderUncached(p map[string]any, depth int) map[string]any {
	out := make(map[string]any, len(p)+2)
	for k, v := range p {
		out[k] = v
	}
	stored, _ := p["properties"].(map[string]any)
	props := map[string]any{}
	db := s.database(parentDB(p))
	if db != nil {
		schema, _ := db["properties"].(map[string]any)
		for name, raw := range schema {
			sp, _ := raw.(map[string]any)
			props[name] = s.propertyValue(p, db, name, sp, stored, depth)
		}
	} else {
		for k, v := range stored {
			props[k] = v
		}
		if _, ok := props["title"]; !ok {
			props["title"] = map[string]any{"id": "title", "type": "title", "title": []any{}}
		}
	}
	out["properties"] = props
	out["url"] = pageURL(titleText(props), str(p["id"]))
	return out
}

// propertyValue is one rendered property of page p.
func (s *Server) propertyValue(p, db map[string]any, name string, sp, stored map[string]any, depth int) map[string]any {
	typ := str(sp["type"])
	pid := sp["id"]
	val := map[string]any{"id": pid, "type": typ}
	switch typ {
	case "rollup":
		val["rollup"] = s.rollup(p, db, sp, depth)
		return val
	case "formula":
		val["formula"] = s.formula(p, db, sp, stored, depth)
		return val
	case "created_time":
		val[typ] = p["created_time"]
		return val
	case "last_edited_time":
		val[typ] = p["last_edited_time"]
		return val
	case "created_by":
		val[typ] = s.fullUser(p["created_by"])
		return val
	case "last_edited_by":
		val[typ] = s.fullUser(p["last_edited_by"])
		return val
	}
	if sv, ok := stored[name].(map[string]any); ok {
		if v, has := sv[typ]; has {
			val[typ] = v
			if typ == "relation" {
				val["has_more"] = false
			}
			return val
		}
	}
	val[typ] = emptyValue(typ)
	if typ == "relation" {
		val["has_more"] = false
	}
	return val
}

func (s *Server) fullUser(ref any) any {
	m, _ := ref.(map[string]any)
	if u := s.st.userBy[str(m["id"])]; u != nil {
		return u
	}
	return ref
}

func emptyValue(typ string) any {
	switch typ {
	case "title", "rich_text", "multi_select", "people", "files", "relation":
		return []any{}
	case "checkbox":
		return false
	case "unique_id":
		return map[string]any{"prefix": nil, "number": nil}
	}
	return nil
}

func titleText(props map[string]any) string {
	for _, raw := range props {
		v, _ := raw.(map[string]any)
		if v["type"] == "title" {
			return plainText(v["title"])
		}
	}
	return ""
}

// pageURL is https://www.notion.so/<Title-Words>-<id without dashes>.
func pageURL(title, id string) string {
	var slug strings.Builder
	dash := false
	for _, r := range title {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
			if dash && slug.Len() > 0 {
				slug.WriteByte('-')
			}
			dash = false
			slug.WriteRune(r)
		default:
			dash = true
		}
	}
	compactID := strings.ReplaceAll(id, "-", "")
	if slug.Len() > 0 {
		return "https://www.notion.so/" + slug.String() + "-" + compactID
	}
	return "https://www.notion.so/" + compactID
}

func (s *Server) renderDatabase(d map[string]any) map[string]any {
	out := make(map[string]any, len(d)+1)
	for k, v := range d {
		out[k] = v
	}
	out["url"] = "https://www.notion.so/" + strings.ReplaceAll(str(d["id"]), "-", "")
	return out
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func orDefault(v, def any) any {
	if v == nil {
		return def
	}
	return v
}
