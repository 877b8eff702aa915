package formtrigger_test

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/internal/golden"
	"github.com/n8n-go/n8n-go/internal/server"
)

var digits = regexp.MustCompile(`[0-9]`)

// maskTime keeps the form of submittedAt (offset or "Z") and drops the
// clock reading.
func maskTime(js *data.Object) {
	if s, ok := js.Value("submittedAt").(string); ok {
		js.Set("submittedAt", digits.ReplaceAllString(s, "0"))
	}
}

// orderFiles sorts a multi-file list by file name and renames the numbered
// binary properties after the file they hold: n8n numbers the files of one
// field in the order its multipart parser finished writing them, which
// varies between runs.
func orderFiles(it *data.Object, field, prop string) {
	js := it.Value("json").(*data.Object)
	if list, ok := js.Value(field).([]any); ok {
		sort.Slice(list, func(i, j int) bool {
			return list[i].(*data.Object).Value("filename").(string) < list[j].(*data.Object).Value("filename").(string)
		})
	}
	bin, _ := it.Value("binary").(*data.Object)
	if bin == nil {
		return
	}
	out := data.NewObject(bin.Len())
	for k, v := range bin.All() {
		if strings.HasPrefix(k, prop+"_") {
			k = prop + "_" + v.(*data.Object).Value("fileName").(string)
		}
		out.Set(k, v)
	}
	it.Set("binary", out)
}

// TestItemGoldens submits the requests that testdata/formtrigger/
// record-item.js gave to n8n's own Form Trigger code and compares the
// trigger's output item (key order included) and n8n's answer.
func TestItemGoldens(t *testing.T) {
	tests := []struct {
		name          string
		answer        string
		unorderedFile string // field whose several files n8n orders by chance
	}{
		{"contact", `{"status":200}`, ""},
		{"variants", ``, "Files"}, // lastNode: responseData noData
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join(testdata, tt.name+".item.json"))
			if err != nil {
				t.Fatal(err)
			}
			doc, err := data.ParseJSON(raw)
			if err != nil {
				t.Fatal(err)
			}
			want := doc.(*data.Object).Value("item").(*data.Object)
			base, st := serve(t, server.Options{}, filepath.Join(testdata, tt.name+".workflow.json"))
			res, err := http.DefaultClient.Do(requestFromFile(t, filepath.Join(testdata, tt.name+".request"), base))
			if err != nil {
				t.Fatal(err)
			}
			answer, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != 200 || string(answer) != tt.answer {
				t.Errorf("answer %d %q, want 200 %q", res.StatusCode, answer, tt.answer)
			}
			got := lastItem(t, waitRecord(t, st), "On form submission")
			got.Delete("pairedItem")
			for _, it := range []*data.Object{want, got} {
				maskTime(it.Value("json").(*data.Object))
				if tt.unorderedFile != "" {
					orderFiles(it, tt.unorderedFile, tt.unorderedFile)
				}
			}
			opts := golden.Options{}
			if tt.unorderedFile != "" {
				// The binary properties come in the order the files were
				// written, too.
				for _, d := range golden.CompareValues(want.Value("binary"), got.Value("binary"), golden.Options{IgnoreKeyOrder: true}) {
					t.Error("binary: " + d)
				}
				want.Delete("binary")
				got.Delete("binary")
			}
			for _, d := range golden.CompareValues(want, got, opts) {
				t.Error(d)
			}
		})
	}
}
