package googledrive

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func newTestFake(t *testing.T, opts Options) (*Server, string) {
	t.Helper()
	f := New(opts)
	seed := `{"files":[
	 {"id":"F1","name":"Reports","mimeType":"application/vnd.google-apps.folder"},
	 {"id":"A1","name":"sales.csv","mimeType":"text/csv","parents":["F1"],"content":"YSxiCg=="},
	 {"id":"A2","name":"notes.txt","mimeType":"text/plain"},
	 {"id":"D1","name":"Plan","mimeType":"application/vnd.google-apps.document","content":"cGxhbg=="},
	 {"id":"T1","name":"old.txt","mimeType":"text/plain","trashed":true}]}`
	if err := f.Seed([]byte(seed)); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return f, srv.URL
}

func do(t *testing.T, method, url, ctype, body string) (int, string, http.Header) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, url, rd)
	req.Header.Set("Authorization", "Bearer tok")
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header
}

func TestListQueries(t *testing.T) {
	_, base := newTestFake(t, Options{})
	cases := []struct {
		q     string
		names string
	}{
		{"", "Reports,sales.csv,notes.txt,Plan,old.txt"},
		{"trashed = false", "Reports,sales.csv,notes.txt,Plan"},
		{"name contains 'SALES'", "sales.csv"},
		{"'F1' in parents and trashed = false", "sales.csv"},
		{"mimeType != 'application/vnd.google-apps.folder' and (mimeType = 'text/csv' or mimeType = 'text/plain') and not trashed = true", "sales.csv,notes.txt"},
		{"'root' in parents and mimeType = 'application/vnd.google-apps.folder'", "Reports"},
	}
	for _, c := range cases {
		st, body, _ := do(t, "GET", base+"/drive/v3/files?fields=files(name)&q="+strings.ReplaceAll(c.q, " ", "+"), "", "")
		var out struct{ Files []struct{ Name string } }
		_ = json.Unmarshal([]byte(body), &out)
		var names []string
		for _, f := range out.Files {
			names = append(names, f.Name)
		}
		if st != 200 || strings.Join(names, ",") != c.names {
			t.Errorf("q=%q: %d %v", c.q, st, names)
		}
	}
	st, body, _ := do(t, "GET", base+"/drive/v3/files?pageSize=2", "", "")
	if st != 200 || !strings.Contains(body, `"nextPageToken": "page-2"`) {
		t.Errorf("paging: %d %s", st, body)
	}
}

func TestUploadDownloadExportUpdate(t *testing.T) {
	f, base := newTestFake(t, Options{})
	body := "--xyz\r\nContent-Type: application/json\r\n\r\n{\"name\":\"up.txt\",\"parents\":[\"F1\"]}\r\n--xyz\r\nContent-Type: text/plain\r\n\r\nhello\r\n--xyz--\r\n"
	st, out, _ := do(t, "POST", base+"/upload/drive/v3/files?uploadType=multipart", "multipart/related; boundary=xyz", body)
	if st != 200 || !strings.Contains(out, `"name": "up.txt"`) {
		t.Fatalf("upload: %d %s", st, out)
	}
	var created struct{ ID string }
	_ = json.Unmarshal([]byte(out), &created)
	st, out, h := do(t, "GET", base+"/drive/v3/files/"+created.ID+"?alt=media", "", "")
	if st != 200 || out != "hello" || h.Get("Content-Type") != "text/plain" {
		t.Errorf("download: %d %q %q", st, out, h.Get("Content-Type"))
	}
	if st, out, _ = do(t, "GET", base+"/drive/v3/files/D1/export?mimeType=text/plain", "", ""); st != 200 || out != "plan" {
		t.Errorf("export: %d %q", st, out)
	}
	if st, _, _ = do(t, "GET", base+"/drive/v3/files/A2/export?mimeType=text/plain", "", ""); st != 403 {
		t.Errorf("export of a binary file: %d", st)
	}
	st, out, _ = do(t, "PATCH", base+"/drive/v3/files/A2?addParents=F1&removeParents=root&fields=parents", "application/json", `{"name":"n2.txt"}`)
	if st != 200 || !strings.Contains(out, `"F1"`) || strings.Contains(out, RootID) {
		t.Errorf("move: %d %s", st, out)
	}
	if reqs := f.Requests(); reqs[0].ContentType != "multipart/related; boundary=<boundary>" || len(reqs[0].Parts) != 2 {
		t.Errorf("multipart not logged as parts: %+v", reqs[0])
	}
	if st, _, _ = do(t, "DELETE", base+"/drive/v3/files/F1", "", ""); st != 204 {
		t.Errorf("delete: %d", st)
	}
	if st, out, _ = do(t, "GET", base+"/drive/v3/files/A1", "", ""); st != 404 || !strings.Contains(out, "File not found: A1.") {
		t.Errorf("child of a deleted folder: %d %s", st, out)
	}
}

func TestResumableUpload(t *testing.T) {
	_, base := newTestFake(t, Options{})
	st, _, h := do(t, "POST", base+"/upload/drive/v3/files?uploadType=resumable", "application/json", `{"name":"big.bin"}`)
	loc := h.Get("Location")
	if st != 200 || loc == "" {
		t.Fatalf("start: %d %q", st, loc)
	}
	path := loc[strings.Index(loc, "/upload/"):]
	req, _ := http.NewRequest("PUT", base+path, strings.NewReader("abc"))
	req.Header.Set("Authorization", "Bearer tok")
	req.Header.Set("Content-Range", "bytes 0-2/6")
	resp, _ := http.DefaultClient.Do(req)
	resp.Body.Close()
	if resp.StatusCode != 308 {
		t.Fatalf("first chunk: %d", resp.StatusCode)
	}
	req, _ = http.NewRequest("PUT", base+path, strings.NewReader("def"))
	req.Header.Set("Authorization", "Bearer tok")
	req.Header.Set("Content-Range", "bytes 3-5/6")
	resp, _ = http.DefaultClient.Do(req)
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(b), "big.bin") {
		t.Fatalf("last chunk: %d %s", resp.StatusCode, b)
	}
}

func TestErrorBodies(t *testing.T) {
	_, base := newTestFake(t, Options{RateLimit: 0.001, RateBurst: 1, RateLimitStatus: 403})
	do(t, "GET", base+"/drive/v3/files", "", "")
	st, out, _ := do(t, "GET", base+"/drive/v3/files", "", "")
	if st != 403 || !strings.Contains(out, `"reason":"rateLimitExceeded"`) {
		t.Errorf("rate limit: %d %s", st, out)
	}
	if string(ErrorBody(429)) == "" {
		t.Error("no 429 body")
	}
}

func TestFieldsSelector(t *testing.T) {
	sel := parseFields("nextPageToken, files(id, name), kind")
	if sel == nil || len(sel.keys) != 3 || sel.subs["files"] == nil || len(sel.subs["files"].keys) != 2 {
		t.Fatalf("parse: %+v", sel)
	}
	if parseFields("files(*)").subs["files"] != nil {
		t.Fatal("files(*) should select every file field")
	}
}
