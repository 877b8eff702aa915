package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"time"

	"github.com/spf13/cobra"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/credentials"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/workflow"
	"github.com/n8n-go/n8n-go/internal/golden"
	"github.com/n8n-go/n8n-go/internal/httprecord"
)

// caseSuffix names the files `n8n-go test` runs.
const caseSuffix = ".test.json"

// testCase is one *.test.json file. Paths in it are relative to the file.
type testCase struct {
	Name     string `json:"name"`
	Workflow string `json:"workflow"`
	// Pick chooses one workflow from a file that holds several (as
	// --workflow does).
	Pick    string                       `json:"pick"`
	Trigger string                       `json:"trigger"`
	Mode    string                       `json:"mode"`
	Input   json.RawMessage              `json:"input"`
	PinData map[string][]json.RawMessage `json:"pinData"`
	// Recorded: node → its runs' outputs ([[items of output 0], …] per
	// run), emitted instead of running the node (test new writes them
	// from a real execution).
	Recorded map[string][]json.RawMessage `json:"recorded"`
	Status   string                       `json:"status"`
	Error    *string                      `json:"error"`
	HTTP     string                       `json:"http"`
	// Credentials is a credentials file (string) or an inline list of
	// {id?, name?, type, data}.
	Credentials json.RawMessage `json:"credentials"`
	Timezone    string          `json:"timezone"`
	// Now fixes $now/$today (RFC 3339), so cases that use the clock are
	// repeatable.
	Now string `json:"now"`
	// IgnoreKeyOrder compares json objects as sets of keys. By default key
	// order counts, as it does in n8n (users see it in every output).
	IgnoreKeyOrder bool `json:"ignoreKeyOrder"`

	path   string
	dir    string
	expect []member // the "expect" object, in file order
	doc    []member // the whole file, in file order (for --update)
}

// member is one key of a JSON object, kept in file order.
type member struct {
	Key   string
	Value json.RawMessage
}

type testOptions struct {
	ef       engineFlags
	filter   string
	update   bool
	allNodes bool
	asJSON   bool
	junit    string
}

func newTestCmd(env cliEnv) *cobra.Command {
	var o testOptions
	cmd := &cobra.Command{
		Use:   "test [flags] [DIR|FILE...]",
		Short: "Run workflow test cases (*.test.json): compare node outputs, replay recorded HTTP",
		Long: `Runs the workflow test cases (*` + caseSuffix + ` files, searched recursively; default .)
and compares the node outputs each expects. A case may pin data, give the start
input, fix the clock and replay recorded HTTP exchanges (see README "Workflow tests").

Exit codes: 0 all cases pass, 1 a case fails, 2 usage error.`,
		Example: `  n8n-go test testdata/cases
  n8n-go test --run 'notion.*' --update
  n8n-go test --json | jq -c 'select(.action=="fail")'
  n8n-go test --junit report.xml`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return exitWith(runTests(cmd, args, &o, env))
		},
	}
	cmd.AddCommand(newTestNewCmd(env))
	fs := cmd.Flags()
	o.ef.registerEngine(fs)
	fs.StringVar(&o.filter, "run", "", "run only the cases whose name matches this `REGEXP`")
	fs.BoolVar(&o.update, "update", false, "rewrite each case's expectations from the actual run (only the nodes it already lists)")
	fs.BoolVar(&o.allNodes, "all-nodes", false, "with --update: add every node that ran to the expectations")
	fs.BoolVar(&o.asJSON, "json", false, "print a stream of JSON events (one per line, like go test -json) instead of text")
	fs.StringVar(&o.junit, "junit", "", "also write a JUnit XML report to `FILE` (for CI systems)")
	return cmd
}

func runTests(cmd *cobra.Command, args []string, o *testOptions, env cliEnv) int {
	fs := cmd.Flags()
	ef := &o.ef
	filter, update, allNodes := o.filter, o.update, o.allNodes
	if allNodes && !update {
		fmt.Fprintln(env.stderr, "n8n-go test: --all-nodes needs --update")
		return exitInvalid
	}
	var re *regexp.Regexp
	if filter != "" {
		var err error
		if re, err = regexp.Compile(filter); err != nil {
			fmt.Fprintf(env.stderr, "n8n-go test: --run: %v\n", err)
			return exitInvalid
		}
	}
	if probs := ef.preflight(env); len(probs) > 0 {
		for _, p := range probs {
			fmt.Fprintln(env.stderr, "n8n-go test: "+p)
		}
		return exitInvalid
	}
	if err := checkWritable("--junit", o.junit); err != nil {
		fmt.Fprintf(env.stderr, "n8n-go test: %v\n", err)
		return exitInvalid
	}
	ef.unlimited = true // tests replay or use fakes
	if !fs.Changed("notion-rate") {
		ef.notionRate = 0
	}
	roots := args
	if len(roots) == 0 {
		roots = []string{"."}
	}
	paths, names, err := findCases(roots)
	if err != nil {
		fmt.Fprintf(env.stderr, "n8n-go test: %v\n", err)
		return exitInvalid
	}
	rep := newTestReport(env.stdout, o.asJSON)
	for i, p := range paths {
		tc, err := loadCase(p, names[i])
		if err == nil && re != nil && !re.MatchString(tc.Name) {
			continue
		}
		name, problems := names[i], []string(nil)
		started := time.Now()
		if err == nil {
			name = tc.Name
			rep.run(name, p)
			problems, err = runAndCheck(tc, ef, env, update, allNodes, func(msg string) { rep.note(name, msg) })
		} else {
			rep.run(name, p)
		}
		if err != nil {
			problems = append(problems, err.Error())
		}
		rep.done(caseResult{name: name, file: p, problems: problems, elapsed: time.Since(started)})
	}
	rep.end()
	passed, failed := rep.counts()
	if o.junit != "" {
		if err := rep.writeJUnit(o.junit); err != nil {
			fmt.Fprintf(env.stderr, "n8n-go test: --junit: %v\n", err)
			return exitFailed
		}
	}
	if passed+failed == 0 {
		fmt.Fprintf(env.stderr, "n8n-go test: no test cases (*%s) found\n", caseSuffix)
	}
	if failed > 0 {
		return exitFailed
	}
	return exitOK
}

// findCases lists the case files under roots (a file is taken as is) and
// their default names: the path below the root without the suffix.
func findCases(roots []string) (paths, names []string, err error) {
	for _, root := range roots {
		st, err := os.Stat(root)
		if err != nil {
			return nil, nil, err
		}
		if !st.IsDir() {
			paths = append(paths, root)
			names = append(names, strings.TrimSuffix(filepath.Base(root), caseSuffix))
			continue
		}
		err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && p != root && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			if !d.IsDir() && strings.HasSuffix(d.Name(), caseSuffix) {
				rel, _ := filepath.Rel(root, p)
				paths = append(paths, p)
				names = append(names, filepath.ToSlash(strings.TrimSuffix(rel, caseSuffix)))
			}
			return nil
		})
		if err != nil {
			return nil, nil, err
		}
	}
	return paths, names, nil
}

func loadCase(path, name string) (*testCase, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	tc := &testCase{path: path, dir: filepath.Dir(path)}
	if err := json.Unmarshal(b, tc); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if tc.doc, err = decodeObject(b); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	for _, m := range tc.doc {
		if m.Key == "expect" {
			if tc.expect, err = decodeObject(m.Value); err != nil {
				return nil, fmt.Errorf("%s: expect: %w", path, err)
			}
		}
	}
	if tc.Name == "" {
		tc.Name = name
	}
	if tc.Workflow == "" {
		return nil, fmt.Errorf("%s: no \"workflow\"", path)
	}
	switch tc.Status {
	case "", "success", "error":
	default:
		return nil, fmt.Errorf("%s: status must be success or error, got %q", path, tc.Status)
	}
	return tc, nil
}

func (tc *testCase) rel(p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(tc.dir, p)
}

// caseRun is what one run of a case produced.
type caseRun struct {
	res *engine.Result
	got runsByNode
	// http lists replay problems (unmatched requests, unused exchanges).
	http []string
	// stopped is set when a replay miss stopped the run.
	stopped bool
	// wf is the workflow run, to tell a typo from a node that did not run.
	wf *workflow.Workflow
}

// unknownNodes reports expect keys that name no node of the workflow: a
// typo must fail the case, not read as "this node must not run".
func (tc *testCase) unknownNodes(cr *caseRun) []string {
	var out []string
	for _, m := range tc.expect {
		node, _ := nodeKey(m.Key, cr.got)
		if cr.wf.Node(node) == nil && cr.wf.Node(m.Key) == nil {
			out = append(out, fmt.Sprintf("expect %q: the workflow has no node %q%s", m.Key, node, didYouMean(node, nodeNames(cr.wf))))
		}
	}
	return out
}

// runAndCheck runs tc and returns how the run differs from what tc
// expects. With update it first rewrites tc's file from the run, then
// checks against the rewritten case. An error means the case could not
// run at all.
func runAndCheck(tc *testCase, ef *engineFlags, env cliEnv, update, allNodes bool, note func(string)) ([]string, error) {
	cr, err := runCase(tc, ef, env)
	if err != nil {
		return nil, err
	}
	// A run that strayed from its HTTP recording is no source of truth.
	if bad := tc.unknownNodes(cr); update && len(bad) > 0 {
		return append(bad, "not updated: fix the node names first"), nil
	}
	if update && len(cr.http) == 0 {
		changed, err := tc.update(cr, allNodes)
		if err != nil {
			return nil, fmt.Errorf("update: %w", err)
		}
		if changed {
			note(fmt.Sprintf("UPDATED %s (%s)", tc.Name, tc.path))
			if tc, err = loadCase(tc.path, tc.Name); err != nil {
				return nil, err
			}
		}
	}
	return tc.check(cr), nil
}

// check compares a run with the case's expectations.
func (tc *testCase) check(cr *caseRun) []string {
	if cr.stopped {
		return append(cr.http, "the run was stopped at the first request the recording does not answer; outputs not compared")
	}
	problems := append(tc.unknownNodes(cr), tc.checkStatus(cr.res)...)
	for _, m := range tc.expect {
		if node, _ := nodeKey(m.Key, cr.got); cr.wf.Node(node) == nil && cr.wf.Node(m.Key) == nil {
			continue // reported by unknownNodes
		}
		problems = append(problems, compareNode(m, cr.got, golden.Options{NoDefaultDrop: true, MaxDiffs: 10, IgnoreKeyOrder: tc.IgnoreKeyOrder})...)
	}
	return append(problems, cr.http...)
}

// runCase runs tc.
func runCase(tc *testCase, ef *engineFlags, env cliEnv) (*caseRun, error) {
	w, err := workflow.LoadFile(tc.rel(tc.Workflow), tc.Pick)
	if err != nil {
		return nil, err
	}
	mode := tc.Mode
	if len(tc.PinData) > 0 {
		if w.PinData == nil {
			w.PinData = map[string][]json.RawMessage{}
		}
		for n, items := range tc.PinData {
			w.PinData[n] = items
		}
		if mode == "" {
			mode = "manual"
		}
	}
	var creds engine.CredentialStore
	if len(tc.Credentials) > 0 {
		if creds, err = tc.credentials(); err != nil {
			return nil, err
		}
	} else if creds, err = loadCredentials(ef.credentials, env); err != nil {
		return nil, err
	}
	rec, err := tc.recorded(w)
	if err != nil {
		return nil, err
	}
	if len(rec) > 0 {
		creds = recordedCredentials{inner: creds, only: recordedOnlyTypes(w, rec)}
	}
	// Retries never wait in tests: a recorded failure must not cost 5 s.
	x := extra{credentials: creds, instantRetries: true}
	if tc.Now != "" {
		t, err := time.Parse(time.RFC3339, tc.Now)
		if err != nil {
			return nil, fmt.Errorf("now: expected an RFC 3339 time such as 2025-01-02T03:04:05Z: %w", err)
		}
		x.now = func() time.Time { return t }
	}
	var hs *httpSession
	if tc.HTTP != "" {
		if hs, err = replayHTTP(&x, tc.rel(tc.HTTP), creds); err != nil {
			return nil, err
		}
	}
	flags := *ef
	if tc.Timezone != "" {
		flags.timezone = tc.Timezone
	}
	eng, err := flags.build(env, x)
	if err != nil {
		return nil, err
	}
	var start []data.Item
	if len(tc.Input) > 0 {
		if start, err = parseInput(string(tc.Input)); err != nil {
			return nil, fmt.Errorf("input: %w", err)
		}
	}
	// A request the recording does not answer fails the case: stop the run
	// there rather than let the node retry (waitBetweenTries) or go on.
	ctx, cancel := context.WithCancel(env.ctx)
	defer cancel()
	var stopped atomic.Bool
	if hs != nil {
		hs.replayer.OnMiss = func(*httprecord.MismatchError) { stopped.Store(true); cancel() }
	}
	res, err := eng.Run(ctx, w, engine.RunOptions{Mode: mode, Start: tc.Trigger, StartItems: start, Recorded: rec})
	if err != nil {
		return nil, err
	}
	got, err := normalizedRunData(res)
	if err != nil {
		return nil, err
	}
	cr := &caseRun{res: res, got: got, stopped: stopped.Load() && env.ctx.Err() == nil, wf: w}
	// After a stop every later exchange is unused; listing them adds noise.
	cr.http = hs.problems(!cr.stopped)
	return cr, nil
}

// recorded parses the case's "recorded" outputs.
func (tc *testCase) recorded(w *workflow.Workflow) (map[string][][][]data.Item, error) {
	if len(tc.Recorded) == 0 {
		return nil, nil
	}
	out := map[string][][][]data.Item{}
	for node, runs := range tc.Recorded {
		if w.Node(node) == nil {
			return nil, fmt.Errorf("recorded: the workflow has no node %q%s", node, didYouMean(node, nodeNames(w)))
		}
		// [] (the node did not run where it was recorded) still marks it
		// recorded: its credentials are not needed.
		out[node] = nil
		for k, raw := range runs {
			var outs [][]json.RawMessage
			if err := json.Unmarshal(raw, &outs); err != nil {
				return nil, fmt.Errorf("recorded %q run %d: want [[items of output 0], …]: %w", node, k, err)
			}
			run := make([][]data.Item, len(outs))
			for o, items := range outs {
				if items == nil {
					continue
				}
				run[o] = make([]data.Item, len(items))
				for i, it := range items {
					if err := json.Unmarshal(it, &run[o][i]); err != nil {
						return nil, fmt.Errorf("recorded %q run %d output %d item %d: %w", node, k, o, i, err)
					}
				}
			}
			out[node] = append(out[node], run)
		}
	}
	return out, nil
}

// recordedOnlyTypes lists the credential types that only recorded nodes
// use: those nodes never run, so the case needs no such credential.
func recordedOnlyTypes(w *workflow.Workflow, rec map[string][][][]data.Item) map[string]bool {
	only, needed := map[string]bool{}, map[string]bool{}
	for _, n := range w.Nodes {
		for t := range n.Credentials {
			if _, ok := rec[n.Name]; ok {
				only[t] = true
			} else if !n.Disabled {
				needed[t] = true
			}
		}
	}
	for t := range needed {
		delete(only, t)
	}
	return only
}

// recordedCredentials stands in for the credentials only recorded nodes
// use (an empty credential); every other type resolves as usual.
type recordedCredentials struct {
	inner engine.CredentialStore
	only  map[string]bool
}

func (c recordedCredentials) Resolve(typ string, ref *workflow.CredentialRef) (map[string]any, error) {
	if d, err := c.inner.Resolve(typ, ref); err == nil || !c.only[typ] {
		return d, err
	}
	return map[string]any{}, nil
}

func (c recordedCredentials) MissingFields(typ string, d map[string]any) []string {
	if fc, ok := c.inner.(engine.CredentialFieldChecker); ok && !c.only[typ] {
		return fc.MissingFields(typ, d)
	}
	return nil
}

// credentials reads the case's "credentials": a file name or an inline list.
func (tc *testCase) credentials() (engine.CredentialStore, error) {
	var file string
	if json.Unmarshal(tc.Credentials, &file) == nil {
		return credentials.Load(tc.rel(file), nil)
	}
	list, err := credentials.Parse(tc.Credentials)
	if err != nil {
		return nil, fmt.Errorf("credentials: %w", err)
	}
	return credentials.New(list, nil), nil
}

func (tc *testCase) wantStatus() string {
	switch {
	case tc.Status != "":
		return tc.Status
	case tc.Error != nil:
		return "error"
	}
	return "success"
}

func runError(res *engine.Result) string {
	e := res.Data.ResultData.Error
	if e == nil {
		return ""
	}
	msg := e.Message
	if e.Description != "" {
		msg += " — " + e.Description
	}
	return msg
}

func (tc *testCase) checkStatus(res *engine.Result) []string {
	var out []string
	if want := tc.wantStatus(); res.Status != want {
		line := fmt.Sprintf("status: want %s, got %s", want, res.Status)
		if msg := runError(res); msg != "" {
			line += fmt.Sprintf(" (failed at %q: %s)", res.Data.ResultData.LastNodeExecuted, msg)
		}
		out = append(out, line)
	}
	if tc.Error != nil && !strings.Contains(runError(res), *tc.Error) {
		out = append(out, fmt.Sprintf("error: want a message containing %q, got %q", *tc.Error, runError(res)))
	}
	return out
}

// runsByNode is run data as golden.NormalizeRun shapes it: node → runs →
// {data: {main: [[{json, pairedItem?, binary?}]]}, error?}, objects in
// their JavaScript key order.
type runsByNode map[string][]*data.Object

// normalizedRunData is the run's data as runsByNode.
func normalizedRunData(res *engine.Result) (runsByNode, error) {
	var buf bytes.Buffer
	if err := res.WriteJSON(&buf); err != nil {
		return nil, fmt.Errorf("encode run data: %w", err)
	}
	norm, err := golden.NormalizeRun(buf.Bytes())
	if err != nil {
		return nil, err
	}
	doc, err := data.ParseJSONObject(norm)
	if err != nil {
		return nil, fmt.Errorf("decode run data: %w", err)
	}
	out := runsByNode{}
	rd, _ := doc.Value("runData").(*data.Object)
	for node, runs := range rd.All() {
		list, _ := runs.([]any)
		tasks := make([]*data.Object, len(list))
		for i, t := range list {
			tasks[i], _ = t.(*data.Object)
		}
		out[node] = tasks
	}
	return out, nil
}

// nodeKey splits an expect key into node and run: "Node" is run 0,
// "Node#2" run 2 (0-based) unless a node is named that way.
func nodeKey(key string, got runsByNode) (string, int) {
	if _, ok := got[key]; ok {
		return key, 0
	}
	if i := strings.LastIndexByte(key, '#'); i > 0 {
		var run int
		if _, err := fmt.Sscanf(key[i+1:], "%d", &run); err == nil && fmt.Sprint(run) == key[i+1:] {
			return key[:i], run
		}
	}
	return key, 0
}

// expectedOutputs parses one expect value: null (the node must not run),
// [[items of output 0], [output 1]…] (an output may be null), or the
// shorthand [items] for output 0. An item is {"json": …, "pairedItem"?: …,
// "binary"?: …} or a bare json object.
func expectedOutputs(raw json.RawMessage) (outputs []any, mustNotRun, shorthand bool, err error) {
	v, err := data.ParseJSON(raw)
	if err != nil {
		return nil, false, false, err
	}
	if v == nil {
		return nil, true, false, nil
	}
	list, ok := v.([]any)
	if !ok {
		return nil, false, false, errors.New("want null, [items] or [[items of output 0], …]")
	}
	if isOutputsForm(list) {
		outs := make([]any, len(list))
		for i, o := range list {
			if o == nil {
				continue
			}
			items := o.([]any)
			norm := make([]any, len(items))
			for j, it := range items {
				norm[j] = asItem(it)
			}
			outs[i] = norm
		}
		return outs, false, false, nil
	}
	norm := make([]any, len(list))
	for j, it := range list {
		norm[j] = asItem(it)
	}
	return []any{norm}, false, true, nil
}

func isOutputsForm(list []any) bool {
	if len(list) == 0 {
		return false
	}
	for _, e := range list {
		if _, ok := e.([]any); !ok && e != nil {
			return false
		}
	}
	return true
}

// asItem turns a bare json object into {"json": …}.
func asItem(v any) *data.Object {
	m, ok := v.(*data.Object)
	if !ok {
		return data.ObjectOf("json", v)
	}
	if isItemForm(m) {
		return m
	}
	return data.ObjectOf("json", m)
}

func isItemForm(m *data.Object) bool {
	if _, ok := m.Value("json").(*data.Object); !ok {
		return false
	}
	for _, k := range m.Keys() {
		if k != "json" && k != "pairedItem" && k != "binary" {
			return false
		}
	}
	return true
}

// compareNode compares one expect entry with the run data.
func compareNode(m member, got runsByNode, opts golden.Options) []string {
	node, run := nodeKey(m.Key, got)
	where := fmt.Sprintf("node %q run %d", node, run)
	want, mustNotRun, _, err := expectedOutputs(m.Value)
	if err != nil {
		return []string{fmt.Sprintf("expect %q: %v", m.Key, err)}
	}
	runs := got[node]
	if mustNotRun {
		if run < len(runs) {
			return []string{where + ": ran, but the case expects it not to"}
		}
		return nil
	}
	if run >= len(runs) {
		if len(runs) == 0 {
			return []string{fmt.Sprintf("node %q did not run", node)}
		}
		return []string{fmt.Sprintf("%s: the node ran only %d time(s)", where, len(runs))}
	}
	task := runs[run]
	var gotOuts []any
	if d, ok := task.Value("data").(*data.Object); ok {
		gotOuts, _ = d.Value("main").([]any)
	}
	var out []string
	if e, ok := task.Value("error").(*data.Object); ok && gotOuts == nil {
		return []string{fmt.Sprintf("%s: failed: %v", where, e.Value("message"))}
	}
	if len(gotOuts) != len(want) {
		// Extra empty or null outputs do not matter to the shorthand.
		trailingEmpty := true
		for _, o := range gotOuts[min(len(want), len(gotOuts)):] {
			if l, _ := o.([]any); len(l) > 0 {
				trailingEmpty = false
			}
		}
		if len(gotOuts) < len(want) || !trailingEmpty {
			out = append(out, fmt.Sprintf("%s: want %d output(s), got %d", where, len(want), len(gotOuts)))
		}
	}
	for o := 0; o < min(len(want), len(gotOuts)); o++ {
		wItems, _ := want[o].([]any)
		gItems, gOK := gotOuts[o].([]any)
		at := fmt.Sprintf("%s output %d", where, o)
		if want[o] == nil || !gOK {
			if (want[o] == nil) != !gOK && !(len(wItems) == 0 && len(gItems) == 0) {
				out = append(out, fmt.Sprintf("%s: want %s, got %s", at, showJSON(want[o]), showJSON(gotOuts[o])))
			}
			continue
		}
		if len(wItems) != len(gItems) {
			out = append(out, fmt.Sprintf("%s: want %d item(s), got %d", at, len(wItems), len(gItems)))
		}
		for i := 0; i < min(len(wItems), len(gItems)); i++ {
			w := wItems[i].(*data.Object)
			g, _ := gItems[i].(*data.Object)
			// Compare the parts of the item the expectation names, in its
			// order: key order matters inside json and binary, which are
			// n8n's, not in the item's shell.
			view := data.NewObject(w.Len())
			for _, k := range w.Keys() {
				if gv, ok := g.Get(k); ok {
					view.Set(k, gv)
				}
			}
			for _, d := range golden.CompareValues(w, view, opts) {
				out = append(out, fmt.Sprintf("%s item %d: %s", at, i, d))
			}
		}
		for i := len(gItems); i < len(wItems); i++ {
			out = append(out, fmt.Sprintf("%s item %d: missing, want %s", at, i, showJSON(wItems[i])))
		}
		for i := len(wItems); i < len(gItems); i++ {
			out = append(out, fmt.Sprintf("%s item %d: unexpected %s", at, i, showJSON(gItems[i])))
		}
	}
	return out
}

func showJSON(v any) string {
	b, err := data.MarshalValue(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	const limit = 200
	if len(b) > limit {
		return string(b[:limit]) + "…"
	}
	return string(b)
}

// decodeObject reads a JSON object's members in file order.
func decodeObject(b []byte) ([]member, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, errors.New("not a JSON object")
	}
	var ms []member
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, _ := tok.(string)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, err
		}
		ms = append(ms, member{key, raw})
	}
	return ms, nil
}

// encodeObject writes members in order, formatted for a case file.
func encodeObject(ms []member) ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range ms {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := data.MarshalValue(m.Key)
		b.Write(k)
		b.WriteByte(':')
		b.Write(m.Value)
	}
	b.WriteByte('}')
	return prettyJSON(b.Bytes())
}
