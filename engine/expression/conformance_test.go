package expression

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/n8n-go/n8n-go/engine/data"
)

// The conformance suite lives in testdata/expressions/*.json at the module
// root. Each file holds a default context and cases:
//
//	{"context": {…}, "cases": [{"name", "expr", "json"?, "context"?, "want"?,
//	  "undefined"?, "error"?, "checked"?}]}
//
// A case's context fields override the file's. "want" is compared as JSON
// (object key order ignored); "undefined": true expects undefined; "error"
// expects an *Error whose message contains the text.

type suiteFile struct {
	Context testContext `json:"context"`
	Cases   []testCase  `json:"cases"`
}

type testContext struct {
	Items     []data.Item             `json:"items,omitempty"`
	ItemIndex *int                    `json:"itemIndex,omitempty"`
	RunIndex  int                     `json:"runIndex,omitempty"`
	Nodes     []testNode              `json:"nodes,omitempty"` // upstream chain, oldest first
	Params    *data.Object            `json:"params,omitempty"`
	NodeParam map[string]*data.Object `json:"nodeParams,omitempty"`
	Vars      *data.Object            `json:"vars,omitempty"`
	Env       map[string]string       `json:"env,omitempty"`
	Now       string                  `json:"now,omitempty"`
	TZ        string                  `json:"tz,omitempty"`
	Workflow  *WorkflowInfo           `json:"workflow,omitempty"`
	Execution *ExecutionInfo          `json:"execution,omitempty"`
	Prev      string                  `json:"prevNode,omitempty"`
}

// testNode is an upstream node: its output items' pairedItem point into the
// previous node's output (the input items point into the last node's).
type testNode struct {
	Name  string      `json:"name"`
	Items []data.Item `json:"items"`
	Unrun bool        `json:"unexecuted,omitempty"`
}

type testCase struct {
	Name      string          `json:"name"`
	Expr      string          `json:"expr"`
	JSON      *data.Object    `json:"json,omitempty"`
	Context   *testContext    `json:"context,omitempty"`
	Want      json.RawMessage `json:"want,omitempty"`
	WantNum   string          `json:"wantNumber,omitempty"` // NaN, Infinity, -Infinity
	Undefined bool            `json:"undefined,omitempty"`
	Error     string          `json:"error,omitempty"`
	AllowEnv  bool            `json:"allowEnv,omitempty"`
	Checked   string          `json:"checked,omitempty"`
	Source    string          `json:"source,omitempty"`
}

// fakeData is a Data for tests: input items, earlier nodes' outputs and a
// simple pairedItem map.
type fakeData struct {
	c   testContext
	now time.Time
	loc *time.Location
}

func (f *fakeData) ItemIndex() int {
	if f.c.ItemIndex != nil {
		return *f.c.ItemIndex
	}
	return 0
}
func (f *fakeData) RunIndex() int           { return f.c.RunIndex }
func (f *fakeData) InputItems() []data.Item { return f.c.Items }
func (f *fakeData) node(name string) (int, bool) {
	for i, n := range f.c.Nodes {
		if n.Name == name {
			return i, true
		}
	}
	return 0, false
}
func (f *fakeData) NodeExists(name string) bool { _, ok := f.node(name); return ok }
func (f *fakeData) NodeOutput(name string, output, run int) ([]data.Item, error) {
	i, ok := f.node(name)
	if !ok {
		return nil, &Error{Message: "Referenced node doesn't exist"}
	}
	if f.c.Nodes[i].Unrun {
		return nil, &Error{Message: fmt.Sprintf("Node '%s' hasn't been executed", name)}
	}
	return f.c.Nodes[i].Items, nil
}

// PairedItem walks pairedItem links back through the chain (first link only).
func (f *fakeData) PairedItem(name string, itemIndex int) (data.Item, error) {
	target, ok := f.node(name)
	if !ok {
		return data.Item{}, &Error{Message: "Referenced node doesn't exist"}
	}
	if f.c.Nodes[target].Unrun {
		return data.Item{}, &Error{Message: fmt.Sprintf("Node '%s' hasn't been executed", name)}
	}
	if itemIndex < 0 || itemIndex >= len(f.c.Items) {
		return data.Item{}, &Error{Message: "Can’t get data for expression"}
	}
	cur := f.c.Items[itemIndex]
	for n := len(f.c.Nodes) - 1; n >= target; n-- {
		if len(cur.Paired.List()) == 0 {
			return data.Item{}, &Error{Message: "Paired item data for item from node 'Eval' is unavailable. Ensure 'Eval' is providing the required output."}
		}
		idx := cur.Paired.List()[0].Item
		items := f.c.Nodes[n].Items
		if idx >= len(items) {
			return data.Item{}, &Error{Message: fmt.Sprintf("Paired item data for item from node '%s' is unavailable. Ensure '%s' is providing the required output.", name, name)}
		}
		cur = items[idx]
	}
	return cur, nil
}
func (f *fakeData) IsExecuted(name string) bool {
	i, ok := f.node(name)
	return ok && !f.c.Nodes[i].Unrun
}
func (f *fakeData) NodeParameters(name string) (*data.Object, bool) {
	p, ok := f.c.NodeParam[name]
	return p, ok
}
func (f *fakeData) Parameters() *data.Object { return f.c.Params }
func (f *fakeData) PrevNode() (string, int, int, bool) {
	return f.c.Prev, 0, 0, f.c.Prev != ""
}
func (f *fakeData) Workflow() WorkflowInfo {
	if f.c.Workflow != nil {
		return *f.c.Workflow
	}
	return WorkflowInfo{ID: "wf1", Name: "Test", Active: false}
}
func (f *fakeData) Execution() ExecutionInfo {
	if f.c.Execution != nil {
		return *f.c.Execution
	}
	return ExecutionInfo{ID: "1", Mode: "test"}
}
func (f *fakeData) Vars() *data.Object { return f.c.Vars }
func (f *fakeData) Env() (map[string]string, bool) {
	return f.c.Env, true
}
func (f *fakeData) Now() time.Time           { return f.now }
func (f *fakeData) Location() *time.Location { return f.loc }

func merge(base testContext, over *testContext) testContext {
	if over == nil {
		return base
	}
	c := base
	if over.Items != nil {
		c.Items = over.Items
	}
	if over.ItemIndex != nil {
		c.ItemIndex = over.ItemIndex
	}
	if over.RunIndex != 0 {
		c.RunIndex = over.RunIndex
	}
	if over.Nodes != nil {
		c.Nodes = over.Nodes
	}
	if over.Params != nil {
		c.Params = over.Params
	}
	if over.NodeParam != nil {
		c.NodeParam = over.NodeParam
	}
	if over.Vars != nil {
		c.Vars = over.Vars
	}
	if over.Env != nil {
		c.Env = over.Env
	}
	if over.Now != "" {
		c.Now = over.Now
	}
	if over.TZ != "" {
		c.TZ = over.TZ
	}
	if over.Workflow != nil {
		c.Workflow = over.Workflow
	}
	if over.Execution != nil {
		c.Execution = over.Execution
	}
	if over.Prev != "" {
		c.Prev = over.Prev
	}
	return c
}

func newFakeData(t testing.TB, c testContext) *fakeData {
	now := time.Date(2024, 3, 30, 18, 49, 7, 234e6, time.UTC)
	if c.Now != "" {
		var err error
		now, err = time.Parse(time.RFC3339Nano, c.Now)
		if err != nil {
			t.Fatalf("bad now %q: %v", c.Now, err)
		}
	}
	loc := time.UTC
	if c.TZ != "" {
		var err error
		loc, err = time.LoadLocation(c.TZ)
		if err != nil {
			t.Fatalf("bad tz %q: %v", c.TZ, err)
		}
	}
	return &fakeData{c: c, now: now, loc: loc}
}

var only = flag.String("case", "", "run only conformance cases whose name contains this")

func loadSuite(t testing.TB) map[string]suiteFile {
	files, err := filepath.Glob("../../testdata/expressions/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no conformance files: %v", err)
	}
	out := map[string]suiteFile{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var s suiteFile
		dec := json.NewDecoder(strings.NewReader(string(b)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&s); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out[filepath.Base(f)] = s
	}
	return out
}

func TestConformance(t *testing.T) {
	suite := loadSuite(t)
	names := make([]string, 0, len(suite))
	for n := range suite {
		names = append(names, n)
	}
	sort.Strings(names)
	total := 0
	engines := map[bool]*Engine{false: New(Options{}), true: New(Options{AllowEnv: true})}
	for _, fname := range names {
		s := suite[fname]
		for i, tc := range s.Cases {
			total++
			name := fmt.Sprintf("%s/%03d_%s", strings.TrimSuffix(fname, ".json"), i, tc.Name)
			if *only != "" && !strings.Contains(name, *only) {
				continue
			}
			t.Run(name, func(t *testing.T) {
				c := merge(s.Context, tc.Context)
				if tc.JSON != nil {
					c.Items = []data.Item{{JSON: tc.JSON, Paired: data.One(0)}}
				}
				d := newFakeData(t, c)
				got, err := engines[tc.AllowEnv].Evaluate(context.Background(), tc.Expr, d)
				checkCase(t, tc, got, err)
			})
		}
	}
	if *only == "" && total < 400 {
		t.Errorf("conformance suite has %d cases, want at least 400", total)
	}
}

func checkCase(t *testing.T, tc testCase, got any, err error) {
	t.Helper()
	if tc.Error != "" {
		var xe *Error
		if err == nil {
			t.Fatalf("%s: want error %q, got value %#v", tc.Expr, tc.Error, got)
		}
		if !errors.As(err, &xe) {
			t.Fatalf("%s: want *Error %q, got %T %v", tc.Expr, tc.Error, err, err)
		}
		if !strings.Contains(xe.Message, tc.Error) {
			t.Fatalf("%s: want error containing %q, got %q", tc.Expr, tc.Error, xe.Message)
		}
		return
	}
	if err != nil {
		t.Fatalf("%s: unexpected error %v", tc.Expr, err)
	}
	if tc.Undefined {
		if !data.IsUndefined(got) {
			t.Fatalf("%s: want undefined, got %#v", tc.Expr, got)
		}
		return
	}
	if tc.WantNum != "" {
		f, ok := got.(float64)
		if !ok || numberToString(f) != tc.WantNum {
			t.Fatalf("%s: got %#v, want %s", tc.Expr, got, tc.WantNum)
		}
		return
	}
	if tc.Want == nil {
		t.Fatalf("%s: case has no expectation (got %#v)", tc.Expr, got)
	}
	if data.IsUndefined(got) {
		t.Fatalf("%s: got undefined, want %s", tc.Expr, string(tc.Want))
	}
	enc, ok, err := RenderJSON(got)
	if err != nil || !ok {
		t.Fatalf("%s: cannot render %#v: %v", tc.Expr, got, err)
	}
	// Compared as JSON written in JavaScript's key order: values, array
	// order and object key order must all match.
	g, err := data.ParseJSON(enc)
	if err != nil {
		t.Fatalf("bad render %s: %v", enc, err)
	}
	w, err := data.ParseJSON(tc.Want)
	if err != nil {
		t.Fatalf("bad want: %v", err)
	}
	gs, _ := data.MarshalValue(g)
	ws, _ := data.MarshalValue(w)
	if string(gs) != string(ws) {
		t.Fatalf("%s:\n got  %s\n want %s", tc.Expr, enc, string(tc.Want))
	}
}
