package formtrigger

import (
	"bytes"
	"mime/multipart"
	"net/textproto"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/workflow"
)

func mustConfig(t *testing.T, version float64, params string) Config {
	t.Helper()
	v, err := data.ParseJSON([]byte(params))
	if err != nil {
		t.Fatal(err)
	}
	c, err := ConfigFor(data.ToMap(v.(*data.Object)), &workflow.Node{Name: "F", ID: "node-id", WebhookID: "hook-id", TypeVersion: version})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

type part struct{ name, value, file, mime string }

func multipartBody(t *testing.T, parts ...part) (string, []byte) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for _, p := range parts {
		if p.file == "" {
			_ = mw.WriteField(p.name, p.value)
			continue
		}
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", `form-data; name="`+p.name+`"; filename="`+p.file+`"`)
		h.Set("Content-Type", p.mime)
		w, _ := mw.CreatePart(h)
		_, _ = w.Write([]byte(p.value))
	}
	_ = mw.Close()
	return mw.FormDataContentType(), b.Bytes()
}

func TestItem(t *testing.T) {
	now := time.Date(2026, 7, 1, 10, 0, 0, 123e6, time.UTC)
	berlin, _ := time.LoadLocation("Europe/Berlin")
	tests := []struct {
		name    string
		version float64
		params  string
		parts   []part
		query   string
		want    string
		binary  string
	}{
		{"labels, trimmed text, Number of empty, missing is null, UTC by default in v2", 2,
			`{"formFields":{"values":[{"fieldLabel":"Name"},{"fieldLabel":"N","fieldType":"number"},{"fieldLabel":"Gone"}]}}`,
			[]part{{name: "field-0", value: " a "}, {name: "field-1", value: ""}}, "",
			`{"Name":"a","N":0,"Gone":null,"submittedAt":"2026-07-01T10:00:00.123Z","formMode":"production"}`, ""},
		{"workflow zone from 2.1, not-a-number is null (NaN)", 2.1,
			`{"formFields":{"values":[{"fieldLabel":"N","fieldType":"number"}]}}`,
			[]part{{name: "field-0", value: "abc"}}, "",
			`{"N":null,"submittedAt":"2026-07-01T12:00:00.123+02:00","formMode":"production"}`, ""},
		{"useWorkflowTimezone off", 2.2,
			`{"formFields":{"values":[{"fieldLabel":"N","fieldType":"number"}]},"options":{"useWorkflowTimezone":false}}`,
			[]part{{name: "field-0", value: "1e3"}}, "",
			`{"N":1000,"submittedAt":"2026-07-01T10:00:00.123Z","formMode":"production"}`, ""},
		{"checkbox list, radio first, legacy multiselect dropdown, query", 2.2,
			`{"formFields":{"values":[{"fieldLabel":"C","fieldType":"checkbox"},{"fieldLabel":"R","fieldType":"radio"},{"fieldLabel":"D","fieldType":"dropdown","multiselect":true}]}}`,
			[]part{{name: "field-0", value: `["x","y"]`}, {name: "field-1", value: `["z"]`}, {name: "field-2", value: `["q"]`}},
			"b=2&a=1&b=3",
			`{"C":["x","y"],"R":"z","D":["q"],"submittedAt":"2026-07-01T12:00:00.123+02:00","formMode":"production","formQueryParameters":{"b":["2","3"],"a":"1"}}`, ""},
		{"several files: a list and numbered binary properties", 2.2,
			`{"formFields":{"values":[{"fieldLabel":"My files","fieldType":"file"}]}}`,
			[]part{{name: "field-0", value: "ab", file: "a.txt", mime: "text/plain"}, {name: "field-0", value: "cde", file: "b.csv", mime: "text/csv"}}, "",
			`{"My files":[{"filename":"a.txt","mimetype":"text/plain","size":2},{"filename":"b.csv","mimetype":"text/csv","size":3}],"submittedAt":"2026-07-01T12:00:00.123+02:00","formMode":"production"}`,
			"My_files_0,My_files_1"},
		{"single-file field keeps the object", 2.2,
			`{"formFields":{"values":[{"fieldLabel":"F","fieldType":"file","multipleFiles":false}]}}`,
			[]part{{name: "field-0", value: "ab", file: "a.txt", mime: "text/plain"}}, "",
			`{"F":{"filename":"a.txt","mimetype":"text/plain","size":2},"submittedAt":"2026-07-01T12:00:00.123+02:00","formMode":"production"}`, "F"},
		{"hidden field by name, html by element name", 2.2,
			`{"formFields":{"values":[{"fieldType":"hiddenField","fieldName":"utm"},{"fieldType":"html","elementName":"h"},{"fieldType":"html"}]}}`,
			[]part{{name: "field-0", value: "x"}, {name: "field-1", value: "<b>1</b>"}, {name: "field-2", value: "<i>2</i>"}}, "",
			`{"utm":"x","h":"<b>1</b>","submittedAt":"2026-07-01T12:00:00.123+02:00","formMode":"production"}`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustConfig(t, tt.version, tt.params)
			ct, body := multipartBody(t, tt.parts...)
			sub, err := ParseSubmission(ct, body)
			if err != nil {
				t.Fatal(err)
			}
			it, err := c.Item(sub, tt.query, "production", now, berlin)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := data.MarshalValue(it.JSON)
			if string(got) != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
			keys := ""
			if it.Binary != nil {
				keys = strings.Join(it.Binary.Keys(), ",")
			}
			if keys != tt.binary {
				t.Errorf("binary %q, want %q", keys, tt.binary)
			}
		})
	}
}

func TestParseSubmissionNeedsMultipart(t *testing.T) {
	if _, err := ParseSubmission("application/x-www-form-urlencoded", []byte("field-0=a")); err != ErrNotMultipart {
		t.Fatalf("err %v", err)
	}
}

func TestConfigRoutes(t *testing.T) {
	tests := []struct {
		version float64
		params  string
		route   string
	}{
		{1, `{"path":"contact"}`, "contact/n8n-form"},
		{2, `{"path":"/contact/"}`, "contact"},
		{2.2, `{"options":{"path":"p"}}`, "p"},
		{2.2, `{}`, "hook-id"},
	}
	for _, tt := range tests {
		if c := mustConfig(t, tt.version, tt.params); c.Route != tt.route {
			t.Errorf("v%v %s: route %q, want %q", tt.version, tt.params, c.Route, tt.route)
		}
	}
}

func TestRenderEscapesAndSanitizes(t *testing.T) {
	c := mustConfig(t, 2.2, `{"formTitle":"<script>x</script>","formDescription":"Hi <b>there</b><script>alert(1)</script>",
		"formFields":{"values":[{"fieldLabel":"A\"b","defaultValue":"d"},{"fieldType":"html","html":"<p onclick=\"x()\">ok</p><iframe src=\"https://e.x\"></iframe>"}]},
		"options":{"customCss":"</style><script>bad()</script> div > p { color: red; }"}}`)
	var b bytes.Buffer
	if err := c.Render(&b, PageOptions{Query: url.Values{`A"b`: {"from query"}}}); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	for _, bad := range []string{"<script>x</script>", "alert(1)", "onclick", "bad()", "</style><script>"} {
		if strings.Contains(page, bad) {
			t.Errorf("page contains %q", bad)
		}
	}
	for _, good := range []string{"Hi <b>there</b>", `value="from query"`, "div > p { color: red; }", `<iframe sandbox=""`} {
		if !strings.Contains(page, good) {
			t.Errorf("page lacks %q", good)
		}
	}
}

func TestAuthToken(t *testing.T) {
	c := Config{NodeID: "n", WebhookID: "w"}
	// Node's createHmac("sha256", "u:p").update("n-w").digest("hex"), as
	// n8n's generateBasicAuthToken computes it.
	if got := c.AuthToken("u", "p"); got != "797865f6e6125bf9a7f474bc331572079325b22594dfe9e365948dc22b9e63b6" {
		t.Errorf("token %q", got)
	}
	if c.AuthToken("", "p") != "" {
		t.Error("token without a user")
	}
}
