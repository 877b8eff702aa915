package notion

import (
	"bytes"
	"encoding/json"
	"maps"
	"math"
	"strings"
	"testing"
	"time"
)

// TestEncodeJSONIsMarshal checks encodeJSON against json.Marshal on the
// rendered seed (every property type, rollups, formulas) and on values
// whose encoding has special cases.
func TestEncodeJSONIsMarshal(t *testing.T) {
	s := seededServer(t, Options{})
	var values []any
	for _, p := range s.st.pages {
		values = append(values, s.renderPage(p))
	}
	for _, d := range s.st.dbs {
		values = append(values, s.renderDatabase(d))
	}
	values = append(values,
		map[string]any{"b": 1.0, "a": []any{nil, true, false, "x"}, "": map[string]any(nil), "ü": []any(nil)},
		"<a href=\"x\">&amp;</a>\u2028\u2029\x00\x1f\b\f\n\r\t\\ \xff\xfe ok é 😀",
		[]any{0.0, math.Copysign(0, -1), 1e-7, 1e-6, 123456789.125, 1e20, 1e21, 1e300, -5e-324, 0.1, 3.0},
		[]map[string]any{{"k": "v"}, nil},
		map[string]any{"typed": []string{"a", "<"}, "int": 7, "page": pageBytes(`{"x":1}`)},
		list([]any{pageBytes(`{"id":"1"}`)}, "1", "page_or_database"),
	)
	for i, v := range values {
		want, werr := json.Marshal(v)
		got, gerr := encodeJSON(v)
		if werr != nil || gerr != nil {
			t.Fatalf("value %d: errors %v / %v", i, werr, gerr)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("value %d:\n got %s\nwant %s", i, got, want)
		}
	}
	for _, bad := range []any{math.NaN(), map[string]any{"x": []any{math.Inf(1)}}} {
		if _, err := encodeJSON(bad); err == nil {
			t.Errorf("%v: no error (json.Marshal fails)", bad)
		}
	}
}

// TestDumpIsMarshalIndent checks the dump against json.MarshalIndent of
// the same state.
func TestDumpIsMarshalIndent(t *testing.T) {
	s := seededServer(t, Options{})
	for _, st := range []State{
		{Databases: []map[string]any{}, Pages: []map[string]any{}},
		{Databases: []map[string]any{{"a": 1.0}}, Pages: []map[string]any{{"<": "&"}}, Users: []map[string]any{{}}, NextID: 12},
	} {
		want, _ := json.MarshalIndent(st, "", "  ")
		if got := indentState(st); !bytes.Equal(got, want) {
			t.Errorf("got\n%s\nwant\n%s", got, want)
		}
	}
	var st State
	if err := json.Unmarshal(s.Dump(), &st); err != nil {
		t.Fatal(err)
	}
	want, _ := json.MarshalIndent(st, "", "  ")
	if got := s.Dump(); !bytes.Equal(got, want) {
		t.Errorf("dump differs from MarshalIndent")
	}
}

// TestAppendPageIsRender checks appendPage against encoding the rendered
// page, on every page of the seed (every property type, rollups,
// formulas, pages outside databases).
func TestAppendPageIsRender(t *testing.T) {
	s := seededServer(t, Options{})
	check := func(p map[string]any) {
		t.Helper()
		want, werr := encodeJSON(s.renderUncached(p, 0))
		got, ok := s.appendPage(nil, p, 0)
		if werr != nil || !ok || !bytes.Equal(got, want) {
			t.Fatalf("page %v:\n got %s (%v)\nwant %s (%v)", p["id"], got, ok, want, werr)
		}
		if pb, err := s.encodeTo(nil, s.pageAnswer(p)); err != nil || !bytes.Equal(pb, want) {
			t.Fatalf("pageAnswer of %v differs", p["id"])
		}
	}
	for _, p := range s.st.pages {
		check(p)
	}
}

// BenchmarkEncodeRendered encodes every rendered page of the seed (what
// a query answer's pages cost once rendered).
func BenchmarkEncodeRendered(b *testing.B) {
	s := seededServer(b, Options{})
	var pages []any
	for _, p := range s.st.pages {
		pages = append(pages, s.renderPage(p))
	}
	b.ReportAllocs()
	for range b.N {
		if _, err := s.encode(pages); err != nil {
			b.Fatal(err)
		}
	}
}

// TestStoredJSONFollowsUpdates: pages written after their properties
// (and the pages their rollups read) were replaced are what encoding the
// rendered page gives, and what a fresh server seeded with the same
// state answers: no stored value's kept JSON outlives the value.
func TestStoredJSONFollowsUpdates(t *testing.T) {
	s, srv := seeded(t, Options{})
	pages := func(s *Server) map[string][]byte {
		out := map[string][]byte{}
		for _, p := range s.st.pages {
			got, ok := s.appendPage(nil, p, 0)
			want, err := encodeJSON(s.renderUncached(p, 0))
			if !ok || err != nil || !bytes.Equal(got, want) {
				t.Fatalf("page %v:\n got %s\nwant %s", p["id"], got, want)
			}
			out[str(p["id"])] = got
		}
		return out
	}
	pages(s) // every stored value's JSON kept
	for i, p := range s.st.pages {
		id, db := str(p["id"]), parentDB(p)
		var body string
		switch {
		case db == clientsDB && i%2 == 0:
			body = `{"properties":{"Clockify Client ID":{"rich_text":[{"text":{"content":"c<&>"}}]}}}`
		case db == clientsDB:
			body = `{"archived":true}`
		case db == bucketsDB:
			body = `{"properties":{"Clockify Project ID":{"rich_text":[{"text":{"content":"p` + id[:3] + `"}}]}}}`
		case db == tasksDB:
			body = `{"properties":{"Name":{"title":[{"text":{"content":"T ü"},"annotations":{"bold":true}}]}}}`
		case db == everyDB:
			body = `{"properties":{"Notes":{"rich_text":[]},"Count":{"number":2.5},"Tags":{"multi_select":[{"name":"y"}]}}}`
		default:
			continue
		}
		if r := call(t, srv, "PATCH", "/v1/pages/"+id, decode(body)); r.status != 200 {
			t.Fatalf("PATCH %s: %d %v", id, r.status, r.body)
		}
	}
	after := pages(s)
	fresh := New(Options{})
	if err := fresh.Seed(s.Dump()); err != nil {
		t.Fatal(err)
	}
	for id, want := range pages(fresh) {
		if !bytes.Equal(after[id], want) {
			t.Errorf("page %s after updates:\n got %s\nfresh %s", id, after[id], want)
		}
	}
}

// BenchmarkAppendPage writes every page of the seed, the stored values'
// JSON kept from the previous pass (a query answer's pages, an update's
// page).
func BenchmarkAppendPage(b *testing.B) {
	s := seededServer(b, Options{})
	var buf []byte
	b.ReportAllocs()
	for range b.N {
		for _, p := range s.st.pages {
			var ok bool
			if buf, ok = s.appendPage(buf[:0], p, 0); !ok {
				b.Fatal("not encoded")
			}
		}
	}
}

// TestAppendPageURL checks the url written from a title's runs against
// pageURL of the joined title, including bytes of one rune split across
// runs and ids that need escaping.
func TestAppendPageURL(t *testing.T) {
	run := func(s string) any { return map[string]any{"plain_text": s} }
	titles := []any{
		nil, []any{}, "not runs",
		[]any{run("Task 00006")},
		[]any{run("  Hello, "), run("wörld!! 42 "), run("")},
		[]any{run("a\xc3"), run("\xa9b"), run("\xffc-d_e")},
		[]any{run("ü"), 7.0, run("x")},
	}
	for _, title := range titles {
		for _, id := range []string{"1a878e40-f803-81d0-a000-000000000606", "", "odd<&>\"id\"\n-ü"} {
			want, _ := json.Marshal(pageURL(plainText(title), id))
			if got := appendPageURL(nil, title, id); !bytes.Equal(got, want) {
				t.Errorf("%q %q: got %s want %s", title, id, got, want)
			}
		}
	}
}

// TestAppendPageOtherKeys: a page with members besides the ones normPage
// makes (or without one of them) is written as its render encodes too.
func TestAppendPageOtherKeys(t *testing.T) {
	s := seededServer(t, Options{})
	for _, p := range s.st.pages[:20] {
		extra := maps.Clone(p)
		extra["url"], extra["zz"] = "stored", 1.0
		missing := maps.Clone(p)
		delete(missing, "icon")
		for _, q := range []map[string]any{extra, missing} {
			want, _ := encodeJSON(s.renderUncached(q, 0))
			if got, ok := s.appendPage(nil, q, 0); !ok || !bytes.Equal(got, want) {
				t.Fatalf("page %v:\n got %s\nwant %s", q["id"], got, want)
			}
		}
	}
}

// BenchmarkEncodeSmallMaps encodes the small maps a page holds (a user
// reference, a parent, a rich text run).
func BenchmarkEncodeSmallMaps(b *testing.B) {
	v := []any{
		map[string]any{"object": "user", "id": "5e3d7b0a-0000-4000-8000-000000000001"},
		map[string]any{"type": "database_id", "database_id": "1a878e40-f803-80e6-8df1-cf50776752da"},
		richText("Task 00006"),
	}
	var buf []byte
	b.ReportAllocs()
	for range b.N {
		var ok bool
		if buf, ok = appendValue(buf[:0], v); !ok {
			b.Fatal("not encoded")
		}
	}
}

// TestNormIDDashed: ids already dashed come back as the general path
// would make them.
func TestNormIDDashed(t *testing.T) {
	for _, id := range []string{
		"1a878e40-f803-81d0-a000-000000000606", "1A878E40-F803-81D0-A000-000000000606", "1a878e40f80381d0a000000000000606",
		" 1a878e40-f803-81d0-a000-000000000606", "1a878e40-f803-81d0-a000-00000000060g", "1a878e40-f803-81d0-a000-0000000006-6",
		"1a878e40-f80381d0-a000-0000000006066", "1a878e40-f803-81d0-a000--00000000060", "", "x",
	} {
		want := id
		if c := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(id), "-", "")); len(c) == 32 && strings.Trim(c, "0123456789abcdef") == "" {
			want = c[:8] + "-" + c[8:12] + "-" + c[12:16] + "-" + c[16:20] + "-" + c[20:]
		}
		if got := NormID(id); got != want {
			t.Errorf("NormID(%q) = %q, want %q", id, got, want)
		}
	}
}

// TestNowFollowsTheClock: the kept text of the minute changes with the
// clock's minute.
func TestNowFollowsTheClock(t *testing.T) {
	at := time.Date(2025, 4, 5, 6, 7, 8, 0, time.FixedZone("x", 3600))
	s := New(Options{Now: func() time.Time { return at }})
	for _, step := range []time.Duration{0, 30 * time.Second, 31 * time.Second, time.Hour, -2 * time.Hour} {
		at = at.Add(step)
		if got, want := s.now(), at.UTC().Truncate(time.Minute).Format(timeFormat); got != want {
			t.Fatalf("now() = %s at %v, want %s", got, at, want)
		}
	}
}

// TestShapedMapsAreMarshal: maps of mapShapes' key sets, and near misses
// (a key changed, one more), are written as json.Marshal writes them.
func TestShapedMapsAreMarshal(t *testing.T) {
	vals := []any{nil, "<x>", 1.5, true, []any{map[string]any{"id": "a"}}, map[string]any{"z": 1.0, "a": "b"}}
	for si, shape := range mapShapes {
		for j := range 3 {
			m := map[string]any{}
			for i, f := range shape {
				m[f.key] = vals[(i+j+si)%len(vals)]
			}
			variants := []map[string]any{m, maps.Clone(m), maps.Clone(m)}
			variants[1]["zz"] = "extra"
			delete(variants[2], shape[0].key)
			variants[2]["a0"] = "other"
			for _, v := range variants {
				want, _ := json.Marshal(v)
				if got, err := encodeJSON(v); err != nil || !bytes.Equal(got, want) {
					t.Fatalf("%v:\n got %s\nwant %s", v, got, want)
				}
			}
		}
	}
}

// TestPageMetaFollowsUpdates: a page's kept members (pageMeta) are
// dropped when an update replaces one of them, so the update's answer
// and later answers show the new icon, cover, archived and in_trash.
func TestPageMetaFollowsUpdates(t *testing.T) {
	s, srv := seeded(t, Options{})
	var id string
	for _, p := range s.st.pages {
		if parentDB(p) == clientsDB {
			id = str(p["id"])
			break
		}
	}
	steps := []struct {
		body string
		// want is what the update's answer and the page then hold.
		want map[string]any
	}{
		{`{"icon":{"type":"emoji","emoji":"🚀"}}`, map[string]any{"icon": map[string]any{"type": "emoji", "emoji": "🚀"}}},
		{`{"cover":{"type":"external","external":{"url":"https://example.com/c.png"}}}`, map[string]any{"cover": map[string]any{"type": "external", "external": map[string]any{"url": "https://example.com/c.png"}}}},
		{`{"properties":{"Clockify Client ID":{"rich_text":[{"text":{"content":"x"}}]}}}`, map[string]any{"archived": false}},
		{`{"archived":true}`, map[string]any{"archived": true, "in_trash": true}},
		{`{"in_trash":false}`, map[string]any{"archived": false, "in_trash": false}},
		{`{"icon":null,"cover":null}`, map[string]any{"icon": nil, "cover": nil}},
	}
	for i, st := range steps {
		// The page answered first, so its members are kept.
		if _, ok := s.appendPage(nil, s.page(id), 0); !ok {
			t.Fatalf("step %d: page not written", i)
		}
		r := call(t, srv, "PATCH", "/v1/pages/"+id, decode(st.body))
		if r.status != 200 {
			t.Fatalf("step %d: PATCH %s: %d %v", i, st.body, r.status, r.body)
		}
		for k, v := range st.want {
			if got, _ := json.Marshal(r.body[k]); string(got) != string(mustJSON(v)) {
				t.Errorf("step %d: answer's %s = %s, want %s", i, k, got, mustJSON(v))
			}
		}
		p := s.page(id)
		got, ok := s.appendPage(nil, p, 0)
		want, err := encodeJSON(s.renderUncached(p, 0))
		if !ok || err != nil || !bytes.Equal(got, want) {
			t.Errorf("step %d: page after %s:\n got %s\nwant %s", i, st.body, got, want)
		}
	}
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}
